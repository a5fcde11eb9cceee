import {
  AutocompleteInput,
  DataTable,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextField,
} from "react-admin";

import { ActionCodeField, DateTimeField, EnumField } from "../../components/fields";
import { ResourceList } from "../../components/views";
import { enumChoices } from "../../enums";

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="reporting_cycle_id" source="reporting_cycle_id" reference="reporting-cycles" alwaysOn>
    <SelectInput optionText="code" />
  </ReferenceInput>,
  <SelectInput key="state" source="state" choices={enumChoices("report_state")} alwaysOn />,
  <SelectInput key="rag_status" source="rag_status" choices={enumChoices("rag_status")} />,
  <ReferenceInput key="action_id" source="action_id" reference="operational-actions">
    <AutocompleteInput />
  </ReferenceInput>,
];

export const ReportList = () => (
  <ResourceList filters={filters} sort={{ field: "id", order: "DESC" }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="reporting_cycle_id">
        <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link={false} />
      </DataTable.Col>
      <DataTable.Col source="action_id">
        <ActionCodeField source="action_id" link={false} />
      </DataTable.Col>
      <DataTable.Col label="resources.operational-actions.fields.title">
        <ReferenceField source="action_id" reference="operational-actions" link={false}>
          <TextField source="title" />
        </ReferenceField>
      </DataTable.Col>
      <DataTable.Col source="state">
        <EnumField source="state" enumName="report_state" />
      </DataTable.Col>
      <DataTable.Col source="rag_status">
        <EnumField source="rag_status" enumName="rag_status" />
      </DataTable.Col>
      <DataTable.Col source="submitted_at">
        <DateTimeField source="submitted_at" />
      </DataTable.Col>
    </DataTable>
  </ResourceList>
);
