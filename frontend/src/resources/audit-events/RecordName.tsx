// What an audit event is about, named as people name it: the resource in words ("Action
// report") and the record by its name ("CCH · OA 2.1 ..."), never by its id.
import { ReferenceField, useRecordContext, usePermissions, useResourceDefinitions, useTranslate } from "react-admin";

import { mayRead } from "../../providers/access";
import type { AuditEvent } from "../../types";

/** The kind of record, e.g. "Action report". */
export const ResourceName = (_props: { label?: string }) => {
  const event = useRecordContext<AuditEvent>();
  const translate = useTranslate();
  if (!event?.resource) {
    return null;
  }
  return <>{translate(`resources.${event.resource}.name`, { smart_count: 1, _: event.resource })}</>;
};

/** The record itself, by its name where the reader may look it up. */
export const RecordName = (_props: { label?: string }) => {
  const event = useRecordContext<AuditEvent>();
  const definitions = useResourceDefinitions();
  const { permissions } = usePermissions();
  const translate = useTranslate();
  if (!event || event.record_id === null || event.record_id === undefined) {
    return <>–</>;
  }
  // Sign-ins and refusals of an account are about the person who signed in.
  if (event.resource === "users" && event.record_id === event.user_id && event.username) {
    return <>{event.username}</>;
  }
  if (!(event.resource in definitions) || !mayRead(permissions, event.resource)) {
    return <>{translate(`resources.${event.resource}.name`, { smart_count: 1, _: "–" })}</>;
  }
  return (
    <ReferenceField
      source="record_id"
      reference={event.resource}
      link="show"
      emptyText={translate("empact.audit.gone")}
    />
  );
};
