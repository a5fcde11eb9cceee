import {
  BooleanInput,
  Labeled,
  NumberInput,
  ReferenceInput,
  required,
  SelectInput,
  TextArrayInput,
  TextField,
  TextInput,
} from "react-admin";

import { EnumField } from "../../components/fields";
import { LongTextInput, OptionalTextInput } from "../../components/inputs";
import { ResourceCreate, ResourceEdit, ResourceForm } from "../../components/views";
import { enumChoices } from "../../enums";

/** What an indicator measures and how is fixed once it exists; its wording and order are not. */
export const IndicatorEdit = () => (
  <ResourceEdit>
    <ResourceForm>
      <Labeled>
        <TextField source="code" />
      </Labeled>
      <Labeled>
        <EnumField source="kind" enumName="indicator_kind" />
      </Labeled>
      <TextInput source="name" validate={required()} fullWidth />
      <OptionalTextInput source="name_fr" fullWidth />
      <OptionalTextInput source="unit" />
      <OptionalTextInput source="unit_fr" />
      <LongTextInput source="description" />
      <NumberInput source="position" min={0} step={10} validate={required()} />
      <BooleanInput source="active" />
    </ResourceForm>
  </ResourceEdit>
);

export const IndicatorCreate = () => (
  <ResourceCreate>
    <ResourceForm
      defaultValues={{ aggregation: "sum", position: 0, active: true, min_value: 0, description: "", unit: "" }}
    >
      <ReferenceInput source="policy_cycle_id" reference="policy-cycles">
        <SelectInput optionText="code" validate={required()} />
      </ReferenceInput>
      <TextInput source="code" validate={required()} helperText="empact.help.indicator_code" />
      <TextInput source="name" validate={required()} fullWidth />
      <OptionalTextInput source="name_fr" fullWidth />
      <OptionalTextInput source="unit" />
      <OptionalTextInput source="unit_fr" />
      <SelectInput source="kind" choices={enumChoices("indicator_kind")} validate={required()} />
      <SelectInput source="aggregation" choices={enumChoices("aggregation")} validate={required()} />
      <TextArrayInput source="choices" helperText="empact.help.choices" />
      <NumberInput source="min_value" />
      <NumberInput source="max_value" />
      <LongTextInput source="description" />
      <NumberInput source="position" min={0} step={10} />
      <BooleanInput source="active" />
    </ResourceForm>
  </ResourceCreate>
);
