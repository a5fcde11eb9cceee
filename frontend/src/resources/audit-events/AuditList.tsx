import {
  DataTable,
  DateInput,
  NumberInput,
  SearchInput,
  SelectInput,
  TextInput,
} from "react-admin";

import { DateTimeField, EnumField, ServerText } from "../../components/fields";
import { ResourceList } from "../../components/views";
import { enumChoices } from "../../enums";
import { RecordName, ResourceName } from "./RecordName";

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TextInput key="username" source="username" alwaysOn />,
  <SelectInput key="action" source="action" choices={enumChoices("audit_action")} alwaysOn />,
  <TextInput key="resource" source="resource" />,
  <NumberInput key="record_id" source="record_id" />,
  <SelectInput key="source" source="source" choices={enumChoices("audit_source")} />,
  <DateInput key="occurred_at_gte" source="occurred_at_gte" />,
  <DateInput key="occurred_at_lt" source="occurred_at_lt" />,
];

export const AuditList = () => (
  <ResourceList filters={filters} sort={{ field: "id", order: "DESC" }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="occurred_at">
        <DateTimeField source="occurred_at" />
      </DataTable.Col>
      <DataTable.Col source="username" />
      <DataTable.Col source="action">
        <EnumField source="action" enumName="audit_action" />
      </DataTable.Col>
      <DataTable.Col source="resource">
        <ResourceName />
      </DataTable.Col>
      <DataTable.Col source="record_id" disableSort>
        <RecordName />
      </DataTable.Col>
      <DataTable.Col source="source">
        <EnumField source="source" enumName="audit_source" />
      </DataTable.Col>
      <DataTable.Col source="description" disableSort>
        <ServerText source="description" />
      </DataTable.Col>
    </DataTable>
  </ResourceList>
);
