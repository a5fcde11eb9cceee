// What an audit event is about, named as people name it: the resource in words ("Action
// report") and the record by its name ("CCH · OA 2.1 ..."), never by its id.
import { ReferenceField, useRecordContext, usePermissions, useResourceDefinitions, useTranslate } from "react-admin";

import type { ReactNode } from "react";

import { ActionCodeField, ParticipationField } from "../../components/fields";
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

const cycle = <ReferenceField source="reporting_cycle_id" reference="reporting-cycles" link={false} />;

/** Records named by the records they belong to (they have no name of their own). */
const NAMES: Record<string, ReactNode> = {
  "action-reports": (
    <>
      <ActionCodeField source="action_id" link={false} /> · {cycle}
    </>
  ),
  contributions: (
    <>
      <ParticipationField source="participation_id" /> · {cycle}
    </>
  ),
  participations: (
    <>
      <ActionCodeField source="action_id" link={false} /> ·{" "}
      <ReferenceField source="organisation_id" reference="organisations" link={false} />
    </>
  ),
  "indicator-values": (
    <>
      <ReferenceField source="indicator_id" reference="indicators" link={false} /> ·{" "}
      <ActionCodeField source="action_id" link={false} /> · {cycle}
    </>
  ),
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
      // A name made of other records' names links to those; one's own name to the record.
      link={event.resource in NAMES ? false : "show"}
      emptyText={translate("empact.audit.gone")}
    >
      {NAMES[event.resource]}
    </ReferenceField>
  );
};
