import {
  AutocompleteInput,
  Labeled,
  ReferenceField,
  ReferenceInput,
  required,
  SelectInput,
  type RaRecord,
} from "react-admin";

import { ParticipationTitle } from "../../components/titles";
import { ResourceCreate, ResourceEdit, ResourceForm } from "../../components/views";
import { enumChoices } from "../../enums";

// The leader's participation follows the action's leader; it is not chosen here.
const roleChoices = enumChoices("participation_role").filter((choice) => choice.id !== "leader");

export const ParticipationEdit = () => (
  <ResourceEdit title={<ParticipationTitle />}>
    <ResourceForm>
      <Labeled>
        <ReferenceField source="action_id" reference="operational-actions" link="show" />
      </Labeled>
      <Labeled>
        <ReferenceField source="organisation_id" reference="organisations" link="show" />
      </Labeled>
      <SelectInput source="role" choices={enumChoices("participation_role")} validate={required()} />
    </ResourceForm>
  </ResourceEdit>
);

/** Back to the action the participant was added to. */
const toAction = (_resource?: string, _id?: unknown, data?: Partial<RaRecord>) =>
  `operational-actions/${data?.action_id}/show/participations`;

export const ParticipationCreate = () => (
  <ResourceCreate redirect={toAction}>
    <ResourceForm defaultValues={{ role: "participant" }}>
      <ReferenceInput source="action_id" reference="operational-actions">
        <AutocompleteInput validate={required()} />
      </ReferenceInput>
      <ReferenceInput source="organisation_id" reference="organisations">
        <AutocompleteInput validate={required()} />
      </ReferenceInput>
      <SelectInput source="role" choices={roleChoices} validate={required()} />
    </ResourceForm>
  </ResourceCreate>
);
