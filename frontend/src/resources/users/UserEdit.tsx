import {
  AutocompleteInput,
  BooleanInput,
  Labeled,
  PasswordInput,
  ReferenceInput,
  required,
  TextField,
  TextInput,
} from "react-admin";

import { OptionalTextInput } from "../../components/inputs";
import { ResourceCreate, ResourceEdit, ResourceForm } from "../../components/views";

export const UserEdit = () => (
  <ResourceEdit>
    <ResourceForm>
      <Labeled>
        <TextField source="username" />
      </Labeled>
      <TextInput source="full_name" validate={required()} fullWidth />
      <OptionalTextInput source="email" type="email" fullWidth />
      <BooleanInput source="is_active" />
      <PasswordInput source="password" helperText="empact.users.password_help" autoComplete="new-password" />
    </ResourceForm>
  </ResourceEdit>
);

export const UserCreate = () => (
  <ResourceCreate>
    <ResourceForm defaultValues={{ email: "" }}>
      <TextInput source="username" validate={required()} autoComplete="off" />
      <TextInput source="full_name" validate={required()} fullWidth />
      <OptionalTextInput source="email" type="email" fullWidth />
      <ReferenceInput source="organisation_id" reference="organisations">
        <AutocompleteInput validate={required()} />
      </ReferenceInput>
      <PasswordInput
        source="password"
        helperText="empact.users.new_password_help"
        autoComplete="new-password"
      />
    </ResourceForm>
  </ResourceCreate>
);
