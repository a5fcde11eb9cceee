import { Labeled, ReferenceField, SelectInput } from "react-admin";

import { EnumField } from "../../components/fields";
import { LongTextInput } from "../../components/inputs";
import { ResourceEdit, ResourceForm } from "../../components/views";
import { enumChoices } from "../../enums";
import { ReportTitle } from "./ReportTitle";

/** The leader writes the report; submitting it and the review are separate moves. */
export const ReportEdit = () => (
  <ResourceEdit title={<ReportTitle />}>
    <ResourceForm>
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
    </ResourceForm>
  </ResourceEdit>
);
