import {
  AutocompleteInput,
  DataTable,
  ReferenceField,
  ReferenceInput,
  SelectInput,
} from "react-admin";

import { CountryInput } from "../../components/CountryInput";
import {
  ActionCodeField,
  EnumField,
  LocaleNumberField,
  OrganisationCodeField,
} from "../../components/fields";
import { ResourceList } from "../../components/views";
import { enumChoices } from "../../enums";

const filters = [
  <ReferenceInput key="reporting_cycle_id" source="reporting_cycle_id" reference="reporting-cycles" alwaysOn>
    <SelectInput optionText="code" />
  </ReferenceInput>,
  <ReferenceInput key="action_id" source="action_id" reference="operational-actions" alwaysOn>
    <AutocompleteInput />
  </ReferenceInput>,
  <CountryInput key="country_code" source="country_code" alwaysOn />,
  <ReferenceInput key="organisation_id" source="organisation_id" reference="organisations">
    <AutocompleteInput />
  </ReferenceInput>,
  <ReferenceInput key="indicator_id" source="indicator_id" reference="indicators">
    <AutocompleteInput />
  </ReferenceInput>,
  <SelectInput key="source" source="source" choices={enumChoices("value_source")} />,
];

export const FigureList = () => (
  <ResourceList filters={filters} sort={{ field: "id", order: "DESC" }}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="reporting_cycle_id">
        <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link={false} />
      </DataTable.Col>
      <DataTable.Col source="action_id" disableSort>
        <ActionCodeField source="action_id" />
      </DataTable.Col>
      <DataTable.Col source="organisation_id" disableSort>
        <OrganisationCodeField source="organisation_id" />
      </DataTable.Col>
      <DataTable.Col source="indicator_id" disableSort>
        <ReferenceField source="indicator_id" reference="indicators" link={false} />
      </DataTable.Col>
      <DataTable.Col source="value">
        <LocaleNumberField source="value" />
      </DataTable.Col>
      <DataTable.Col source="text_value" />
      <DataTable.Col source="source">
        <EnumField source="source" enumName="value_source" />
      </DataTable.Col>
    </DataTable>
  </ResourceList>
);
