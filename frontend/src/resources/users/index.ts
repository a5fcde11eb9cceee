// User accounts, managed by administrators, with their roles.
import UserIcon from "@mui/icons-material/People";

import { UserCreate, UserEdit } from "./UserEdit";
import { UserList } from "./UserList";
import { UserShow } from "./UserShow";

export default {
  list: UserList,
  show: UserShow,
  edit: UserEdit,
  create: UserCreate,
  icon: UserIcon,
  recordRepresentation: "username",
};
