import { SimpleShowLayout, TextField } from "react-admin";

import { EnumField } from "../../components/fields";
import { ResourceShow } from "../../components/views";

export const OrganisationShow = () => (
  <ResourceShow>
    <SimpleShowLayout>
      <TextField source="code" />
      <TextField source="name" />
      <EnumField source="kind" enumName="organisation_kind" />
      <TextField source="country_code" emptyText="–" />
    </SimpleShowLayout>
  </ResourceShow>
);
