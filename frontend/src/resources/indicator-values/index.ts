// Figures (indicator values): one number or choice per cycle, action, organisation and indicator.
import FigureIcon from "@mui/icons-material/Numbers";

import { FigureCreate, FigureEdit } from "./FigureEdit";
import { FigureList } from "./FigureList";
import { FigureShow } from "./FigureShow";

export default {
  list: FigureList,
  show: FigureShow,
  edit: FigureEdit,
  create: FigureCreate,
  icon: FigureIcon,
};
