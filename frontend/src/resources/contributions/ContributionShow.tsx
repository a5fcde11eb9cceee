import { ReferenceField, SimpleShowLayout, TextField } from "react-admin";

import { DateTimeField, EnumField, ParticipationField } from "../../components/fields";
import { ResourceShow } from "../../components/views";
import { ContributionGrid } from "./ContributionGrid";
import { ContributionTitle } from "./ContributionTitle";

export const ContributionShow = () => (
  <ResourceShow title={<ContributionTitle />}>
    <SimpleShowLayout>
      <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link="show" />
      <ParticipationField source="participation_id" />
      <EnumField source="state" enumName="report_state" />
      <TextField source="narrative" sx={{ whiteSpace: "pre-wrap" }} />
      <DateTimeField source="submitted_at" emptyText="–" />
      <DateTimeField source="reviewed_at" emptyText="–" />
      <TextField source="review_comment" sx={{ whiteSpace: "pre-wrap" }} emptyText="–" />
    </SimpleShowLayout>
    <ContributionGrid />
  </ResourceShow>
);
