import { ReferenceInput, required, SelectInput, TextInput } from "react-admin";

import { LongTextInput, OptionalTextInput } from "../../components/inputs";

/** The inputs of a new priority; an existing one keeps its policy cycle. */
export const PriorityInputs = ({ isNew }: { isNew: boolean }) => (
  <>
    {isNew ? (
      <ReferenceInput source="policy_cycle_id" reference="policy-cycles">
        <SelectInput optionText="code" validate={required()} />
      </ReferenceInput>
    ) : null}
    <TextInput source="code" validate={required()} />
    <TextInput source="name" validate={required()} fullWidth />
    <OptionalTextInput source="name_fr" fullWidth />
    <LongTextInput source="description" />
  </>
);
