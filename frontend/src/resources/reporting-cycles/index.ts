// Reporting cycles: the six-monthly rounds in which every action reports.
import CycleIcon from "@mui/icons-material/EventRepeat";

import { CycleCreate, CycleEdit } from "./CycleEdit";
import { CycleList } from "./CycleList";
import { CycleShow } from "./CycleShow";

export default {
  list: CycleList,
  show: CycleShow,
  edit: CycleEdit,
  create: CycleCreate,
  icon: CycleIcon,
  recordRepresentation: "code",
};
