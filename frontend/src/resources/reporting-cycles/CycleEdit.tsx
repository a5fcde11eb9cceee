import { DateInput, Labeled, ReferenceInput, required, SelectInput, TextField, TextInput } from "react-admin";

import { EnumField } from "../../components/fields";
import { ResourceCreate, ResourceEdit, ResourceForm } from "../../components/views";

const CycleDates = () => (
  <>
    <DateInput source="period_start" validate={required()} />
    <DateInput source="period_end" validate={required()} />
    <DateInput source="opens_on" validate={required()} />
    <DateInput source="due_on" validate={required()} />
    <DateInput source="closes_on" validate={required()} />
  </>
);

/** Only the dates of a cycle change here; its state moves through its flows. */
export const CycleEdit = () => (
  <ResourceEdit>
    <ResourceForm>
      <Labeled>
        <TextField source="code" />
      </Labeled>
      <Labeled>
        <EnumField source="state" enumName="cycle_state" />
      </Labeled>
      <CycleDates />
    </ResourceForm>
  </ResourceEdit>
);

export const CycleCreate = () => (
  <ResourceCreate>
    <ResourceForm>
      <ReferenceInput source="policy_cycle_id" reference="policy-cycles">
        <SelectInput optionText="code" validate={required()} />
      </ReferenceInput>
      <TextInput source="code" validate={required()} helperText="empact.help.cycle_code" />
      <CycleDates />
    </ResourceForm>
  </ResourceCreate>
);
