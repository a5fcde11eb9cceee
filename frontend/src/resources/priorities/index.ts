// Priorities: the Council's crime priorities of a policy cycle.
import PriorityIcon from "@mui/icons-material/Flag";

import { localName } from "../../components/localName";
import { PriorityCreate, PriorityEdit } from "./PriorityEdit";
import { PriorityList } from "./PriorityList";
import { PriorityShow } from "./PriorityShow";

export default {
  list: PriorityList,
  show: PriorityShow,
  edit: PriorityEdit,
  create: PriorityCreate,
  icon: PriorityIcon,
  recordRepresentation: (record: { code: string; name: string; name_fr?: string | null }) =>
    `${record.code}. ${localName(record)}`,
};
