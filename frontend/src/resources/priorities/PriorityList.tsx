import {
  DataTable,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
} from "react-admin";

import { RecordLink } from "../../components/fields";
import { ResourceList } from "../../components/views";

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="policy_cycle_id" source="policy_cycle_id" reference="policy-cycles" alwaysOn>
    <SelectInput optionText="code" />
  </ReferenceInput>,
];

export const PriorityList = () => (
  <ResourceList filters={filters} sort={{ field: "code", order: "ASC" }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="policy_cycle_id">
        <ReferenceField source="policy_cycle_id" reference="policy-cycles" link={false} />
      </DataTable.Col>
      <DataTable.Col source="code">
        <RecordLink source="code" />
      </DataTable.Col>
      <DataTable.Col source="name" />
    </DataTable>
  </ResourceList>
);
