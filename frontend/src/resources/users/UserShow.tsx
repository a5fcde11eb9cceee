import {
  BooleanField,
  CreateButton,
  DataTable,
  DeleteButton,
  EmailField,
  Labeled,
  ReferenceField,
  ReferenceManyField,
  SimpleShowLayout,
  TextField,
  useRecordContext,
} from "react-admin";

import { EnumField } from "../../components/fields";
import { ResourceShow } from "../../components/views";
import { useMay } from "../../providers/access";

const AddGrantButton = (_props: { label: false }) => {
  const record = useRecordContext();
  const mayCreate = useMay("role-grants", "create");
  if (!record || !mayCreate) {
    return null;
  }
  return (
    <CreateButton
      resource="role-grants"
      label="empact.users.add_grant"
      state={{ record: { user_id: record.id } }}
    />
  );
};

export const UserShow = () => (
  <ResourceShow>
    <SimpleShowLayout>
      <TextField source="username" />
      <TextField source="full_name" />
      <EmailField source="email" emptyText="–" />
      <ReferenceField source="organisation_id" reference="organisations" link="show" />
      <BooleanField source="is_active" />
      <Labeled label="empact.sections.grants" fullWidth>
        <ReferenceManyField reference="role-grants" target="user_id">
          <DataTable bulkActionButtons={false} rowClick={false}>
            <DataTable.Col source="role">
              <EnumField source="role" enumName="role" />
            </DataTable.Col>
            <DataTable.Col source="action_plan_id" disableSort>
              <ReferenceField source="action_plan_id" reference="action-plans" link={false} emptyText="–" />
            </DataTable.Col>
            <DataTable.Col source="country_code" />
            <DataTable.Col source="organisation_id" disableSort>
              <ReferenceField source="organisation_id" reference="organisations" link={false} emptyText="–" />
            </DataTable.Col>
            <DataTable.Col>
              <DeleteButton mutationMode="pessimistic" redirect={false} />
            </DataTable.Col>
          </DataTable>
        </ReferenceManyField>
      </Labeled>
      <AddGrantButton label={false} />
    </SimpleShowLayout>
  </ResourceShow>
);
