// Action reports: what each operational action reports in a reporting cycle.
import ReportIcon from "@mui/icons-material/Summarize";

import { ReportEdit } from "./ReportEdit";
import { ReportList } from "./ReportList";
import { ReportShow } from "./ReportShow";

export default {
  list: ReportList,
  show: ReportShow,
  edit: ReportEdit,
  icon: ReportIcon,
};
