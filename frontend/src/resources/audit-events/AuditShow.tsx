import { Labeled, NumberField, Show, SimpleShowLayout, TextField, useRecordContext } from "react-admin";

import { DateTimeField, EnumField } from "../../components/fields";
import { ChangesTable } from "../../components/HistoryPanel";
import type { AuditEvent } from "../../types";

const EventChanges = (_props: { label: false }) => {
  const event = useRecordContext<AuditEvent>();
  if (!event || Object.keys(event.changes ?? {}).length === 0) {
    return null;
  }
  return (
    <Labeled label="resources.audit-events.fields.changes" fullWidth>
      <ChangesTable resource={event.resource} changes={event.changes} />
    </Labeled>
  );
};

/** One event of the audit trail; the trail itself never changes, so there is no history. */
export const AuditShow = () => (
  <Show>
    <SimpleShowLayout>
      <DateTimeField source="occurred_at" />
      <TextField source="username" emptyText="–" />
      <TextField source="roles" emptyText="–" />
      <EnumField source="action" enumName="audit_action" />
      <TextField source="resource" emptyText="–" />
      <NumberField source="record_id" options={{ useGrouping: false }} emptyText="–" />
      <TextField source="detail" emptyText="–" />
      <EventChanges label={false} />
      <EnumField source="source" enumName="audit_source" />
      <TextField source="source_ref" emptyText="–" />
      <TextField source="client_address" emptyText="–" />
      <TextField source="hash" sx={{ fontFamily: "monospace", wordBreak: "break-all" }} />
    </SimpleShowLayout>
  </Show>
);
