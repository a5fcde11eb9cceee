import { Labeled, ReferenceField, SelectInput } from "react-admin";

import { EnumField } from "../../components/fields";
import { LongTextInput } from "../../components/inputs";
import { CycleForm } from "../../components/CycleForm";
import { ResourceEdit } from "../../components/views";
import { enumChoices } from "../../enums";
import { ReportEditToolbar } from "./ReportActions";
import { ReportTitle } from "./ReportTitle";

/** The leader writes the report, saves it, then submits it (once the changes are saved). */
export const ReportEdit = () => (
  <ResourceEdit title={<ReportTitle />}>
    <CycleForm
      toolbar={<ReportEditToolbar />}
      writableIn={(item, record) => "report_id" in item && item.report_id === record.id}
    >
      <Labeled>
        <ReferenceField source="action_id" reference="operational-actions" link="show" />
      </Labeled>
      <Labeled>
        <EnumField source="state" enumName="report_state" />
      </Labeled>
      <SelectInput source="rag_status" choices={enumChoices("rag_status")} emptyText="–" />
      <LongTextInput source="progress" />
      <LongTextInput source="achievements" />
      <LongTextInput source="obstacles" />
      <LongTextInput source="next_steps" />
    </CycleForm>
  </ResourceEdit>
);
