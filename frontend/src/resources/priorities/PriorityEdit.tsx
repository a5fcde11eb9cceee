import { ResourceCreate, ResourceEdit, ResourceForm } from "../../components/views";
import { PriorityInputs } from "./PriorityInputs";

export const PriorityEdit = () => (
  <ResourceEdit>
    <ResourceForm>
      <PriorityInputs isNew={false} />
    </ResourceForm>
  </ResourceEdit>
);

export const PriorityCreate = () => (
  <ResourceCreate>
    <ResourceForm>
      <PriorityInputs isNew />
    </ResourceForm>
  </ResourceCreate>
);
