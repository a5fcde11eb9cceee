// Role grants: added from a user's page and removed there; no list of their own.
import { GrantCreate } from "./GrantCreate";

export default {
  create: GrantCreate,
};
