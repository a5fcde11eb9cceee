import { Labeled, required, SelectInput, TextField, TextInput } from "react-admin";

import { EnumField } from "../../components/fields";
import { ResourceCreate, ResourceEdit, ResourceForm } from "../../components/views";
import { enumChoices } from "../../enums";

/** Only the name of an organisation changes; its code, kind and country stay. */
export const OrganisationEdit = () => (
  <ResourceEdit>
    <ResourceForm>
      <Labeled>
        <TextField source="code" />
      </Labeled>
      <Labeled>
        <EnumField source="kind" enumName="organisation_kind" />
      </Labeled>
      <TextInput source="name" validate={required()} fullWidth />
    </ResourceForm>
  </ResourceEdit>
);

export const OrganisationCreate = () => (
  <ResourceCreate>
    <ResourceForm>
      <TextInput source="code" validate={required()} />
      <TextInput source="name" validate={required()} fullWidth />
      <SelectInput source="kind" choices={enumChoices("organisation_kind")} validate={required()} />
      <TextInput source="country_code" helperText="empact.help.country_code" />
    </ResourceForm>
  </ResourceCreate>
);
