import {
  AutocompleteInput,
  BooleanField,
  DataTable,
  NullableBooleanInput,
  ReferenceInput,
  SearchInput,
} from "react-admin";

import { OrganisationCodeField, RecordLink } from "../../components/fields";
import { ResourceList } from "../../components/views";

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="organisation_id" source="organisation_id" reference="organisations" alwaysOn>
    <AutocompleteInput />
  </ReferenceInput>,
  <NullableBooleanInput key="is_active" source="is_active" />,
];

export const UserList = () => (
  <ResourceList filters={filters} sort={{ field: "username", order: "ASC" }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="username">
        <RecordLink source="username" />
      </DataTable.Col>
      <DataTable.Col source="full_name" />
      <DataTable.Col source="email" />
      <DataTable.Col source="organisation_id" disableSort>
        <OrganisationCodeField source="organisation_id" />
      </DataTable.Col>
      <DataTable.Col source="is_active">
        <BooleanField source="is_active" />
      </DataTable.Col>
    </DataTable>
  </ResourceList>
);
