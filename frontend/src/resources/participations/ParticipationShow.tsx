import { ReferenceField, SimpleShowLayout } from "react-admin";

import { EnumField } from "../../components/fields";
import { ParticipationTitle } from "../../components/titles";
import { ResourceShow } from "../../components/views";

export const ParticipationShow = () => (
  <ResourceShow title={<ParticipationTitle />}>
    <SimpleShowLayout>
      <ReferenceField source="action_id" reference="operational-actions" link="show" />
      <ReferenceField source="organisation_id" reference="organisations" link="show" />
      <EnumField source="role" enumName="participation_role" />
    </SimpleShowLayout>
  </ResourceShow>
);
