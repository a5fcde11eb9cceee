// Operational actions: what an action plan is made of, each led by one organisation.
import ActionIcon from "@mui/icons-material/Assignment";

import { type ActionLike, actionName } from "../../references";
import { ActionCreate, ActionEdit } from "./ActionEdit";
import { ActionList } from "./ActionList";
import { ActionShow } from "./ActionShow";

export default {
  list: ActionList,
  show: ActionShow,
  edit: ActionEdit,
  create: ActionCreate,
  icon: ActionIcon,
  recordRepresentation: (record: ActionLike & { title: string }) =>
    `${actionName(record)} · ${record.title}`,
};
