// Figures (indicator values): one number or choice per cycle, action, organisation and indicator.
// Read here; typed in the figures grid (a report's, a contribution's, a country's), which
// checks every rule and version for the whole grid at once.
import FigureIcon from "@mui/icons-material/Numbers";

import { FigureList } from "./FigureList";
import { FigureShow } from "./FigureShow";

export default {
  list: FigureList,
  show: FigureShow,
  icon: FigureIcon,
};
