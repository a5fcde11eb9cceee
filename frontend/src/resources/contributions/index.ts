// Contributions: each participant's narrative for its part of an action in a cycle.
import ContributionIcon from "@mui/icons-material/RateReview";

import { ContributionEdit } from "./ContributionEdit";
import { ContributionList } from "./ContributionList";
import { ContributionShow } from "./ContributionShow";

export default {
  list: ContributionList,
  show: ContributionShow,
  edit: ContributionEdit,
  icon: ContributionIcon,
};
