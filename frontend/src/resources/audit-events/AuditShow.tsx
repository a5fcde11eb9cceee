import { Labeled, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate } from "react-admin";

import { DateTimeField, EnumField, ServerText } from "../../components/fields";
import { enumLabel } from "../../enums";
import { ChangesTable } from "../../components/HistoryPanel";
import type { AuditEvent } from "../../types";
import { RecordName, ResourceName } from "./RecordName";

const EventChanges = (_props: { label: false }) => {
  const event = useRecordContext<AuditEvent>();
  if (!event || Object.keys(event.changes ?? {}).length === 0) {
    return null;
  }
  return (
    <Labeled label="resources.audit-events.fields.changes" fullWidth>
      <ChangesTable resource={event.resource} changes={event.changes} event={event} />
    </Labeled>
  );
};

/** The roles the person held, in words. */
const Roles = (_props: { label: string }) => {
  const event = useRecordContext<AuditEvent>();
  const translate = useTranslate();
  const roles = (event?.roles ?? "").split(/[,\s]+/).filter(Boolean);
  return <>{roles.length ? roles.map((role) => translate(enumLabel("role", role), { _: role })).join(", ") : "–"}</>;
};

/** "Update · Action report · CCH · OA 2.1 ...": what happened to what. */
const AuditTitle = () => {
  const event = useRecordContext<AuditEvent>();
  const translate = useTranslate();
  if (!event) {
    return null;
  }
  return (
    <span>
      {translate("resources.audit-events.name", { smart_count: 1 })}
      {" · "}
      {translate(enumLabel("audit_action", event.action), { _: event.action })}
      {" · "}
      <ResourceName />
    </span>
  );
};

/** One event of the audit trail; the trail itself never changes, so there is no history. */
export const AuditShow = () => (
  <Show title={<AuditTitle />}>
    <SimpleShowLayout>
      <DateTimeField source="occurred_at" />
      <TextField source="username" emptyText="–" />
      <Roles label="resources.audit-events.fields.roles" />
      <EnumField source="action" enumName="audit_action" />
      <ResourceName label="resources.audit-events.fields.resource" />
      <RecordName label="resources.audit-events.fields.record_id" />
      <ServerText source="description" />
      <EventChanges label={false} />
      <EnumField source="source" enumName="audit_source" />
      <TextField source="source_ref" emptyText="–" />
      <TextField source="client_address" emptyText="–" />
      <TextField source="hash" sx={{ fontFamily: "monospace", wordBreak: "break-all" }} />
    </SimpleShowLayout>
  </Show>
);
