"""One mechanism for every resource: list, get, create, update and delete.

A domain's service declares a `ResourceService` for each of its tables (model, rules,
filters); its router hands that to `resource_router`, which serves the react-admin
simple-REST contract. Nothing here commits: the request's session owns the transaction.
"""

import contextvars
import datetime as dt
import decimal
import enum
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Annotated, Any, Generic, TypeVar

import sqlalchemy as sa
from fastapi import APIRouter, Path, Response, status
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel, func, select

import backend.audit.service as audit
from backend import i18n, text
from backend.audit.models import AuditAction
from backend.errors import (
    Conflict,
    EmpactError,
    Forbidden,
    InvalidInput,
    NotFound,
    StaleVersion,
    describe_validation_errors,
    field_label,
    record_label,
)
from backend.listing import ListParams, ListParamsDep, SortOrder, content_range
from backend.records import natural_key

ModelT = TypeVar("ModelT", bound=SQLModel)
FilterFn = Callable[[Any], sa.ColumnElement[bool]]
# Ids are 32-bit on every database we run on.
MAX_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="The record's id")]
Changes = dict[str, list[Any]]

FILTERABLE_TYPES = (int, float, bool, str, decimal.Decimal, dt.date, dt.datetime)
MAX_INTEGER = 2**63 - 1
# A search is a few words: more would make a query no database plans quickly (SQLite refuses
# an expression tree that deep).
MAX_SEARCH_WORDS = 20
MAX_SEARCH_WORD = 100
# Codes people number ("1", "10", "OA 2.10"): sorted as people read them, not as text.
NATURAL_COLUMNS = frozenset({"code", "short_code"})

RANGE_SUFFIXES: dict[str, Callable[[Any, Any], sa.ColumnElement[bool]]] = {
    "_gte": lambda column, value: column >= value,
    "_lte": lambda column, value: column <= value,
    "_gt": lambda column, value: column > value,
    "_lt": lambda column, value: column < value,
}


def as_list(value: Any) -> list[Any]:
    """A filter value as a list: react-admin sends one id or several."""
    return value if isinstance(value, list) else [value]


def _label(table_name: str) -> str:
    """'operational_actions' -> 'operational action'."""
    words = table_name.replace("_", " ")
    if words.endswith("ies"):
        return words[:-3] + "y"
    return words[:-1] if words.endswith("s") else words


def _describe(values: Mapping[str, Any]) -> str:
    return ", ".join(f"{name} {value!r}" for name, value in values.items())


class ResourceService(Generic[ModelT]):
    """Queries and rules shared by every table; subclasses add what is particular."""

    def __init__(
        self,
        model: type[ModelT],
        *,
        validator: type[SQLModel] | None = None,
        search: Sequence[str] = (),
        filters: Mapping[str, FilterFn] | None = None,
        default_sort: tuple[str, SortOrder] = ("id", "ASC"),
    ) -> None:
        self.model = model
        self.table: sa.Table = model.__table__  # type: ignore[attr-defined]
        self.label = _label(self.table.name)
        # The same, in the reader's language once a message is written.
        self.record_label = record_label(self.table.name)
        # The schema whose rules every whole record must satisfy, after an update too.
        self.validator = validator
        self.search = tuple(self.table.c[name] for name in search)
        self.filters = dict(filters or {})
        self.default_sort = default_sort
        self.primary_key: sa.Column[Any] = self.table.c.id
        # The name of the resource in the API, the policy and the audit trail.
        self.resource = self.table.name.replace("_", "-")
        # Columns never copied into the audit trail.
        self.secret_columns: frozenset[str] = frozenset()

    # ---- reading ---------------------------------------------------------------------

    def conditions(self, filters: Mapping[str, Any]) -> list[sa.ColumnElement[bool]]:
        """Translate a react-admin filter object into SQL conditions, or say which key is bad."""
        conditions: list[sa.ColumnElement[bool]] = []
        for key, value in filters.items():
            if key == "q":
                conditions.extend(self._search(value))
            elif key in self.filters:
                conditions.append(self.filters[key](self._custom_value(key, value)))
            elif key in self.table.c:
                conditions.append(self._equals(key, self.table.c[key], value))
            else:
                suffix = next((s for s in RANGE_SUFFIXES if key.endswith(s)), "")
                base = key.removesuffix(suffix) if suffix else ""
                if not base or base not in self.table.c:
                    raise InvalidInput(f"filter.{key}", f"is not a filter of {self.table.name}")
                column = self.table.c[base]
                conditions.append(RANGE_SUFFIXES[suffix](column, self._coerce(key, column, value)))
        return conditions

    def _search(self, value: Any) -> list[sa.ColumnElement[bool]]:
        if not isinstance(value, str):
            raise InvalidInput("filter.q", "must be text")
        if not self.search:
            raise InvalidInput("filter.q", f"free-text search is not offered on {self.table.name}")
        if (found := text.forbidden(value)) is not None:
            raise InvalidInput(
                "filter.q",
                i18n.message("errors.control_character", character=found[1], position=found[0]),
            )
        words = value.split()
        if len(words) > MAX_SEARCH_WORDS or any(len(word) > MAX_SEARCH_WORD for word in words):
            raise InvalidInput(
                "filter.q",
                i18n.message(
                    "errors.search_too_long", words=MAX_SEARCH_WORDS, letters=MAX_SEARCH_WORD
                ),
            )
        return [
            sa.or_(
                *(column.ilike(f"%{_escape_like(word)}%", escape="\\") for column in self.search)
            )
            for word in words
        ]

    def _custom_value(self, key: str, value: Any) -> Any:
        """Custom filters take ids (keys ending in `_id`: whole numbers) or codes (text)."""
        items = as_list(value)
        for item in items:
            if key.endswith("_id"):
                if not isinstance(item, int) or isinstance(item, bool) or not 0 < item <= MAX_ID:
                    raise InvalidInput(f"filter.{key}", f"must be an id, not {item!r}")
            elif not isinstance(item, str) or len(item) > 100 or text.forbidden(item):
                raise InvalidInput(f"filter.{key}", f"must be a code, not {item!r}")
        return value

    def _coerce(self, key: str, column: sa.Column[Any], value: Any) -> Any:
        column_type = column.type
        if isinstance(column_type, sa.Enum) and column_type.enums:
            if value not in column_type.enums:
                raise InvalidInput(
                    f"filter.{key}", f"must be one of {', '.join(column_type.enums)}"
                )
            return value
        # Decorated types (SQLModel's strings, UTC datetimes) answer for their base type.
        python_type = getattr(column_type, "impl", column_type).python_type
        if python_type not in FILTERABLE_TYPES and not issubclass(python_type, enum.Enum):
            # Structured (JSON) columns have no equality a database agrees on.
            raise InvalidInput(f"filter.{key}", f"{self.table.name} cannot be filtered on {key}")
        try:
            coerced = TypeAdapter(python_type).validate_python(value)
        except ValidationError:
            raise InvalidInput(
                f"filter.{key}", f"must be a {python_type.__name__}, not {value!r}"
            ) from None
        if python_type is int and abs(coerced) > MAX_ID:
            raise InvalidInput(f"filter.{key}", f"{value!r} is out of range")
        if python_type is decimal.Decimal and not coerced.is_finite():
            raise InvalidInput(f"filter.{key}", "must be a finite number")
        if isinstance(coerced, dt.datetime):
            if coerced.tzinfo is None:
                coerced = coerced.replace(tzinfo=dt.UTC)  # times without a zone are UTC
            try:
                coerced = coerced.astimezone(dt.UTC)
            except OverflowError:
                raise InvalidInput(f"filter.{key}", f"{value!r} is out of range") from None
        if isinstance(coerced, str) and (found := text.forbidden(coerced)) is not None:
            raise InvalidInput(
                f"filter.{key}",
                i18n.message("errors.control_character", character=found[1], position=found[0]),
            )
        return coerced

    def _equals(self, key: str, column: sa.Column[Any], value: Any) -> sa.ColumnElement[bool]:
        if value is None:
            return column.is_(None)
        if isinstance(value, list):
            return column.in_([self._coerce(key, column, item) for item in value])
        return column == self._coerce(key, column, value)

    def sort_column(self, field: str) -> sa.ColumnElement[Any]:
        # Structured (JSON) columns have no order a database agrees on.
        if field not in self.table.c or isinstance(self.table.c[field].type, sa.JSON):
            raise InvalidInput("sort", f"cannot sort {self.table.name} by '{field}'")
        return self.table.c[field]

    def list(
        self,
        session: Session,
        *,
        params: ListParams,
        scope: sa.ColumnElement[bool] | None = None,
    ) -> tuple[Sequence[ModelT], int]:
        """One page and the total, both counting only the records within `scope`."""
        conditions = self.conditions(params.filter)
        if scope is not None:
            conditions.append(scope)
        total = session.exec(select(func.count()).select_from(self.table).where(*conditions)).one()
        field, direction = (
            (params.sort_field, params.sort_order) if params.sort_field else self.default_sort
        )
        column = self.sort_column(field)
        if field in NATURAL_COLUMNS:
            return self._naturally_sorted(
                session, column, conditions, params=params, descending=direction == "DESC"
            ), total
        order = column.desc() if direction == "DESC" else column.asc()
        query = (
            select(self.model)
            .where(*conditions)
            .order_by(order, self.primary_key.asc())
            .offset(params.start)
            .limit(params.limit)
        )
        return session.exec(query).all(), total

    def _naturally_sorted(
        self,
        session: Session,
        column: sa.ColumnElement[Any],
        conditions: Sequence[sa.ColumnElement[bool]],
        *,
        params: ListParams,
        descending: bool,
    ) -> Sequence[ModelT]:
        """One page in the natural order of a code column: the codes of every match are sorted
        here (no SQL dialect sorts digit runs as numbers), then only the page is loaded."""
        keys = [*session.execute(sa.select(self.primary_key, column).where(*conditions))]
        keys.sort(key=lambda row: row[0])
        keys.sort(key=lambda row: natural_key(row[1] or ""), reverse=descending)
        stop = None if params.limit is None else params.start + params.limit
        page = [row[0] for row in keys[params.start : stop]]
        if not page:
            return []
        found = {
            getattr(record, self.primary_key.name): record
            for record in session.exec(select(self.model).where(self.primary_key.in_(page)))
        }
        return [found[id] for id in page if id in found]

    def read_extras(
        self, session: Session, records: Sequence[ModelT], language: str
    ) -> dict[Any, dict[str, Any]]:
        """Per record id, read-only values its read schema takes from other tables (names that
        say which, such as an action's plan) or writes in the reader's `language`; none by
        default."""
        del session, records, language
        return {}

    def get(self, session: Session, *, id: int) -> ModelT:
        record = session.get(self.model, id)
        if record is None:
            raise NotFound(i18n.message("errors.not_found", record=self.record_label, id=str(id)))
        return record

    def exists(self, session: Session, *, id: int) -> bool:
        query = select(self.primary_key).where(self.primary_key == id)
        return session.exec(query).first() is not None

    def matches(self, session: Session, *, id: int, condition: sa.ColumnElement[bool]) -> bool:
        """Whether record `id` is among the records that `condition` selects."""
        query = select(self.primary_key).where(self.primary_key == id, condition)
        return session.exec(query).first() is not None

    def snapshot(self, record: ModelT) -> dict[str, Any]:
        """The record's stored values, as the audit trail shows them."""
        return {
            column.name: getattr(record, column.name)
            for column in self.table.c
            if column.name not in self.secret_columns and column.name != "version"
        }

    # ---- writing ---------------------------------------------------------------------

    def create(self, session: Session, *, data: SQLModel, actor: audit.Actor) -> ModelT:
        values = _in_range(text.cleaned(data.model_dump()))
        record = self.model(**{k: v for k, v in values.items() if k in self.table.c})
        self.before_write(session, record=record, values=values, is_new=True)
        self.check_references(session, record=record, changed=set(values))
        self.check_rules(session, record=record, changed=set(values), is_new=True)
        self.check_unique(session, record=record)
        session.add(record)
        self._flush(session)
        self.after_write(session, record=record, values=values, is_new=True)
        audit.record(
            session,
            actor=actor,
            action=AuditAction.create,
            resource=self.resource,
            record_id=getattr(record, "id", None),
            changes=audit.diff({}, self.snapshot(record)),
        )
        return record

    def update(self, session: Session, *, id: int, data: SQLModel, actor: audit.Actor) -> ModelT:
        record = self.get(session, id=id)
        before = self.snapshot(record)
        values = _in_range(text.cleaned(data.model_dump(exclude_unset=True)))
        version = values.pop("version", None)
        if version != record.version:  # type: ignore[attr-defined]
            raise StaleVersion(
                i18n.message(
                    "errors.stale_version",
                    record=self.record_label,
                    yours=version,
                    now=record.version,  # type: ignore[attr-defined]
                )
            )
        if self.validator is not None:
            merged = {**record.model_dump(), **values}
            try:
                self.validator.model_validate(merged)
            except ValidationError as error:
                fields = describe_validation_errors(error.errors())
                raise InvalidInput(fields[0]["field"], fields[0]["message"]) from None
        # Checks query the database; they must see it as it is, not half-changed.
        with session.no_autoflush:
            self.before_write(session, record=record, values=values, is_new=False)
            changed = {
                k for k, v in values.items() if k in self.table.c and getattr(record, k) != v
            }
            for key in changed:
                setattr(record, key, values[key])
            self.check_references(session, record=record, changed=changed)
            self.check_rules(session, record=record, changed=changed, is_new=False)
            self.check_unique(session, record=record)
        self.after_write(session, record=record, values=values, is_new=False)
        if session.is_modified(record):
            self._flush(session)
        changes = audit.diff(before, self.snapshot(record))
        changes.update(self.extra_changes(values))
        if changes:
            audit.record(
                session,
                actor=actor,
                action=AuditAction.update,
                resource=self.resource,
                record_id=id,
                changes=changes,
            )
        return record

    def delete(self, session: Session, *, id: int, actor: audit.Actor) -> ModelT:
        record = self.get(session, id=id)
        self.before_delete(session, record=record)
        self.check_not_in_use(session, record=record)
        before = self.snapshot(record)
        session.delete(record)
        self._flush(session)
        audit.record(
            session,
            actor=actor,
            action=AuditAction.delete,
            resource=self.resource,
            record_id=id,
            changes=audit.diff(before, {}),
        )
        return record

    # ---- hooks for what differs between resources -------------------------------------

    def before_write(
        self, session: Session, *, record: ModelT, values: dict[str, Any], is_new: bool
    ) -> None:
        """Adjust a record before it is checked (e.g. fill fields the server decides)."""

    def check_rules(
        self, session: Session, *, record: ModelT, changed: set[str], is_new: bool
    ) -> None:
        """Raise InvalidInput or Conflict when a domain rule is broken."""

    def before_delete(self, session: Session, *, record: ModelT) -> None:
        """Raise Conflict when the record may not be deleted now."""

    def after_write(
        self, session: Session, *, record: ModelT, values: dict[str, Any], is_new: bool
    ) -> None:
        """Keep dependent records in step (e.g. link tables)."""

    def extra_changes(self, values: dict[str, Any]) -> Changes:
        """Changes to audit beyond the record's own columns (e.g. a password was set)."""
        del values
        return {}

    # ---- integrity, checked before the database would refuse ---------------------------

    def check_references(self, session: Session, *, record: ModelT, changed: set[str]) -> None:
        for constraint in self.table.foreign_key_constraints:
            names = [column.name for column in constraint.columns]
            if not changed.intersection(names):
                continue
            values = {name: getattr(record, name) for name in names}
            if any(value is None for value in values.values()):
                continue
            referred = constraint.referred_table
            pairs = [
                (element.column, values[element.parent.name]) for element in constraint.elements
            ]
            exists = session.exec(
                select(sa.literal(1))
                .select_from(referred)
                .where(*(c == v for c, v in pairs), _readable_by_writer(referred))
            ).first()
            if exists is None:
                field = names[-1]
                if len(names) == 1:
                    message = i18n.message(
                        "errors.no_record",
                        record=record_label(referred.name),
                        id=str(values[field]),
                    )
                else:
                    message = i18n.message(
                        "errors.no_record_with",
                        record=record_label(referred.name),
                        values=_describe(values),
                    )
                raise InvalidInput(field, message)

    def check_unique(self, session: Session, *, record: ModelT) -> None:
        for constraint in self.table.constraints:
            if not isinstance(constraint, sa.UniqueConstraint):
                continue
            names = [column.name for column in constraint.columns]
            if "id" in names:
                continue
            values = {name: getattr(record, name) for name in names}
            if any(value is None for value in values.values()):
                continue
            query = select(self.primary_key).where(
                *(self.table.c[name] == value for name, value in values.items())
            )
            record_id = getattr(record, "id", None)
            if record_id is not None:
                query = query.where(self.primary_key != record_id)
            if session.exec(query).first() is not None:
                field = names[-1]
                raise Conflict(
                    i18n.message(
                        "errors.duplicate",
                        record=self.record_label,
                        field=field_label(field),
                        value=repr(values[field]),
                    ),
                    fields=[
                        {
                            "field": field,
                            "message": i18n.message(
                                "errors.already_used", value=repr(values[field])
                            ),
                        }
                    ],
                )

    def check_not_in_use(self, session: Session, *, record: ModelT) -> None:
        for table in self.table.metadata.sorted_tables:
            for constraint in table.foreign_key_constraints:
                if constraint.referred_table is not self.table or constraint.ondelete == "CASCADE":
                    continue
                count = session.exec(
                    select(func.count())
                    .select_from(table)
                    .where(
                        *(
                            element.parent == getattr(record, element.column.name)
                            for element in constraint.elements
                        )
                    )
                ).one()
                if count:
                    raise Conflict(
                        i18n.message(
                            "errors.in_use",
                            record=self.record_label,
                            others=record_label(table.name),
                            count=count,
                        )
                    )

    def _flush(self, session: Session) -> None:
        try:
            session.flush()
        except StaleDataError:
            raise StaleVersion(
                i18n.message("errors.changed_meanwhile", record=self.record_label)
            ) from None
        except IntegrityError as error:
            # A race between our checks and the write; the transaction is rolled back.
            raise Conflict(
                i18n.message(
                    "errors.clash",
                    record=self.record_label,
                    constraint=_constraint_name(error),
                )
            ) from None


# Who writes through the API, while their write is checked: a record they may not read is, to
# them, a record that does not exist (so that no answer tells them it does).
_writer: contextvars.ContextVar[Any] = contextvars.ContextVar("writer", default=None)


@contextmanager
def writing_as(principal: Any) -> Iterator[None]:
    token = _writer.set(principal)
    try:
        yield
    finally:
        _writer.reset(token)


def _readable_by_writer(referred: sa.Table) -> sa.ColumnElement[bool]:
    """The rows of `referred` the writer may read; all of them outside the API (flows, the
    command line) and for reference data that everyone reads."""
    from backend.access.policy import POLICY, Operation, condition

    principal = _writer.get()
    resource = referred.name.replace("_", "-")
    if principal is None or resource not in POLICY:
        return sa.true()
    return condition(principal, resource, Operation.read)


def _in_range(values: dict[str, Any]) -> dict[str, Any]:
    """Whole numbers a database column can hold (64 bits); beyond, a 422 naming the field
    rather than the driver's overflow."""
    for key, value in values.items():
        largest = MAX_ID if key.endswith("_id") or key.endswith("_ids") else MAX_INTEGER
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, int) and not isinstance(item, bool) and abs(item) > largest:
                raise InvalidInput(key, i18n.message("errors.out_of_range"))
    return values


def _escape_like(words: str) -> str:
    return words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _constraint_name(error: IntegrityError) -> str:
    diag = getattr(error.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    return name or str(error.orig).splitlines()[0]


# ---- the HTTP side ----------------------------------------------------------------------


def authorize(
    session: Session,
    service: ResourceService[Any],
    *,
    principal: Any,
    actor: audit.Actor,
    operation: Any,
    id: int,
) -> None:
    """404 for a record the caller may not read, 403 for one it may read but not change.

    Every refusal is written to the audit trail, even though the request fails.
    """
    from backend.access.policy import Operation, condition

    def refuse(error: EmpactError, refused: Operation) -> EmpactError:
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource=service.resource,
            record_id=id,
            detail=i18n.message(f"audit.refused.{refused}"),
        )
        return error

    readable = condition(principal, service.resource, Operation.read)
    if not service.matches(session, id=id, condition=readable):
        missing = NotFound(
            i18n.message("errors.not_found", record=service.record_label, id=str(id))
        )
        # Only a refusal of an existing record is worth a line in the trail.
        raise refuse(missing, Operation.read) if service.exists(session, id=id) else missing
    if operation != Operation.read:
        writable = condition(principal, service.resource, operation)
        if not service.matches(session, id=id, condition=writable):
            raise refuse(
                Forbidden(
                    i18n.message(f"errors.read_only.{operation}", record=service.record_label)
                ),
                operation,
            )


def resource_router(
    name: str,
    service: ResourceService[Any],
    *,
    public: type[SQLModel],
    create: type[SQLModel] | None,
    update: type[SQLModel] | None,
    deletable: bool = True,
) -> APIRouter:
    """Serve `service` at /<name> on the react-admin simple-REST contract, under the policy."""
    # Imported here so that services and flows can use this module without the web layer.
    from backend.access.policy import Operation, condition, may
    from backend.audit.models import AuditEventPublic
    from backend.deps import CurrentActor, CurrentPrincipal, ReadSessionDep, WriteSessionDep

    assert service.resource == name, f"{name} serves {service.resource}"
    router = APIRouter(prefix=f"/{name}", tags=[name])
    many = TypeAdapter(list[public])  # type: ignore[valid-type]
    one = TypeAdapter(public)
    history = TypeAdapter(list[AuditEventPublic])

    def present(session: Session, records: Sequence[Any], language: str) -> list[Any]:
        """The records in the read schema, with what the service adds from other tables."""
        extras = service.read_extras(session, records, language)
        return [
            one.validate_python(record, from_attributes=True).model_copy(
                update=extras.get(record.id, {})
            )
            for record in records
        ]

    def render(
        session: Session, record: Any, language: str, status_code: int = status.HTTP_200_OK
    ) -> Response:
        body = one.dump_json(present(session, [record], language)[0])
        return Response(body, status_code=status_code, media_type="application/json")

    def refuse_creation(session: Session, actor: audit.Actor, why: i18n.Message) -> Forbidden:
        audit.record_even_if_rolled_back(
            session,
            actor=actor,
            action=AuditAction.denied,
            resource=name,
            detail=why,
        )
        return Forbidden(i18n.message("errors.may_not_create", record=service.record_label))

    @router.get(
        "",
        response_model=list[public],  # type: ignore[valid-type]
        summary=f"List {name}",
        description="react-admin list: `sort`, `range` and `filter` as JSON; the total is in "
        "the `Content-Range` header. Only the records the caller may read are listed.",
    )
    def list_records(
        params: ListParamsDep,
        session: ReadSessionDep,
        principal: CurrentPrincipal,
        actor: CurrentActor,
    ) -> Response:
        if not may(principal, name, Operation.read):
            audit.record_even_if_rolled_back(
                session,
                actor=actor,
                action=AuditAction.denied,
                resource=name,
                detail=i18n.message("audit.refused.list"),
            )
            raise Forbidden(i18n.message("errors.no_access", resource=name))
        scope = condition(principal, name, Operation.read)
        records, total = service.list(session, params=params, scope=scope)
        body = many.dump_json(present(session, records, principal.language))
        headers = {"Content-Range": content_range(name, params.start, len(records), total)}
        return Response(body, media_type="application/json", headers=headers)

    @router.get("/{id}", response_model=public, summary=f"Get one of {name}")
    def get_record(
        id: RecordId, session: ReadSessionDep, principal: CurrentPrincipal, actor: CurrentActor
    ) -> Response:
        authorize(
            session, service, principal=principal, actor=actor, operation=Operation.read, id=id
        )
        return render(session, service.get(session, id=id), principal.language)

    @router.get(
        "/{id}/history",
        response_model=list[AuditEventPublic],
        summary=f"The audit history of one of {name}",
    )
    def record_history(
        id: RecordId, session: ReadSessionDep, principal: CurrentPrincipal, actor: CurrentActor
    ) -> Response:
        # A deleted record's history stays with those who may read the whole trail.
        if service.exists(session, id=id) or not may(principal, "audit-events", Operation.read):
            authorize(
                session, service, principal=principal, actor=actor, operation=Operation.read, id=id
            )
        events = audit.history(session, resource=name, record_id=id)
        return Response(
            history.dump_json(audit.presented(events, principal.language)),
            media_type="application/json",
        )

    if create is not None:
        create_schema: Any = create

        @router.post(
            "",
            response_model=public,
            status_code=status.HTTP_201_CREATED,
            summary=f"Create one of {name}",
        )
        def create_record(
            data: create_schema,
            session: WriteSessionDep,
            principal: CurrentPrincipal,
            actor: CurrentActor,
        ) -> Response:
            if not may(principal, name, Operation.create):
                raise refuse_creation(session, actor, i18n.message("audit.refused.create_role"))
            with writing_as(principal):
                record = service.create(session, data=data, actor=actor)
            writable = condition(principal, name, Operation.create)
            if not service.matches(session, id=record.id, condition=writable):
                raise refuse_creation(session, actor, i18n.message("audit.refused.create"))
            return render(session, record, principal.language, status.HTTP_201_CREATED)

    if update is not None:
        update_schema: Any = update

        @router.put(
            "/{id}",
            response_model=public,
            summary=f"Update one of {name}",
            description="Send the `version` you read; a stale one gets 409 and changes nothing.",
        )
        def update_record(
            id: RecordId,
            data: update_schema,
            session: WriteSessionDep,
            principal: CurrentPrincipal,
            actor: CurrentActor,
        ) -> Response:
            check = functools.partial(
                authorize, session, service, principal=principal, actor=actor, id=id
            )
            check(operation=Operation.update)
            with writing_as(principal):
                record = service.update(session, id=id, data=data, actor=actor)
            # The result must still be the caller's to change (no moving records away).
            check(operation=Operation.update)
            return render(session, record, principal.language)

    if deletable:

        @router.delete("/{id}", response_model=public, summary=f"Delete one of {name}")
        def delete_record(
            id: RecordId,
            session: WriteSessionDep,
            principal: CurrentPrincipal,
            actor: CurrentActor,
        ) -> Response:
            authorize(
                session,
                service,
                principal=principal,
                actor=actor,
                operation=Operation.delete,
                id=id,
            )
            return render(session, service.delete(session, id=id, actor=actor), principal.language)

    return router
