import {
  AutocompleteInput,
  Labeled,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  required,
  SelectInput,
  TextInput,
} from "react-admin";

import { CycleForm } from "../../components/CycleForm";
import { FigureTitle } from "../../components/titles";
import { ResourceCreate, ResourceEdit, ResourceForm } from "../../components/views";

const FigureInputs = () => (
  <>
    <NumberInput source="value" helperText="empact.indicator_values.value_help" />
    <TextInput source="text_value" />
  </>
);

export const FigureEdit = () => (
  <ResourceEdit title={<FigureTitle />}>
    <CycleForm
      writableIn={(item, record) =>
        item.reporting_cycle_id === record.reporting_cycle_id && item.action_id === record.action_id
      }
    >
      <Labeled>
        <ReferenceField source="action_id" reference="operational-actions" link="show" />
      </Labeled>
      <Labeled>
        <ReferenceField source="organisation_id" reference="organisations" link={false} />
      </Labeled>
      <Labeled>
        <ReferenceField source="indicator_id" reference="indicators" link={false} />
      </Labeled>
      <FigureInputs />
    </CycleForm>
  </ResourceEdit>
);

export const FigureCreate = () => (
  <ResourceCreate>
    <ResourceForm>
      <ReferenceInput source="reporting_cycle_id" reference="reporting-cycles">
        <SelectInput optionText="code" validate={required()} />
      </ReferenceInput>
      <ReferenceInput source="action_id" reference="operational-actions">
        <AutocompleteInput validate={required()} />
      </ReferenceInput>
      <ReferenceInput source="organisation_id" reference="organisations">
        <AutocompleteInput validate={required()} />
      </ReferenceInput>
      <ReferenceInput source="indicator_id" reference="indicators" filter={{ active: true }}>
        <AutocompleteInput validate={required()} />
      </ReferenceInput>
      <FigureInputs />
    </ResourceForm>
  </ResourceCreate>
);
