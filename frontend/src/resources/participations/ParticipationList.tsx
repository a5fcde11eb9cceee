import { AutocompleteInput, DataTable, ReferenceField, ReferenceInput, SelectInput } from "react-admin";

import { CountryInput } from "../../components/CountryInput";
import { EnumField } from "../../components/fields";
import { ResourceList } from "../../components/views";
import { enumChoices } from "../../enums";

const filters = [
  <ReferenceInput key="action_id" source="action_id" reference="operational-actions" alwaysOn>
    <AutocompleteInput />
  </ReferenceInput>,
  <ReferenceInput key="organisation_id" source="organisation_id" reference="organisations" alwaysOn>
    <AutocompleteInput />
  </ReferenceInput>,
  <SelectInput key="role" source="role" choices={enumChoices("participation_role")} alwaysOn />,
  <CountryInput key="country_code" source="country_code" />,
  <ReferenceInput key="action_plan_id" source="action_plan_id" reference="action-plans">
    <AutocompleteInput />
  </ReferenceInput>,
];

export const ParticipationList = () => (
  <ResourceList filters={filters}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="action_id">
        <ReferenceField source="action_id" reference="operational-actions" link="show" />
      </DataTable.Col>
      <DataTable.Col source="organisation_id">
        <ReferenceField source="organisation_id" reference="organisations" link="show" />
      </DataTable.Col>
      <DataTable.Col source="role">
        <EnumField source="role" enumName="participation_role" />
      </DataTable.Col>
    </DataTable>
  </ResourceList>
);
