// What the screens offer to whom: the menu and the write buttons follow the backend's policy
// (backend/access/policy.py), which still decides every request; this only avoids offering
// what would be refused.
import { usePermissions } from "react-admin";

import type { Role } from "../types";
import { can } from "./authProvider";

export type WriteOperation = "create" | "update" | "delete";

const EUROPOL: readonly Role[] = ["europol"];
const EUROPOL_MANAGES = { create: EUROPOL, update: EUROPOL, delete: EUROPOL };
const FIGURE_WRITERS: readonly Role[] = ["nec", "participant", "leader"];

const WRITERS: Record<string, Partial<Record<WriteOperation, readonly Role[]>>> = {
  "policy-cycles": EUROPOL_MANAGES,
  priorities: EUROPOL_MANAGES,
  "sub-priorities": EUROPOL_MANAGES,
  "strategic-goals": EUROPOL_MANAGES,
  indicators: EUROPOL_MANAGES,
  organisations: EUROPOL_MANAGES,
  "reporting-cycles": EUROPOL_MANAGES,
  "action-plans": EUROPOL_MANAGES,
  "operational-actions": { create: EUROPOL, update: ["europol", "leader"], delete: EUROPOL },
  participations: {
    create: ["europol", "leader"],
    update: ["europol", "leader"],
    delete: ["europol", "leader"],
  },
  "action-reports": { update: ["leader"] },
  contributions: { update: FIGURE_WRITERS },
  users: { create: ["admin"], update: ["admin"], delete: ["admin"] },
  "role-grants": { create: ["admin"], delete: ["admin"] },
};

/** Whether any of the grants may `operation` some record of `resource`. */
export const may = (permissions: unknown, resource: string, operation: WriteOperation): boolean =>
  can(permissions, WRITERS[resource]?.[operation] ?? []);

export const useMay = (resource: string, operation: WriteOperation): boolean => {
  const { permissions } = usePermissions();
  return may(permissions, resource, operation);
};

/** Who reads the reference data (cycles, priorities...): everyone but an administrator. */
export const DOMAIN_ROLES: readonly Role[] = ["europol", "driver", "leader", "nec", "participant"];

const EVERYONE: readonly Role[] = ["admin", ...DOMAIN_ROLES];

const READERS: Record<string, readonly Role[]> = {
  users: ["admin"],
  "role-grants": ["admin"],
  "audit-events": ["europol", "admin"],
  organisations: EVERYONE,
  notifications: EVERYONE,
};

/** Whether any of the grants may read some record of `resource` (so a name can be looked
 * up rather than refused). */
export const mayRead = (permissions: unknown, resource: string): boolean =>
  can(permissions, READERS[resource] ?? DOMAIN_ROLES);

/** The menu, in order: each resource and the roles that see it there. */
export const MENU: readonly { resource: string; roles: readonly Role[] }[] = [
  { resource: "action-plans", roles: ["europol", "nec", "driver"] },
  { resource: "operational-actions", roles: ["europol", "nec", "leader", "driver", "participant"] },
  { resource: "participations", roles: EUROPOL },
  { resource: "reporting-cycles", roles: EUROPOL },
  { resource: "action-reports", roles: ["europol", "leader", "driver"] },
  { resource: "contributions", roles: ["europol", "nec", "participant"] },
  { resource: "indicator-values", roles: EUROPOL },
  { resource: "uploads", roles: ["europol", "nec"] },
  { resource: "priorities", roles: EUROPOL },
  { resource: "indicators", roles: EUROPOL },
  { resource: "users", roles: ["admin"] },
  { resource: "organisations", roles: ["europol", "admin"] },
  { resource: "audit-events", roles: ["europol", "admin"] },
  { resource: "notifications", roles: EVERYONE },
];
