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
  useRecordContext,
  useResourceContext,
  useTranslate,
} from "react-admin";

import { type EnumName, enumColour, enumLabel } from "../enums";
import type { EmpactDataProvider } from "../providers/dataProvider";
import { enumOf, referenceOf } from "../references";
import type { AuditEvent } from "../types";
import { DateTimeField } from "./fields";

/** One stored value as a person reads it: blanks named, ids as the record they point to. */
const ChangeValue = ({
  resource,
  field,
  value,
}: {
  resource: string;
  field: string;
  value: unknown;
}) => {
  const translate = useTranslate();
  if (value === null || value === undefined || value === "") {
    return <em>{translate("empact.history.blank")}</em>;
  }
  if (typeof value === "boolean") {
    return <>{translate(`empact.enums.boolean.${value}`)}</>;
  }
  const reference = referenceOf(field);
  if (reference && typeof value === "number") {
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
  if (Array.isArray(value)) {
    return <>{value.map(String).join(", ")}</>;
  }
  if (typeof value === "object") {
    return <code>{JSON.stringify(value)}</code>;
  }
  return <span style={{ whiteSpace: "pre-wrap" }}>{String(value)}</span>;
};

/** The before and after of each changed field of one event. */
export const ChangesTable = ({
  resource,
  changes,
}: {
  resource: string;
  changes: AuditEvent["changes"];
}) => {
  const translate = useTranslate();
  const entries = Object.entries(changes ?? {});
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
                {translate(`resources.${resource}.fields.${field}`, { _: field })}
              </TableCell>
              <TableCell>
                <ChangeValue resource={resource} field={field} value={before} />
              </TableCell>
              <TableCell>
                <ChangeValue resource={resource} field={field} value={after} />
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
      {event.detail ? (
        <Typography variant="body2" component="span" color="text.secondary">
          {event.detail}
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
                  <ChangesTable resource={resource} changes={event.changes} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};
