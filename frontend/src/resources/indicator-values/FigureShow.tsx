import { ReferenceField, SimpleShowLayout, TextField } from "react-admin";

import { EnumField, LocaleNumberField } from "../../components/fields";
import { FigureTitle } from "../../components/titles";
import { ResourceShow } from "../../components/views";

export const FigureShow = () => (
  <ResourceShow title={<FigureTitle />}>
    <SimpleShowLayout>
      <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link="show" />
      <ReferenceField source="action_id" reference="operational-actions" link="show" />
      <ReferenceField source="organisation_id" reference="organisations" link="show" />
      <ReferenceField source="indicator_id" reference="indicators" link="show" />
      <LocaleNumberField source="value" emptyText="–" />
      <TextField source="text_value" emptyText="–" />
      <EnumField source="source" enumName="value_source" />
      <TextField source="source_ref" emptyText="–" />
    </SimpleShowLayout>
  </ResourceShow>
);
