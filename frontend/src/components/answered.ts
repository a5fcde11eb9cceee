// react-admin's useDataProvider() answers a call that ended the session (401) with a
// placeholder, `{ data: [] }` or `{ data: {} }`, rather than an error, and goes to the sign-in
// page. The custom methods' callers use this to tell that placeholder from a real answer.

/** The answer if it has `key` (a field every real answer has), else null. */
export const answered = <T extends object>(value: T, key: keyof T): T | null =>
  value !== null && typeof value === "object" && key in value ? value : null;

/** A list answer, or an empty list for the placeholder. */
export const answeredList = <T>(value: T[]): T[] => (Array.isArray(value) ? value : []);
