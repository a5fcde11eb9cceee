"""Putting messages in the inbox once, and emailing them through SMTP or the outbox."""

import datetime as dt
import email
import email.policy
import ipaddress
import itertools
import logging
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import SecretStr
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend.access.models import User, UserCreate
from backend.access.service import create_user
from backend.audit.models import AuditSource
from backend.audit.service import system_actor
from backend.notifications import service
from backend.notifications.models import Notification
from backend.notifications.service import deliver_pending, notify
from backend.settings import Settings
from tests.demo_cycles import OPEN_CYCLE
from tests.factories import make_reporting_cycle, organisation
from tests.smtp import Collector, SmtpServer, free_port

_unique = itertools.count(1)


def make_person(session: Session, *, email: str = "", full_name: str = "Anna Schmidt") -> User:
    user = create_user(
        session,
        data=UserCreate(
            username=f"inbox-user-{next(_unique)}",
            full_name=full_name,
            email=email,
            organisation_id=organisation(session, "DE").id or 0,
            password=SecretStr("inbox-password-1"),
        ),
        grants=[],
        actor=system_actor(AuditSource.cli),
    )
    session.commit()
    return user


def stored(session: Session, *, user_id: int | None = None) -> list[Notification]:
    query = select(Notification).order_by(col(Notification.id))
    if user_id is not None:
        query = query.where(col(Notification.user_id) == user_id)
    return list(session.exec(query).all())


def message(session: Session, user: User, key: str = "cycle-7-open", **overrides: Any) -> int:
    """Notify `user` and return the stored message's id."""
    values = {
        "subject": f"Reporting cycle {OPEN_CYCLE} is open",
        "body": "Please report by 15 July.",
    }
    assert user.id is not None
    assert notify(session, user_id=user.id, key=key, **{**values, **overrides})
    (notification_id,) = (n.id for n in stored(session, user_id=user.id) if n.key == key)
    assert notification_id is not None
    return notification_id


def text_of(message: EmailMessage) -> str:
    """The plain-text body, with the wire's CRLF line ends as newlines."""
    content: str = message.get_content()
    return content.replace("\r\n", "\n")


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certificate_file, key_file = folder / "server.pem", folder / "server.key"
    certificate_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certificate_file, key_file


def accept_only(username: str, password: str) -> Any:
    """An aiosmtpd authenticator that knows one account."""

    def authenticate(
        server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        del server, session, envelope, mechanism
        known = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (username, password)
        return AuthResult(success=known)

    return authenticate


class TestNotify:
    def test_same_key_twice_is_one_message(self, session: Session) -> None:
        user = make_person(session)
        assert user.id is not None
        first = notify(session, user_id=user.id, key="cycle-1-open", subject="Open", body="B")
        second = notify(session, user_id=user.id, key="cycle-1-open", subject="Open", body="B")
        assert (first, second) == (True, False)
        assert [n.key for n in stored(session, user_id=user.id)] == ["cycle-1-open"]

    def test_same_key_in_a_later_transaction_is_one_message(self, session: Session) -> None:
        user = make_person(session)
        assert user.id is not None
        notify(session, user_id=user.id, key="k", subject="S", body="B")
        session.commit()
        assert not notify(session, user_id=user.id, key="k", subject="S", body="B")
        assert len(stored(session, user_id=user.id)) == 1

    def test_same_key_for_different_users_is_one_message_each(self, session: Session) -> None:
        users = [make_person(session), make_person(session)]
        for user in users:
            assert user.id is not None
            assert notify(session, user_id=user.id, key="k", subject="S", body="B")
        assert [len(stored(session, user_id=user.id)) for user in users] == [1, 1]

    def test_keeps_the_cycle_and_the_text(self, session: Session) -> None:
        user = make_person(session)
        cycle = make_reporting_cycle(session)
        assert user.id is not None
        notify(
            session,
            user_id=user.id,
            key="k",
            subject="Report due",
            body="Due on 15 July.",
            reporting_cycle_id=cycle.id,
        )
        (notification,) = stored(session, user_id=user.id)
        assert (notification.subject, notification.body) == ("Report due", "Due on 15 July.")
        assert notification.reporting_cycle_id == cycle.id
        assert notification.read_at is None and notification.emailed_at is None

    def test_losing_a_race_returns_false_and_keeps_the_callers_work(
        self, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Another transaction stored the message between the check and the insert."""
        user = make_person(session)
        assert user.id is not None
        notify(session, user_id=user.id, key="k", subject="S", body="B")
        notify(session, user_id=user.id, key="earlier-work", subject="S", body="B")
        checks = iter([False])
        real_exists = service._exists
        monkeypatch.setattr(
            service, "_exists", lambda s, **kw: next(checks, None) or real_exists(s, **kw)
        )
        assert not notify(session, user_id=user.id, key="k", subject="S", body="B")
        session.commit()
        assert sorted(n.key for n in stored(session, user_id=user.id)) == ["earlier-work", "k"]

    def test_unknown_user_is_an_error(self, session: Session) -> None:
        with pytest.raises(IntegrityError):
            notify(session, user_id=2**31 - 1, key="k", subject="S", body="B")


class TestDeliverBySmtp:
    def test_sends_each_message_to_its_user(
        self, session: Session, smtp_server: SmtpServer
    ) -> None:
        anna = make_person(session, email="anna@example.org", full_name="Anna Schmidt")
        jorg = make_person(session, email="jorg@example.de", full_name="Jörg Müller")
        anna_message = message(session, anna, subject="Cycle open", body="Please report.")
        message(session, jorg, subject="Report returned", body="See the driver's remarks.")

        assert deliver_pending(session, settings=smtp_server.settings) == 2

        envelopes = smtp_server.handler.received
        assert [e.rcpt_tos for e in envelopes] == [["anna@example.org"], ["jorg@example.de"]]
        assert {e.mail_from for e in envelopes} == {"empact@localhost"}
        first, second = smtp_server.handler.messages()
        assert first["To"].addresses[0].display_name == "Anna Schmidt"
        assert second["To"].addresses[0].display_name == "Jörg Müller"
        assert str(first["From"]) == "EMPACT <empact@localhost>"
        assert (first["Subject"], second["Subject"]) == ("Cycle open", "Report returned")
        assert first["Auto-Submitted"] == "auto-generated"
        assert first["Message-ID"].startswith(f"<empact.notification.{anna_message}.")
        assert first["Message-ID"] != second["Message-ID"]
        assert first["Date"] is not None
        assert text_of(first) == f"Please report.\n\n-- \n{service.FOOTER}\n"

    def test_marks_sent_messages_and_sends_nothing_twice(
        self, session: Session, smtp_server: SmtpServer
    ) -> None:
        anna = make_person(session, email="anna@example.org")
        message(session, anna)
        deliver_pending(session, settings=smtp_server.settings)

        assert deliver_pending(session, settings=smtp_server.settings) == 0
        assert len(smtp_server.handler.received) == 1
        assert all(n.emailed_at is not None for n in stored(session, user_id=anna.id))

    def test_a_resend_carries_the_same_message_id(
        self, session: Session, smtp_server: SmtpServer
    ) -> None:
        anna = make_person(session, email="anna@example.org")
        notification_id = message(session, anna)
        deliver_pending(session, settings=smtp_server.settings)
        notification = session.get(Notification, notification_id)
        assert notification is not None
        notification.emailed_at = None  # as if the transaction that marked it had rolled back
        deliver_pending(session, settings=smtp_server.settings)

        first, again = smtp_server.handler.messages()
        assert first["Message-ID"] == again["Message-ID"]

    def test_user_without_email_only_gets_the_inbox(
        self, session: Session, smtp_server: SmtpServer
    ) -> None:
        silent = make_person(session, email="")
        anna = make_person(session, email="anna@example.org")
        message(session, silent)
        message(session, anna)

        assert deliver_pending(session, settings=smtp_server.settings) == 1
        assert [e.rcpt_tos for e in smtp_server.handler.received] == [["anna@example.org"]]
        # Left unmarked: emailed once the user has an address.
        assert [n.emailed_at for n in stored(session, user_id=silent.id)] == [None]

    def test_deactivated_user_gets_no_email(
        self, session: Session, smtp_server: SmtpServer
    ) -> None:
        gone = make_person(session, email="gone@example.org")
        gone.is_active = False
        message(session, gone)

        assert deliver_pending(session, settings=smtp_server.settings) == 0
        assert smtp_server.handler.received == []

    def test_refused_recipient_is_logged_and_left_for_the_next_run(
        self, session: Session, smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture
    ) -> None:
        smtp_server.handler.refused.add("bounced@example.org")
        bounced = make_person(session, email="bounced@example.org")
        anna = make_person(session, email="anna@example.org")
        bounced_message = message(session, bounced)
        message(session, anna)

        with caplog.at_level(logging.WARNING, logger="empact.notifications"):
            assert deliver_pending(session, settings=smtp_server.settings) == 1

        assert [e.rcpt_tos for e in smtp_server.handler.received] == [["anna@example.org"]]
        assert [n.emailed_at for n in stored(session, user_id=bounced.id)] == [None]
        assert f"notification {bounced_message}" in caplog.text
        assert "550" in caplog.text and "No such mailbox" in caplog.text

        smtp_server.handler.refused.clear()
        assert deliver_pending(session, settings=smtp_server.settings) == 1

    def test_stopped_server_sends_nothing_and_marks_nothing(
        self, session: Session, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        anna = make_person(session, email="anna@example.org")
        message(session, anna)
        port = free_port()
        controller = Controller(Collector(), hostname="127.0.0.1", port=port)
        controller.start()
        controller.stop()
        settings = Settings(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=port)

        with caplog.at_level(logging.ERROR, logger="empact.notifications"):
            assert deliver_pending(session, settings=settings) == 0

        assert [n.emailed_at for n in stored(session, user_id=anna.id)] == [None]
        assert "1 of 1 messages left for the next run" in caplog.text
        assert not (tmp_path / "outbox").exists()

    def test_invalid_address_is_logged_and_others_are_sent(
        self, session: Session, smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture
    ) -> None:
        broken = make_person(session, email="not an address")
        anna = make_person(session, email="anna@example.org")
        message(session, broken)
        message(session, anna)

        with caplog.at_level(logging.ERROR, logger="empact.notifications"):
            assert deliver_pending(session, settings=smtp_server.settings) == 1

        assert f"cannot be emailed to user {broken.id}" in caplog.text
        assert [n.emailed_at for n in stored(session, user_id=broken.id)] == [None]

    def test_line_breaks_in_a_subject_cannot_add_headers(
        self, session: Session, smtp_server: SmtpServer
    ) -> None:
        anna = make_person(session, email="anna@example.org")
        message(session, anna, subject="Cycle open\nBcc: someone@example.net")

        deliver_pending(session, settings=smtp_server.settings)

        (sent,) = smtp_server.handler.messages()
        assert sent["Bcc"] is None
        assert sent["Subject"] == "Cycle open Bcc: someone@example.net"
        assert [e.rcpt_tos for e in smtp_server.handler.received] == [["anna@example.org"]]


class TestDeliverOverTls:
    @pytest.fixture
    def certificate(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
        """The server's TLS context; the client trusts its self-signed certificate."""
        certificate_file, key_file = self_signed_certificate(tmp_path)
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_context.load_cert_chain(certificate_file, key_file)
        # OpenSSL's own variable: the client's default context trusts this file only.
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate_file))
        return server_context

    @pytest.mark.parametrize("security", ["starttls", "ssl"])
    @pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
    def test_signs_in_over_tls_and_sends(
        self,
        session: Session,
        tmp_path: Path,
        certificate: ssl.SSLContext,
        security: Literal["starttls", "ssl"],
    ) -> None:
        anna = make_person(session, email="anna@example.org")
        message(session, anna)
        handler, port = Collector(), free_port()
        tls: dict[str, Any] = (
            {"tls_context": certificate, "require_starttls": True}
            if security == "starttls"
            # aiosmtpd only counts STARTTLS as TLS for AUTH; this connection is TLS throughout.
            else {"ssl_context": certificate, "auth_require_tls": False}
        )
        controller = Controller(
            handler,
            hostname="127.0.0.1",
            port=port,
            auth_required=True,
            authenticator=accept_only("empact", "mail-password"),
            **tls,
        )
        controller.start()
        try:
            settings = Settings(
                data_dir=tmp_path,
                smtp_host="127.0.0.1",
                smtp_port=port,
                smtp_security=security,
                smtp_username="empact",
                smtp_password=SecretStr("mail-password"),
            )
            assert deliver_pending(session, settings=settings) == 1
        finally:
            controller.stop()
        assert [e.rcpt_tos for e in handler.received] == [["anna@example.org"]]

    def test_untrusted_certificate_sends_nothing(
        self,
        session: Session,
        tmp_path: Path,
        certificate: ssl.SSLContext,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        monkeypatch.undo()  # the client trusts only the usual authorities again
        anna = make_person(session, email="anna@example.org")
        message(session, anna)
        handler, port = Collector(), free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, tls_context=certificate)
        controller.start()
        try:
            settings = Settings(
                data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=port, smtp_security="starttls"
            )
            with caplog.at_level(logging.ERROR, logger="empact.notifications"):
                assert deliver_pending(session, settings=settings) == 0
        finally:
            controller.stop()
        assert handler.received == []
        assert "SSLCertVerificationError" in caplog.text


class TestDeliverToOutbox:
    def test_writes_one_eml_file_per_message(
        self, session: Session, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        anna = make_person(session, email="anna@example.org", full_name="Anna Schmidt")
        jorg = make_person(session, email="jorg@example.de", full_name="Jörg Müller")
        anna_message = message(session, anna, subject="Cycle open", body="Please report.")
        message(session, jorg, subject="Report returned", body="Ä remark.")
        settings = Settings(data_dir=tmp_path, smtp_host="")

        with caplog.at_level(logging.INFO, logger="empact.notifications"):
            assert deliver_pending(session, settings=settings) == 2

        outbox = tmp_path / "outbox"
        files = sorted(outbox.iterdir())
        assert [path.suffix for path in files] == [".eml", ".eml"]
        assert files[0].name.endswith(f"-{anna_message}.eml")
        first, second = (
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in files
        )
        assert first["To"].addresses[0].addr_spec == "anna@example.org"
        assert second["To"].addresses[0].display_name == "Jörg Müller"
        assert (first["Subject"], second["Subject"]) == ("Cycle open", "Report returned")
        assert text_of(first) == f"Please report.\n\n-- \n{service.FOOTER}\n"
        assert text_of(second).startswith("Ä remark.\n")
        assert first["Auto-Submitted"] == "auto-generated"
        assert b"\r\n" in files[0].read_bytes()  # RFC 5322 line ends
        assert [r.getMessage() for r in caplog.records if r.levelno == logging.INFO] == [
            f"no SMTP configured: 2 messages written to {outbox}"
        ]
        assert all(n.emailed_at is not None for n in stored(session, user_id=anna.id))

    def test_a_second_run_writes_nothing(self, session: Session, tmp_path: Path) -> None:
        anna = make_person(session, email="anna@example.org")
        message(session, anna)
        settings = Settings(data_dir=tmp_path, smtp_host="")
        deliver_pending(session, settings=settings)

        assert deliver_pending(session, settings=settings) == 0
        assert len(list((tmp_path / "outbox").iterdir())) == 1

    def test_unwritable_outbox_is_logged_and_marks_nothing(
        self, session: Session, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        anna = make_person(session, email="anna@example.org")
        message(session, anna)
        (tmp_path / "outbox").write_text("a file where the folder should be")
        settings = Settings(data_dir=tmp_path, smtp_host="")

        with caplog.at_level(logging.ERROR, logger="empact.notifications"):
            assert deliver_pending(session, settings=settings) == 0

        assert "1 messages left for the next run" in caplog.text
        assert [n.emailed_at for n in stored(session, user_id=anna.id)] == [None]
