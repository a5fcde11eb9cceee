import { DataTable, ReferenceField, ReferenceInput, SearchInput, SelectInput } from "react-admin";

import { DateOnlyField, EnumField, RecordLink } from "../../components/fields";
import { ResourceList } from "../../components/views";
import { enumChoices } from "../../enums";

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="policy_cycle_id" source="policy_cycle_id" reference="policy-cycles" alwaysOn>
    <SelectInput optionText="code" />
  </ReferenceInput>,
  <SelectInput key="state" source="state" choices={enumChoices("cycle_state")} alwaysOn />,
];

const dateColumns = ["period_start", "period_end", "opens_on", "due_on", "closes_on"];

export const CycleList = () => (
  <ResourceList filters={filters} sort={{ field: "period_start", order: "DESC" }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="code">
        <RecordLink source="code" />
      </DataTable.Col>
      <DataTable.Col source="policy_cycle_id">
        <ReferenceField source="policy_cycle_id" reference="policy-cycles" link={false} />
      </DataTable.Col>
      {dateColumns.map((source) => (
        <DataTable.Col key={source} source={source}>
          <DateOnlyField source={source} />
        </DataTable.Col>
      ))}
      <DataTable.Col source="state">
        <EnumField source="state" enumName="cycle_state" />
      </DataTable.Col>
    </DataTable>
  </ResourceList>
);
