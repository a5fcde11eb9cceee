// A record's audit history as a readable table: who did what when, and each field's change
// from its old to its new value. Shared by every show page; loaded through the data
// provider's history() method and reloaded whenever the record's version changes.
import {
  Alert,
  Box,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import {
  Loading,
  RecordContextProvider,
  ReferenceField,
  useDataProvider,
  usePermissions,
  useRecordContext,
  useResourceContext,
  useTranslate,
} from "react-admin";

import { type EnumName, enumColour, enumLabel } from "../enums";
import type { EmpactDataProvider } from "../providers/dataProvider";
import { mayRead } from "../providers/access";
import { enumOf, HIDDEN_COLUMNS, referenceOf } from "../references";
import type { AuditEvent } from "../types";
import { DateTimeField } from "./fields";
import { useFormatters } from "./format";

/** A column or key name for a person, where no translation is given: "next_steps" reads
 * "Next steps". */
export const humanize = (name: string): string => {
  const words = name.replace(/_id$/, "").replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One stored value as a person reads it: blanks named, ids as the record they point to,
 * dates and numbers in the chosen language, enumerations translated, never JSON. */
const ChangeValue = ({
  resource,
  field,
  value,
  event,
}: {
  resource: string;
  field: string;
  value: unknown;
  event?: AuditEvent;
}) => {
  const translate = useTranslate();
  const formats = useFormatters();
  const { permissions } = usePermissions();
  if (value === null || value === undefined || value === "") {
    return <em>{translate("empact.history.blank")}</em>;
  }
  if (typeof value === "boolean") {
    return <>{translate(`empact.enums.boolean.${value}`)}</>;
  }
  const reference = referenceOf(field);
  if (reference && typeof value === "number") {
    if (reference === "users" && event && value === event.user_id && event.username) {
      return <>{event.username}</>;
    }
    if (!mayRead(permissions, reference)) {
      return <>{translate("empact.history.not_yours", { _: "–" })}</>;
    }
    return (
      <RecordContextProvider value={{ id: `${field}-${value}`, [field]: value }}>
        <ReferenceField source={field} reference={reference} link={false} />
      </RecordContextProvider>
    );
  }
  const enumName = enumOf(resource, field) as EnumName | undefined;
  if (enumName && typeof value === "string") {
    return <>{translate(enumLabel(enumName, value), { _: value })}</>;
  }
  if (typeof value === "number") {
    return <>{formats.number(value)}</>;
  }
  if (typeof value === "string" && ISO_MOMENT.test(value)) {
    return <>{formats.dateTime(value)}</>;
  }
  if (typeof value === "string" && ISO_DAY.test(value)) {
    return <>{formats.date(value)}</>;
  }
  if (Array.isArray(value)) {
    return (
      <>
        {value.map((item, index) => (
          <span key={index}>
            {index > 0 ? ", " : null}
            <ChangeValue resource={resource} field={field} value={item} event={event} />
          </span>
        ))}
      </>
    );
  }
  if (typeof value === "object") {
    // A structured value (an upload's counts, say): one line per part, named.
    return (
      <Box component="ul" sx={{ m: 0, pl: 2 }}>
        {Object.entries(value as Record<string, unknown>).map(([key, part]) => (
          <li key={key}>
            {translate(`empact.history.keys.${key}`, { _: humanize(key) })}
            {": "}
            <ChangeValue resource={resource} field={key} value={part} event={event} />
          </li>
        ))}
      </Box>
    );
  }
  return <span style={{ whiteSpace: "pre-wrap" }}>{String(value)}</span>;
};

/** The before and after of each changed field of one event. */
export const ChangesTable = ({
  resource,
  changes,
  event,
}: {
  resource: string;
  changes: AuditEvent["changes"];
  event?: AuditEvent;
}) => {
  const translate = useTranslate();
  const entries = Object.entries(changes ?? {}).filter(([field]) => !HIDDEN_COLUMNS.has(field));
  if (entries.length === 0) {
    return null;
  }
  return (
    <Table
      size="small"
      sx={{ tableLayout: "fixed", "& td, & th": { verticalAlign: "top", overflowWrap: "anywhere" } }}
    >
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            {translate("empact.history.field")}
          </TableCell>
          <TableCell component="th" scope="col">
            {translate("empact.history.before")}
          </TableCell>
          <TableCell component="th" scope="col">
            {translate("empact.history.after")}
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map(([field, pair]) => {
          const [before, after] = Array.isArray(pair) ? pair : [undefined, pair];
          return (
            <TableRow key={field}>
              <TableCell component="th" scope="row">
                {translate(`resources.${resource}.fields.${field}`, { _: humanize(field) })}
              </TableCell>
              <TableCell>
                <ChangeValue resource={resource} field={field} value={before} event={event} />
              </TableCell>
              <TableCell>
                <ChangeValue resource={resource} field={field} value={after} event={event} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};

/** What happened, through which channel, with the server's note. */
export const EventSummary = ({ event }: { event: AuditEvent }) => {
  const translate = useTranslate();
  const action = enumLabel("audit_action", event.action);
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: "center", flexWrap: "wrap" }}>
      <Chip
        size="small"
        label={translate(action, { _: event.action })}
        color={enumColour("audit_action", event.action)}
      />
      <Typography variant="body2" component="span">
        {translate("empact.history.via", {
          source: translate(enumLabel("audit_source", event.source), { _: event.source }),
        })}
      </Typography>
      {event.description ? (
        <Typography variant="body2" component="span" color="text.secondary">
          <span data-server-message>{event.description}</span>
        </Typography>
      ) : null}
    </Stack>
  );
};

export const HistoryPanel = () => {
  const record = useRecordContext();
  const resource = useResourceContext();
  const dataProvider = useDataProvider<EmpactDataProvider>();
  const translate = useTranslate();
  const headingId = useId();
  const id = record?.id;
  const { data, isPending, error } = useQuery({
    queryKey: [resource, "history", id, record?.version],
    queryFn: () => dataProvider.history(resource as string, id as string | number),
    enabled: resource !== undefined && id !== undefined,
  });
  if (!record || !resource) {
    return null;
  }
  return (
    <Box component="section" aria-labelledby={headingId} sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" id={headingId} gutterBottom>
        {translate("empact.history.title")}
      </Typography>
      {isPending ? (
        <Loading />
      ) : error ? (
        <Alert severity="error">{translate("empact.history.load_error")}</Alert>
      ) : data.length === 0 ? (
        <Typography variant="body2">{translate("empact.history.empty")}</Typography>
      ) : (
        <Table size="small" aria-labelledby={headingId} sx={{ "& > tbody > tr > td": { verticalAlign: "top" } }}>
          <TableHead>
            <TableRow>
              <TableCell component="th" scope="col">
                {translate("empact.history.when")}
              </TableCell>
              <TableCell component="th" scope="col">
                {translate("empact.history.who")}
              </TableCell>
              <TableCell component="th" scope="col">
                {translate("empact.history.what")}
              </TableCell>
              <TableCell component="th" scope="col">
                {translate("empact.history.changes")}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {[...data].reverse().map((event) => (
              <TableRow key={event.id}>
                <TableCell sx={{ whiteSpace: "nowrap" }}>
                  <RecordContextProvider value={event}>
                    <DateTimeField source="occurred_at" />
                  </RecordContextProvider>
                </TableCell>
                <TableCell>{event.username || translate("empact.history.unknown_user")}</TableCell>
                <TableCell>
                  <EventSummary event={event} />
                </TableCell>
                <TableCell>
                  <ChangesTable resource={resource} changes={event.changes} event={event} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};
