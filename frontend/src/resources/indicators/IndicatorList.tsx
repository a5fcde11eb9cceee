import {
  BooleanField,
  DataTable,
  NullableBooleanInput,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
} from "react-admin";

import { EnumField, RecordLink } from "../../components/fields";
import { ResourceList } from "../../components/views";
import { enumChoices } from "../../enums";

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="policy_cycle_id" source="policy_cycle_id" reference="policy-cycles" alwaysOn>
    <SelectInput optionText="code" />
  </ReferenceInput>,
  <SelectInput key="kind" source="kind" choices={enumChoices("indicator_kind")} />,
  <NullableBooleanInput key="active" source="active" />,
];

export const IndicatorList = () => (
  <ResourceList filters={filters} sort={{ field: "position", order: "ASC" }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="policy_cycle_id">
        <ReferenceField source="policy_cycle_id" reference="policy-cycles" link={false} />
      </DataTable.Col>
      <DataTable.Col source="position" />
      <DataTable.Col source="name">
        <RecordLink source="name" />
      </DataTable.Col>
      <DataTable.Col source="unit" />
      <DataTable.Col source="kind">
        <EnumField source="kind" enumName="indicator_kind" />
      </DataTable.Col>
      <DataTable.Col source="aggregation">
        <EnumField source="aggregation" enumName="aggregation" />
      </DataTable.Col>
      <DataTable.Col source="active">
        <BooleanField source="active" />
      </DataTable.Col>
    </DataTable>
  </ResourceList>
);
