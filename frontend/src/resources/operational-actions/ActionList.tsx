import {
  AutocompleteInput,
  DataTable,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextField,
} from "react-admin";

import { CountryInput } from "../../components/CountryInput";
import { DateOnlyField, EnumField, OrganisationCodeField, RecordLink } from "../../components/fields";
import { ResourceList } from "../../components/views";
import { enumChoices } from "../../enums";

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="action_plan_id" source="action_plan_id" reference="action-plans" alwaysOn>
    <AutocompleteInput />
  </ReferenceInput>,
  <SelectInput key="state" source="state" choices={enumChoices("action_state")} alwaysOn />,
  <ReferenceInput key="priority_id" source="priority_id" reference="priorities">
    <AutocompleteInput />
  </ReferenceInput>,
  <ReferenceInput key="leader_id" source="leader_id" reference="organisations">
    <AutocompleteInput />
  </ReferenceInput>,
  <CountryInput key="participant_country" source="participant_country" />,
];

export const ActionList = () => (
  <ResourceList filters={filters} sort={{ field: "code", order: "ASC" }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="code">
        <RecordLink source="code" />
      </DataTable.Col>
      <DataTable.Col source="title" />
      <DataTable.Col source="action_plan_id" disableSort>
        <ReferenceField source="action_plan_id" reference="action-plans" link="show">
          <TextField source="short_code" />
        </ReferenceField>
      </DataTable.Col>
      <DataTable.Col source="leader_id" disableSort>
        <OrganisationCodeField source="leader_id" />
      </DataTable.Col>
      <DataTable.Col source="state">
        <EnumField source="state" enumName="action_state" />
      </DataTable.Col>
      <DataTable.Col source="start_date">
        <DateOnlyField source="start_date" />
      </DataTable.Col>
      <DataTable.Col source="end_date">
        <DateOnlyField source="end_date" />
      </DataTable.Col>
    </DataTable>
  </ResourceList>
);
