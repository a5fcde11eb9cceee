// Operational action plans (OAPs): one per priority or sub-priority and period.
import ActionPlanIcon from "@mui/icons-material/AccountTree";

import { ActionPlanCreate, ActionPlanEdit } from "./ActionPlanEdit";
import { ActionPlanList } from "./ActionPlanList";
import { ActionPlanShow } from "./ActionPlanShow";

export default {
  list: ActionPlanList,
  show: ActionPlanShow,
  edit: ActionPlanEdit,
  create: ActionPlanCreate,
  icon: ActionPlanIcon,
  recordRepresentation: (record: { code: string; short_code: string }) =>
    `${record.code} (${record.short_code})`,
};
