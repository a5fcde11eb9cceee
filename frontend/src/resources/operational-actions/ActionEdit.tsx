import { ResourceCreate, ResourceEdit, ResourceForm } from "../../components/views";
import { ActionInputs } from "./ActionInputs";

export const ActionEdit = () => (
  <ResourceEdit>
    <ResourceForm>
      <ActionInputs isNew={false} />
    </ResourceForm>
  </ResourceEdit>
);

export const ActionCreate = () => (
  <ResourceCreate>
    <ResourceForm defaultValues={{ state: "planned" }}>
      <ActionInputs isNew />
    </ResourceForm>
  </ResourceCreate>
);
