import {
  DataTable,
  ReferenceField,
  ReferenceManyField,
  SimpleShowLayout,
  TextField,
} from "react-admin";

import { RecordLink } from "../../components/fields";
import { ResourceShow } from "../../components/views";

export const PriorityShow = () => (
  <ResourceShow>
    <SimpleShowLayout>
      <ReferenceField source="policy_cycle_id" reference="policy-cycles" link={false} />
      <TextField source="code" />
      <TextField source="name" />
      <TextField source="name_fr" emptyText="–" />
      <TextField source="description" sx={{ whiteSpace: "pre-wrap" }} />
      <ReferenceManyField
        reference="action-plans"
        target="priority_id"
        label="empact.sections.plans"
        sort={{ field: "code", order: "ASC" }}
      >
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="code">
            <RecordLink source="code" />
          </DataTable.Col>
          <DataTable.Col source="short_code" />
          <DataTable.Col source="period" />
        </DataTable>
      </ReferenceManyField>
    </SimpleShowLayout>
  </ResourceShow>
);
