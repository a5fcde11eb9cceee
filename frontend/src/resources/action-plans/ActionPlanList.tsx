import {
  AutocompleteInput,
  DataTable,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextField,
} from "react-admin";

import { OrganisationCodeField, RecordLink } from "../../components/fields";
import { ResourceList } from "../../components/views";

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="policy_cycle_id" source="policy_cycle_id" reference="policy-cycles" alwaysOn>
    <SelectInput optionText="code" />
  </ReferenceInput>,
  <ReferenceInput key="priority_id" source="priority_id" reference="priorities">
    <AutocompleteInput />
  </ReferenceInput>,
  <ReferenceInput key="driver_id" source="driver_id" reference="organisations">
    <AutocompleteInput />
  </ReferenceInput>,
];

export const ActionPlanList = () => (
  <ResourceList filters={filters} sort={{ field: "code", order: "ASC" }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="code">
        <RecordLink source="code" />
      </DataTable.Col>
      <DataTable.Col source="short_code" />
      <DataTable.Col source="name" />
      <DataTable.Col source="priority_id" disableSort>
        <ReferenceField source="priority_id" reference="priorities" link="show">
          <TextField source="code" />
        </ReferenceField>
      </DataTable.Col>
      <DataTable.Col source="period" />
      <DataTable.Col source="driver_id" disableSort>
        <OrganisationCodeField source="driver_id" />
      </DataTable.Col>
    </DataTable>
  </ResourceList>
);
