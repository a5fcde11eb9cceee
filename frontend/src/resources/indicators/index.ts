// Indicators: the KPI definitions of a policy cycle, in the order forms and workbooks use.
import IndicatorIcon from "@mui/icons-material/Insights";

import { indicatorLabel } from "../../components/localName";
import { IndicatorCreate, IndicatorEdit } from "./IndicatorEdit";
import { IndicatorList } from "./IndicatorList";
import { IndicatorShow } from "./IndicatorShow";

export default {
  list: IndicatorList,
  show: IndicatorShow,
  edit: IndicatorEdit,
  create: IndicatorCreate,
  icon: IndicatorIcon,
  recordRepresentation: (record: Parameters<typeof indicatorLabel>[0]) => indicatorLabel(record),
};
