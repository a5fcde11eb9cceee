import {
  ChipField,
  DataTable,
  Labeled,
  Pagination,
  ReferenceArrayField,
  ReferenceField,
  ReferenceManyField,
  SimpleShowLayout,
  SingleFieldList,
  TextField,
} from "react-admin";

import { DateOnlyField, EnumField, OrganisationCodeField, RecordLink } from "../../components/fields";
import { ResourceShow } from "../../components/views";

export const ActionPlanShow = () => (
  <ResourceShow>
    <SimpleShowLayout>
      <TextField source="code" />
      <TextField source="short_code" />
      <TextField source="name" />
      <ReferenceField source="priority_id" reference="priorities" link="show" />
      <ReferenceField source="sub_priority_id" reference="sub-priorities" link={false} emptyText="–" />
      <TextField source="period" />
      <ReferenceField source="driver_id" reference="organisations" link="show" />
      <ReferenceArrayField source="co_driver_ids" reference="organisations">
        <SingleFieldList linkType="show">
          <ChipField source="code" size="small" />
        </SingleFieldList>
      </ReferenceArrayField>
      <Labeled label="empact.sections.actions" fullWidth>
        <ReferenceManyField
          reference="operational-actions"
          target="action_plan_id"
          sort={{ field: "code", order: "ASC" }}
          perPage={25}
          pagination={<Pagination />}
        >
          <DataTable rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="code">
              <RecordLink source="code" />
            </DataTable.Col>
            <DataTable.Col source="title" />
            <DataTable.Col source="leader_id" disableSort>
              <OrganisationCodeField source="leader_id" />
            </DataTable.Col>
            <DataTable.Col source="state">
              <EnumField source="state" enumName="action_state" />
            </DataTable.Col>
            <DataTable.Col source="end_date">
              <DateOnlyField source="end_date" />
            </DataTable.Col>
          </DataTable>
        </ReferenceManyField>
      </Labeled>
    </SimpleShowLayout>
  </ResourceShow>
);
