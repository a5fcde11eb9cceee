import { DataTable, ReferenceField, ReferenceInput, SearchInput, SelectInput, TextField } from "react-admin";

import { CountryInput } from "../../components/CountryInput";
import { DateTimeField, EnumField, RecordLink } from "../../components/fields";
import { ResourceList } from "../../components/views";
import { enumChoices } from "../../enums";

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="reporting_cycle_id" source="reporting_cycle_id" reference="reporting-cycles" alwaysOn>
    <SelectInput optionText="code" />
  </ReferenceInput>,
  <SelectInput key="status" source="status" choices={enumChoices("upload_status")} alwaysOn />,
  <CountryInput key="country" source="country" />,
];

export const UploadList = () => (
  <ResourceList filters={filters} sort={{ field: "created_at", order: "DESC" }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="created_at">
        <DateTimeField source="created_at" />
      </DataTable.Col>
      <DataTable.Col source="filename">
        <RecordLink source="filename" />
      </DataTable.Col>
      <DataTable.Col source="reporting_cycle_id">
        <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link={false} />
      </DataTable.Col>
      <DataTable.Col source="country">
        <TextField source="country" />
      </DataTable.Col>
      <DataTable.Col source="status">
        <EnumField source="status" enumName="upload_status" />
      </DataTable.Col>
    </DataTable>
  </ResourceList>
);
