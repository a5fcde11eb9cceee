import { DataTable, SearchInput, SelectInput } from "react-admin";

import { EnumField, RecordLink } from "../../components/fields";
import { ResourceList } from "../../components/views";
import { enumChoices } from "../../enums";

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={enumChoices("organisation_kind")} alwaysOn />,
];

export const OrganisationList = () => (
  <ResourceList filters={filters} sort={{ field: "code", order: "ASC" }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="code">
        <RecordLink source="code" />
      </DataTable.Col>
      <DataTable.Col source="name" />
      <DataTable.Col source="kind">
        <EnumField source="kind" enumName="organisation_kind" />
      </DataTable.Col>
      <DataTable.Col source="country_code" />
    </DataTable>
  </ResourceList>
);
