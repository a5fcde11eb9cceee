"""Notifications: put a message in someone's inbox once, and email what is not yet emailed."""

import datetime as dt
import email.policy
import logging
import os
import smtplib
import ssl
from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend import i18n
from backend.access.models import User
from backend.errors import NotFound, record_label
from backend.notifications import texts  # noqa: F401 - its words
from backend.notifications.models import Notification
from backend.resources import ResourceService
from backend.settings import Settings, get_settings

logger = logging.getLogger("empact.notifications")

notifications = ResourceService(
    Notification, search=["subject", "body"], default_sort=("created_at", "DESC")
)

FOOTER = i18n.text("notifications.footer", i18n.Language.en)

# Errors that refuse one message; the connection stays usable for the next one.
MESSAGE_REFUSED = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,
)

Outgoing = list[tuple[Notification, EmailMessage]]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _exists(session: Session, *, user_id: int, key: str) -> bool:
    query = select(col(Notification.id)).where(
        col(Notification.user_id) == user_id, col(Notification.key) == key
    )
    return session.exec(query).first() is not None


def notify(
    session: Session,
    *,
    user_id: int,
    key: str,
    subject: str,
    body: str,
    reporting_cycle_id: int | None = None,
    at: dt.datetime | None = None,
) -> bool:
    """Put a message in the user's inbox unless one with this key is there; True if it is new.
    `at` is when it was written (now by default)."""
    # The query flushes the session first, so a message added earlier in this transaction counts.
    if _exists(session, user_id=user_id, key=key):
        return False
    notification = Notification(
        user_id=user_id,
        key=key,
        subject=subject,
        body=body,
        reporting_cycle_id=reporting_cycle_id,
        created_at=at or now(),
    )
    try:
        # In a savepoint: losing a race with another transaction that stored the same message
        # since the check must not undo the caller's other work.
        with session.begin_nested():
            session.add(notification)
    except IntegrityError:
        if _exists(session, user_id=user_id, key=key):
            return False
        raise  # not the unique constraint: an unknown user or reporting cycle
    return True


def mark_read(session: Session, *, notification_id: int) -> Notification:
    """Mark a message as read; marking it again keeps the first time."""
    notification = session.get(Notification, notification_id)
    if notification is None:
        raise NotFound(
            i18n.message(
                "errors.not_found", record=record_label("notifications"), id=str(notification_id)
            )
        )
    if notification.read_at is None:
        notification.read_at = now()
        session.flush()
    return notification


# ---- email ------------------------------------------------------------------------------


def message_id(notification: Notification, settings: Settings) -> str:
    """The same Message-ID every time this notification is sent, so a resend is recognisable.

    The creation time is part of it: ids start again in a new database, and some mail
    services silently drop a message whose Message-ID they have seen before.
    """
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "localhost"
    created = int(notification.created_at.timestamp() * 1_000_000)
    return f"<empact.notification.{notification.id}.{created}@{domain}>"


def compose(notification: Notification, user: User, settings: Settings) -> EmailMessage:
    """The notification as an email to its user; ValueError if an address is not valid."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = Address(display_name=user.full_name, addr_spec=user.email.strip())
    # A header is one line: line breaks in a subject would otherwise refuse the message.
    message["Subject"] = " ".join(notification.subject.split())
    message["Date"] = format_datetime(notification.created_at)
    message["Message-ID"] = message_id(notification, settings)
    message["Auto-Submitted"] = "auto-generated"
    footer = i18n.text("notifications.footer", user.language)
    message.set_content(f"{notification.body.rstrip()}\n\n-- \n{footer}\n")
    return message


def _pending(session: Session) -> Sequence[tuple[Notification, User]]:
    """Messages not yet emailed to active users who have an address, oldest first.

    The others stay in the inbox only, unmarked: they are emailed if the user later gets an
    address. Deactivated accounts get no email, as their owners may have left.
    """
    query = (
        select(Notification, User)
        .join(User, col(User.id) == col(Notification.user_id))
        .where(col(Notification.emailed_at).is_(None), col(User.email) != "", col(User.is_active))
        .order_by(col(Notification.id))
        # Two concurrent runs on PostgreSQL share the work instead of sending twice.
        .with_for_update(of=Notification, skip_locked=True)
    )
    return session.exec(query).all()


def _smtp_connection(settings: Settings) -> smtplib.SMTP:
    host, port, timeout = settings.smtp_host, settings.smtp_port, settings.smtp_timeout_seconds
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.smtp_security == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if settings.smtp_security == "starttls":
            smtp.starttls(context=context)
        if settings.smtp_username:
            password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
            smtp.login(settings.smtp_username, password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _refusal(error: smtplib.SMTPException) -> str:
    """The server's answer, e.g. '550 5.1.1 No such mailbox'."""

    def text(answer: bytes | str) -> str:
        return answer.decode(errors="replace") if isinstance(answer, bytes) else answer

    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {text(answer)}" for code, answer in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {text(error.smtp_error)}"
    return str(error)


def _send_by_smtp(outgoing: Outgoing, settings: Settings) -> list[Notification]:
    """Send over one connection; what the server refuses or never gets is left unsent."""
    sent: list[Notification] = []
    server = f"{settings.smtp_host}:{settings.smtp_port}"
    try:
        with _smtp_connection(settings) as smtp:
            for notification, message in outgoing:
                try:
                    smtp.send_message(message)
                except MESSAGE_REFUSED as error:
                    logger.warning(
                        "email of notification %s to user %s refused by %s, left for the next "
                        "run: %s",
                        notification.id,
                        notification.user_id,
                        server,
                        _refusal(error),
                    )
                    continue
                sent.append(notification)
    except OSError as error:  # smtplib's errors are OSErrors too
        logger.error(
            "SMTP server %s failed (%s: %s): %d of %d messages left for the next run",
            server,
            type(error).__name__,
            error,
            len(outgoing) - len(sent),
            len(outgoing),
        )
    return sent


def outbox_file_name(notification: Notification) -> str:
    """Unique per notification, and the same on a rerun, which then replaces the file."""
    created = notification.created_at.astimezone(dt.UTC)
    return f"{created:%Y%m%dT%H%M%S%fZ}-{notification.id}.eml"


def _write_to_outbox(outgoing: Outgoing, folder: Path) -> list[Notification]:
    written: list[Notification] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for notification, message in outgoing:
            path = folder / outbox_file_name(notification)
            # Written aside, then renamed: whoever picks up *.eml never reads half a message.
            partial = path.with_name(f".{path.name}.partial")
            partial.write_bytes(message.as_bytes(policy=email.policy.SMTP))
            os.replace(partial, path)
            written.append(notification)
    except OSError as error:
        logger.error(
            "could not write to the outbox %s (%s): %d messages left for the next run",
            folder,
            error,
            len(outgoing) - len(written),
        )
    if written:
        logger.info("no SMTP configured: %d messages written to %s", len(written), folder)
    return written


def deliver_pending(
    session: Session, *, settings: Settings | None = None, at: dt.datetime | None = None
) -> int:
    """Email every message not yet emailed, through SMTP or into the outbox folder.

    Only what was handed to the server (or written) is marked emailed; the rest waits for
    the next run. Returns how many were emailed. Should the caller's transaction roll back
    after sending, the next run sends again under the same Message-ID.
    """
    settings = settings or get_settings()
    outgoing: Outgoing = []
    for notification, user in _pending(session):
        try:
            outgoing.append((notification, compose(notification, user, settings)))
        except ValueError as error:
            logger.error(
                "notification %s cannot be emailed to user %s: %s",
                notification.id,
                notification.user_id,
                error,
            )
    if not outgoing:
        return 0
    if settings.smtp_host:
        delivered = _send_by_smtp(outgoing, settings)
    else:
        delivered = _write_to_outbox(outgoing, settings.data_dir / "outbox")
    emailed_at = at or now()
    for notification in delivered:
        notification.emailed_at = emailed_at
    session.flush()
    return len(delivered)
