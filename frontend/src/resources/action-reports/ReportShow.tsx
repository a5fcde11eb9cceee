import { type RaRecord, ReferenceField, SimpleShowLayout, TextField } from "react-admin";

import { DateTimeField, EnumField } from "../../components/fields";
import { ResourceShow } from "../../components/views";
import { ReportActions } from "./ReportActions";
import { ReportGrid } from "./ReportGrid";
import { ReportTitle } from "./ReportTitle";

const text = { whiteSpace: "pre-wrap" } as const;

/** A submitted or accepted report changes only after the driver or Europol returns it. */
const editable = (record: RaRecord) => !["submitted", "accepted"].includes(record.state);

export const ReportShow = () => (
  <ResourceShow title={<ReportTitle />} editable={editable} extraActions={<ReportActions />}>
    <SimpleShowLayout>
      <ReferenceField source="action_id" reference="operational-actions" link="show" />
      <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link="show" />
      <EnumField source="state" enumName="report_state" />
      <EnumField source="rag_status" enumName="rag_status" />
      <TextField source="progress" sx={text} />
      <TextField source="achievements" sx={text} />
      <TextField source="obstacles" sx={text} />
      <TextField source="next_steps" sx={text} />
      <DateTimeField source="submitted_at" emptyText="–" />
      <DateTimeField source="reviewed_at" emptyText="–" />
      <TextField source="review_comment" sx={text} emptyText="–" />
    </SimpleShowLayout>
    <ReportGrid />
  </ResourceShow>
);
