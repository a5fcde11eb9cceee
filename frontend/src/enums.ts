// The backend's enumerations, read from the English messages so that a value and its label
// cannot drift apart: the keys of empact.enums.<name> are the values.
import en from "./i18n/en";

export type EnumName = keyof typeof en.empact.enums;

export const enumValues = (name: EnumName): string[] => Object.keys(en.empact.enums[name]);

export const enumLabel = (name: EnumName, value: string): string =>
  `empact.enums.${name}.${value}`;

/** Choices for a SelectInput; react-admin translates each name. */
export const enumChoices = (name: EnumName) =>
  enumValues(name).map((value) => ({ id: value, name: enumLabel(name, value) }));

type ChipColour = "default" | "primary" | "secondary" | "success" | "warning" | "info" | "error";

/** Colours that carry meaning: green is done or fine, amber needs attention, red is a problem. */
const COLOURS: Partial<Record<EnumName, Record<string, ChipColour>>> = {
  action_state: { ongoing: "info", completed: "success", cancelled: "error" },
  cycle_state: { open: "success", closed: "warning", consolidated: "primary" },
  report_state: {
    draft: "info",
    submitted: "primary",
    returned: "warning",
    accepted: "success",
    missing: "error",
  },
  rag_status: { green: "success", amber: "warning", red: "error" },
  upload_status: { planned: "info", rejected: "error", applied: "success", reverted: "warning" },
  cell_outcome: { new: "info", changed: "primary", conflict: "warning", rejected: "error" },
  audit_action: { delete: "error", login_failed: "warning", denied: "error" },
  participation_role: { leader: "primary", co_leader: "secondary" },
};

export const enumColour = (name: EnumName, value: string): ChipColour =>
  COLOURS[name]?.[value] ?? "default";
