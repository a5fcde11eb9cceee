// Participations: which organisation takes part in which action, in which role.
import ParticipationIcon from "@mui/icons-material/Groups";

import { ParticipationCreate, ParticipationEdit } from "./ParticipationEdit";
import { ParticipationList } from "./ParticipationList";
import { ParticipationShow } from "./ParticipationShow";

export default {
  list: ParticipationList,
  show: ParticipationShow,
  edit: ParticipationEdit,
  create: ParticipationCreate,
  icon: ParticipationIcon,
};
