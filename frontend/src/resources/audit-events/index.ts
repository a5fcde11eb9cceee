// The audit trail: every change, sign-in and refusal, read-only.
import AuditIcon from "@mui/icons-material/History";

import { AuditList } from "./AuditList";
import { AuditShow } from "./AuditShow";

export default {
  list: AuditList,
  show: AuditShow,
  icon: AuditIcon,
  recordRepresentation: (record: { id: number; action: string; resource: string }) =>
    `#${record.id}`,
};
