import { Labeled, ReferenceField, TextField } from "react-admin";

import { EnumField, ParticipationField } from "../../components/fields";
import { LongTextInput } from "../../components/inputs";
import { CycleForm } from "../../components/CycleForm";
import { ResourceEdit } from "../../components/views";
import { ContributionGrid } from "./ContributionGrid";
import { ContributionTitle } from "./ContributionTitle";

export const ContributionEdit = () => (
  <ResourceEdit title={<ContributionTitle />}>
    <CycleForm
      writableIn={(item, record) =>
        "contribution_id" in item && item.contribution_id === record.id
      }
    >
      <Labeled>
        <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link={false} />
      </Labeled>
      <Labeled>
        <ParticipationField source="participation_id" />
      </Labeled>
      <Labeled>
        <EnumField source="state" enumName="report_state" />
      </Labeled>
      <Labeled>
        <TextField source="review_comment" sx={{ whiteSpace: "pre-wrap" }} emptyText="–" />
      </Labeled>
      <LongTextInput source="narrative" minRows={6} />
    </CycleForm>
    <ContributionGrid />
  </ResourceEdit>
);
