// The upload wizard's route and menu entry, for App.tsx.
import UploadFileIcon from "@mui/icons-material/UploadFile";
import { Route } from "react-router-dom";

import { RoleGate } from "../components/RoleGate";
import type { ExtraMenuItem } from "../layout/Menu";
import { UploadWizard } from "./UploadWizard";

/** /upload to start, /upload/<id> for the plan of an upload. */
export const uploadRoute = (
  <Route
    key="upload"
    path="/upload/:id?"
    element={
      <RoleGate roles={["nec", "europol"]} title="empact.upload_wizard.menu">
        <UploadWizard />
      </RoleGate>
    }
  />
);

/** National coordinators upload their country's workbook (Europol reads the plans in Uploads). */
export const uploadMenuItem: ExtraMenuItem = {
  to: "/upload",
  label: "empact.upload_wizard.menu",
  icon: <UploadFileIcon />,
  roles: ["nec"],
};
