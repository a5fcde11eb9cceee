import {
  BooleanField,
  NumberField,
  ReferenceField,
  SimpleShowLayout,
  TextArrayField,
  TextField,
} from "react-admin";

import { EnumField, IdentifierField, LocaleNumberField } from "../../components/fields";
import { ResourceShow } from "../../components/views";

export const IndicatorShow = () => (
  <ResourceShow>
    <SimpleShowLayout>
      <ReferenceField source="policy_cycle_id" reference="policy-cycles" link={false} />
      <IdentifierField source="code" />
      <TextField source="name" />
      <TextField source="name_fr" emptyText="–" />
      <TextField source="unit" />
      <TextField source="unit_fr" emptyText="–" />
      <EnumField source="kind" enumName="indicator_kind" />
      <EnumField source="aggregation" enumName="aggregation" />
      <TextArrayField source="choices" emptyText="–" />
      <LocaleNumberField source="min_value" emptyText="–" />
      <LocaleNumberField source="max_value" emptyText="–" />
      <TextField source="description" sx={{ whiteSpace: "pre-wrap" }} />
      <NumberField source="position" />
      <BooleanField source="active" />
    </SimpleShowLayout>
  </ResourceShow>
);
