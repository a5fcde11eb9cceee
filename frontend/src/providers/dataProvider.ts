// The simple-REST data provider on /api, with the session cookie, the CSRF header, the
// backend's error messages, and the custom operations that later screens call.
import simpleRestProvider from "ra-data-simple-rest";
import { type DataProvider, fetchUtils, HttpError, type Identifier } from "react-admin";

import type {
  AuditEvent,
  CycleMatrix,
  CycleRun,
  CycleRunStarted,
  CycleStep,
  MatrixFilters,
  MyWork,
  ReportMove,
  UploadChoices,
  UploadDetail,
} from "../types";
import type { FigureGrid, GridCellWrite, GridFilters, GridSaved } from "../figures/types";
import { i18nProvider } from "./i18nProvider";

export const API_URL = "/api";
const CSRF_COOKIE = "csrftoken";
const CSRF_HEADER = "X-CSRF-Token";

/** The value of the readable cookie the server sets at sign-in. */
export const csrfToken = (): string => {
  const prefix = `${CSRF_COOKIE}=`;
  const cookie = document.cookie.split("; ").find((part) => part.startsWith(prefix));
  return cookie ? decodeURIComponent(cookie.slice(prefix.length)) : "";
};

/** The backend's error body: {"error", "detail", "fields": [{field, message}], "request_id"}. */
interface ApiError {
  error?: string;
  detail?: string;
  fields?: { field: string; message: string }[];
  request_id?: string;
}

/** An HttpError whose message is the backend's `detail`, or the translated stale-version
 * message; field errors go to `body.errors` so that forms mark the inputs concerned. */
export const toHttpError = (error: unknown): unknown => {
  if (!(error instanceof HttpError)) {
    // fetch() rejects with a TypeError when the server cannot be reached at all.
    return error instanceof TypeError
      ? new HttpError(i18nProvider.translate("empact.errors.network"), 0)
      : error;
  }
  const body: ApiError = error.body && typeof error.body === "object" ? error.body : {};
  if (error.status === 409 && body.error === "stale_version") {
    return new HttpError(i18nProvider.translate("empact.errors.stale"), 409, body);
  }
  const message =
    body.detail || i18nProvider.translate("empact.errors.generic", { status: error.status });
  const fields = body.fields ?? [];
  if (fields.length === 0) {
    return new HttpError(message, error.status, body);
  }
  const errors: Record<string, unknown> = Object.fromEntries(
    fields.map(({ field, message: text }) => [field, text]),
  );
  errors.root = { serverError: message };
  return new HttpError(message, error.status, { ...body, errors });
};

const withSession = (options: fetchUtils.Options = {}): fetchUtils.Options => {
  const headers = new Headers(options.headers);
  if (!headers.has("Accept")) {
    headers.set("Accept", "application/json");
  }
  const method = (options.method ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "HEAD") {
    headers.set(CSRF_HEADER, csrfToken());
  }
  return { ...options, headers, credentials: "same-origin" };
};

/** fetchJson with the session cookie and CSRF header, throwing the backend's messages. */
export const httpClient = (url: string, options: fetchUtils.Options = {}) =>
  fetchUtils.fetchJson(url, withSession(options)).catch((error: unknown) => {
    throw toHttpError(error);
  });

const postJson = async <T>(path: string, body?: unknown): Promise<T> => {
  const { json } = await httpClient(`${API_URL}${path}`, {
    method: "POST",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return json as T;
};

const getJson = async <T>(path: string): Promise<T> => {
  const { json } = await httpClient(`${API_URL}${path}`);
  return json as T;
};

/** The file name of a download, from `Content-Disposition: attachment; filename="..."`. */
const attachmentName = (disposition: string | null, fallback: string): string => {
  const match = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  return match ? decodeURIComponent(match[1]) : fallback;
};

const saveBlob = (blob: Blob, filename: string): void => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Let the browser start the download before the URL goes.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
};

const base = simpleRestProvider(API_URL, httpClient);

const customMethods = {
  /** The audit history of one record, oldest first as the backend gives it. */
  history: (resource: string, id: Identifier) =>
    getJson<AuditEvent[]>(`/${resource}/${encodeURIComponent(id)}/history`),

  /** Europol moves a cycle on: the flow run starts and the answer comes at once (202). */
  cycleStep: (id: Identifier, step: CycleStep) =>
    postJson<CycleRunStarted>(`/reporting-cycles/${encodeURIComponent(id)}/${step}`),

  /** The cycle's flow runs, newest first. */
  cycleRuns: (id: Identifier) =>
    getJson<CycleRun[]>(`/reporting-cycles/${encodeURIComponent(id)}/runs`),

  /** Submit (the leader), return with a comment or accept (the driver or Europol) a report. */
  reportMove: (id: Identifier, move: ReportMove, comment?: string) =>
    postJson<Record<string, unknown>>(
      `/action-reports/${encodeURIComponent(id)}/${move}`,
      move === "submit" ? undefined : { comment: comment ?? "" },
    ),

  /** Upload a filled workbook; the answer is its plan, nothing is written yet. */
  uploadWorkbook: async (file: File): Promise<UploadDetail> => {
    const form = new FormData();
    form.append("file", file, file.name);
    const { json } = await httpClient(`${API_URL}/uploads`, { method: "POST", body: form });
    return json as UploadDetail;
  },

  uploadPlan: (id: Identifier) =>
    getJson<UploadDetail>(`/uploads/${encodeURIComponent(id)}/plan`),

  /** Write the plan, choosing per conflicting cell between the file and the stored value. */
  applyUpload: (id: Identifier, choices: UploadChoices = {}) =>
    postJson<UploadDetail>(`/uploads/${encodeURIComponent(id)}/apply`, { choices }),

  revertUpload: (id: Identifier) =>
    postJson<UploadDetail>(`/uploads/${encodeURIComponent(id)}/revert`),

  /** Fetch a file (a path under /api, e.g. "/reporting-cycles/2/country-workbook?country=DE")
   * and save it under the name the server gives. */
  download: async (path: string): Promise<string> => {
    const url = path.startsWith(`${API_URL}/`) ? path : `${API_URL}${path}`;
    let response: Response;
    try {
      response = await fetch(url, withSession());
    } catch (error) {
      throw toHttpError(error);
    }
    if (!response.ok) {
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
      throw toHttpError(new HttpError(response.statusText, response.status, body));
    }
    const fallback = url.split("?")[0].split("/").pop() || "download";
    const filename = attachmentName(response.headers.get("Content-Disposition"), fallback);
    saveBlob(await response.blob(), filename);
    return filename;
  },

  /** Mark one of the signed-in user's messages as read. */
  markRead: (id: Identifier) =>
    postJson<Record<string, unknown>>(`/notifications/${encodeURIComponent(id)}/read`),

  /** What the signed-in user owes or reviews in the cycles it can act in. */
  myWork: () => getJson<MyWork>("/my-work"),

  /** The cockpit's actions x participants matrix of a cycle. */
  cycleMatrix: (id: Identifier, filters: MatrixFilters = {}) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) {
      if (value !== undefined && value !== "") {
        query.set(name, String(value));
      }
    }
    const search = query.toString();
    return getJson<CycleMatrix>(
      `/reporting-cycles/${encodeURIComponent(id)}/matrix${search ? `?${search}` : ""}`,
    );
  },

  /** Hand in a contribution (whoever may write its figures). */
  contributionSubmit: (id: Identifier) =>
    postJson<Record<string, unknown>>(`/contributions/${encodeURIComponent(id)}/submit`),

  /** Submit, return with a comment or accept a contribution. */
  contributionMove: (id: Identifier, move: ReportMove, comment?: string) =>
    postJson<Record<string, unknown>>(
      `/contributions/${encodeURIComponent(id)}/${move}`,
      move === "submit" ? undefined : { comment: comment ?? "" },
    ),

  /** The figures of one action, plan or country in a cycle, as the grid shows them. */
  figureGrid: (cycleId: Identifier, filters: GridFilters) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) {
      if (value !== undefined && value !== "") {
        query.set(name, String(value));
      }
    }
    return getJson<FigureGrid>(
      `/reporting-cycles/${encodeURIComponent(cycleId)}/figures?${query.toString()}`,
    );
  },

  /** Save the grid's changed cells, all or nothing. */
  saveFigures: async (cycleId: Identifier, cells: GridCellWrite[]): Promise<GridSaved> => {
    const { json } = await httpClient(
      `${API_URL}/reporting-cycles/${encodeURIComponent(cycleId)}/figures`,
      { method: "PUT", body: JSON.stringify({ cells }) },
    );
    return json as GridSaved;
  },
};

export type EmpactDataProvider = DataProvider & typeof customMethods;

export const dataProvider: EmpactDataProvider = {
  ...base,
  // The backend refuses an update without the version that was read (409 when stale).
  update: (resource, params) =>
    base.update(resource, {
      ...params,
      data: { ...params.data, version: params.data.version ?? params.previousData?.version },
    }),
  ...customMethods,
};
