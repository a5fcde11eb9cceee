import {
  AutocompleteInput,
  DateInput,
  NumberInput,
  ReferenceInput,
  required,
  SelectInput,
  TextInput,
} from "react-admin";

import { LongTextInput, OptionalTextInput } from "../../components/inputs";
import { enumChoices } from "../../enums";

const goalText = (goal: { code: string; name: string }) => `${goal.code}. ${goal.name}`;

export const ActionInputs = ({ isNew }: { isNew: boolean }) => (
  <>
    {isNew ? (
      <ReferenceInput source="action_plan_id" reference="action-plans">
        <AutocompleteInput validate={required()} />
      </ReferenceInput>
    ) : null}
    <TextInput source="code" validate={required()} helperText="empact.help.action_code" />
    <TextInput source="title" validate={required()} fullWidth />
    <LongTextInput source="description" />
    <ReferenceInput source="strategic_goal_id" reference="strategic-goals" perPage={100}>
      <SelectInput optionText={goalText} validate={required()} />
    </ReferenceInput>
    <ReferenceInput source="leader_id" reference="organisations">
      <AutocompleteInput validate={required()} />
    </ReferenceInput>
    <DateInput source="start_date" validate={required()} />
    <DateInput source="end_date" validate={required()} />
    <SelectInput source="state" choices={enumChoices("action_state")} validate={required()} />
    <LongTextInput source="expected_results" />
    <NumberInput source="budget_eur" min={0} step={1000} />
    <OptionalTextInput source="grant_reference" />
  </>
);
