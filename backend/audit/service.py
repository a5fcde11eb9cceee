"""Writing and checking the audit trail: every event seals the previous one with a hash."""

import datetime as dt
import decimal
import enum
import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend import i18n
from backend.audit import texts  # noqa: F401 - the trail's words
from backend.audit.models import AuditAction, AuditEvent, AuditEventPublic, AuditSource
from backend.database import BEGIN_IMMEDIATE, bulk_insert
from backend.settings import server_key

GENESIS = "0" * 64
# Any constant: serialises appends on PostgreSQL so that the chain never forks.
AUDIT_LOCK_KEY = 7_700_215


@dataclass(frozen=True)
class Actor:
    """Who is acting, and through which channel: written on every audit event."""

    source: AuditSource
    user_id: int | None = None
    username: str = ""
    organisation_id: int | None = None
    roles: tuple[str, ...] = ()
    source_ref: str = ""
    client_address: str = ""


def system_actor(source: AuditSource, source_ref: str = "") -> Actor:
    return Actor(source=source, username=f"system:{source}", source_ref=source_ref)


def plain(value: Any) -> Any:
    """A value as it is written into the trail: JSON, and the same after a round trip."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


SEALED = (
    "previous_hash",
    "occurred_at",
    "user_id",
    "username",
    "organisation_id",
    "roles",
    "source",
    "source_ref",
    "client_address",
    "action",
    "resource",
    "record_id",
    "changes",
    "detail",
)


def _seal(event: AuditEvent) -> str:
    fields = {name: getattr(event, name) for name in SEALED}
    fields["detail_message"] = event.detail_message
    return _seal_fields(fields)


def _seal_fields(fields: Mapping[str, Any]) -> str:
    content = dict(fields)
    # Sealed where there is one, so that the events written before messages were kept
    # still match their seal.
    if content.get("detail_message") is None:
        content.pop("detail_message", None)
    content["occurred_at"] = content["occurred_at"].isoformat()
    content["source"] = plain(content["source"])
    content["action"] = plain(content["action"])
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # Keyed: whoever can write to the database but does not hold the server key cannot
    # recompute the chain after changing a row.
    return hmac.new(server_key(), canonical.encode("utf-8"), hashlib.sha256).hexdigest()


Detail = str | i18n.Message


def _detail(detail: Detail) -> tuple[str, dict[str, Any] | None]:
    """The English text kept in `detail`, and the message each reader gets in their language."""
    if isinstance(detail, i18n.Message):
        return detail.render(i18n.Language.en)[:500], i18n.dump(detail)
    return detail[:500], None


def description(event: AuditEvent, language: i18n.Language | str) -> str:
    """What the event says, in the reader's language."""
    if event.detail_message:
        return i18n.load(event.detail_message).render(language)
    return event.detail


def presented(
    events: Sequence[AuditEvent], language: i18n.Language | str
) -> list[AuditEventPublic]:
    return [
        AuditEventPublic.model_validate(event, from_attributes=True).model_copy(
            update={"description": description(event, language)}
        )
        for event in events
    ]


def record(
    session: Session,
    *,
    actor: Actor,
    action: AuditAction,
    resource: str = "",
    record_id: int | None = None,
    changes: Mapping[str, Any] | None = None,
    detail: Detail = "",
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction; `at` is when it happened (now by
    default)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(AUDIT_LOCK_KEY)))
    last = session.exec(
        select(AuditEvent.hash).order_by(col(AuditEvent.id).desc()).limit(1)
    ).first()
    english, keyed = _detail(detail)
    event = AuditEvent(
        occurred_at=at or dt.datetime.now(dt.UTC),
        user_id=actor.user_id,
        username=actor.username,
        organisation_id=actor.organisation_id,
        roles=",".join(actor.roles),
        source=actor.source,
        source_ref=actor.source_ref,
        client_address=actor.client_address,
        action=action,
        resource=resource,
        record_id=record_id,
        changes=plain(dict(changes or {})),
        detail=english,
        detail_message=keyed,
        previous_hash=last or GENESIS,
        hash="",
    )
    event.hash = _seal(event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class Event:
    """One event of a batch written by `record_many`."""

    action: AuditAction
    resource: str = ""
    record_id: int | None = None
    changes: Mapping[str, Any] | None = None
    detail: Detail = ""


def record_many(session: Session, *, actor: Actor, events: Sequence[Event]) -> None:
    """Append a batch of events in the caller's transaction, each sealing the one before, in
    one multi-row INSERT: the same chain as `record` called once per event, without a query
    and a flush per event."""
    if not events:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(AUDIT_LOCK_KEY)))
    previous = (
        session.exec(select(AuditEvent.hash).order_by(col(AuditEvent.id).desc()).limit(1)).first()
        or GENESIS
    )
    now = dt.datetime.now(dt.UTC)
    who = {
        "occurred_at": now,
        "user_id": actor.user_id,
        "username": actor.username,
        "organisation_id": actor.organisation_id,
        "roles": ",".join(actor.roles),
        "source": actor.source,
        "source_ref": actor.source_ref,
        "client_address": actor.client_address,
    }
    rows = []
    for item in events:
        english, keyed = _detail(item.detail)
        row = {
            **who,
            "action": item.action,
            "resource": item.resource,
            "record_id": item.record_id,
            "changes": plain(dict(item.changes or {})),
            "detail": english,
            "detail_message": keyed,
            "previous_hash": previous,
        }
        row["hash"] = previous = _seal_fields(row)
        rows.append(row)
    # Ids are given in the order of the rows, which is the chain's order.
    bulk_insert(session, AuditEvent.__table__, rows)  # type: ignore[attr-defined]


KEEP_KEY = "audit_keep_after_rollback"


def record_even_if_rolled_back(session: Session, **event: Any) -> None:
    """Queue an event that must survive the request failing (denials, failed logins)."""
    session.info.setdefault(KEEP_KEY, []).append(event)


def write_kept_events(session: Session) -> None:
    """After a rollback: write what was queued, in a transaction of its own."""
    kept = session.info.pop(KEEP_KEY, [])
    if not kept:
        return
    if not session.in_transaction():
        session.connection(execution_options=BEGIN_IMMEDIATE)
    for event in kept:
        callback = event.pop("also", None)
        if callback is not None:
            callback(session)
        record(session, **event)
    session.commit()


@dataclass
class BrokenLink:
    event_id: int
    reason: str


@dataclass
class Verification:
    checked: int = 0
    broken: list[BrokenLink] = field(default_factory=list)
    head: tuple[int, str] | None = None

    @property
    def intact(self) -> bool:
        return not self.broken


def _in_order(session: Session, batch: int = 5000) -> Iterator[AuditEvent]:
    last_id = 0
    while True:
        rows = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.id) > last_id)
            .order_by(col(AuditEvent.id))
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id or last_id
        session.expunge_all()


def verify(session: Session, *, expected_head: tuple[int, str] | None = None) -> Verification:
    """Recompute the chain; name every event whose content or link no longer matches.

    A chain cannot show that its newest events were cut off: `expected_head`, an (id, hash)
    noted from an earlier run, must still be there unchanged.
    """
    result = Verification()
    previous = GENESIS
    head_seen = expected_head is None
    for event in _in_order(session):
        result.checked += 1
        assert event.id is not None
        result.head = (event.id, event.hash)
        if expected_head is not None and event.id == expected_head[0]:
            head_seen = True
            if event.hash != expected_head[1]:
                result.broken.append(BrokenLink(event.id, "is not the head noted earlier"))
        if event.previous_hash != previous:
            result.broken.append(
                BrokenLink(
                    event.id, "does not follow the event before it (a row was removed or inserted)"
                )
            )
        elif _seal(event) != event.hash:
            result.broken.append(
                BrokenLink(event.id, "its content was changed after it was written")
            )
        previous = event.hash
    if not head_seen and expected_head is not None:
        result.broken.append(
            BrokenLink(expected_head[0], "was noted as the head earlier and is gone")
        )
    return result


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    return {
        key: [plain(before.get(key)), plain(after.get(key))]
        for key in sorted(set(before) | set(after))
        if plain(before.get(key)) != plain(after.get(key))
    }


def history(session: Session, *, resource: str, record_id: int) -> Sequence[AuditEvent]:
    """What happened to one record, oldest first."""
    return session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.resource) == resource, col(AuditEvent.record_id) == record_id)
        .order_by(col(AuditEvent.id))
    ).all()
