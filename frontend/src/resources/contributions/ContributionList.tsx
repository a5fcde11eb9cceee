import {
  AutocompleteInput,
  DataTable,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
} from "react-admin";

import { DateTimeField, EnumField, ParticipationField } from "../../components/fields";
import { ResourceList } from "../../components/views";
import { enumChoices } from "../../enums";

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="reporting_cycle_id" source="reporting_cycle_id" reference="reporting-cycles" alwaysOn>
    <SelectInput optionText="code" />
  </ReferenceInput>,
  <SelectInput key="state" source="state" choices={enumChoices("report_state")} alwaysOn />,
  <ReferenceInput key="action_id" source="action_id" reference="operational-actions">
    <AutocompleteInput />
  </ReferenceInput>,
  <ReferenceInput key="organisation_id" source="organisation_id" reference="organisations">
    <AutocompleteInput />
  </ReferenceInput>,
];

export const ContributionList = () => (
  <ResourceList filters={filters} sort={{ field: "id", order: "DESC" }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="reporting_cycle_id">
        <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link={false} />
      </DataTable.Col>
      <DataTable.Col source="participation_id" disableSort>
        <ParticipationField source="participation_id" />
      </DataTable.Col>
      <DataTable.Col source="state">
        <EnumField source="state" enumName="report_state" />
      </DataTable.Col>
      <DataTable.Col source="submitted_at">
        <DateTimeField source="submitted_at" />
      </DataTable.Col>
    </DataTable>
  </ResourceList>
);
