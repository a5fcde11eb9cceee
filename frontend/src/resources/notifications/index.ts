// The signed-in user's inbox: reminders and messages from the reporting cycles.
import NotificationIcon from "@mui/icons-material/Mail";

import { NotificationList } from "./NotificationList";

export default {
  list: NotificationList,
  icon: NotificationIcon,
  recordRepresentation: "subject",
};
