// Organisations: countries, EU agencies and institutions, third countries and partners.
import OrganisationIcon from "@mui/icons-material/AccountBalance";

import { OrganisationCreate, OrganisationEdit } from "./OrganisationEdit";
import { OrganisationList } from "./OrganisationList";
import { OrganisationShow } from "./OrganisationShow";

export default {
  list: OrganisationList,
  show: OrganisationShow,
  edit: OrganisationEdit,
  create: OrganisationCreate,
  icon: OrganisationIcon,
  recordRepresentation: (record: { code: string; name: string }) =>
    record.name === record.code ? record.code : `${record.name} (${record.code})`,
};
