import { ResourceCreate, ResourceEdit, ResourceForm } from "../../components/views";
import { ActionPlanInputs } from "./ActionPlanInputs";

export const ActionPlanEdit = () => (
  <ResourceEdit>
    <ResourceForm>
      <ActionPlanInputs isNew={false} />
    </ResourceForm>
  </ResourceEdit>
);

export const ActionPlanCreate = () => (
  <ResourceCreate>
    <ResourceForm defaultValues={{ co_driver_ids: [] }}>
      <ActionPlanInputs isNew />
    </ResourceForm>
  </ResourceCreate>
);
