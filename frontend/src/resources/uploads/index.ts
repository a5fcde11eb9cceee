// Uploads: the country workbooks coordinators sent back, each planned before it is applied.
import UploadIcon from "@mui/icons-material/UploadFile";

import { UploadList } from "./UploadList";
import { UploadShow } from "./UploadShow";

export default {
  list: UploadList,
  show: UploadShow,
  icon: UploadIcon,
  recordRepresentation: "filename",
};
