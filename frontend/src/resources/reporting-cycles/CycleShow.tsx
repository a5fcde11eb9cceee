import { ReferenceField, SimpleShowLayout, TextField } from "react-admin";

import { DateOnlyField, EnumField } from "../../components/fields";
import { ResourceShow } from "../../components/views";

export const CycleShow = () => (
  <ResourceShow>
    <SimpleShowLayout>
      <TextField source="code" />
      <ReferenceField source="policy_cycle_id" reference="policy-cycles" link={false} />
      <EnumField source="state" enumName="cycle_state" />
      <DateOnlyField source="period_start" />
      <DateOnlyField source="period_end" />
      <DateOnlyField source="opens_on" />
      <DateOnlyField source="due_on" />
      <DateOnlyField source="closes_on" />
    </SimpleShowLayout>
  </ResourceShow>
);
