"""The react-admin simple-REST list parameters: sort, range and filter, parsed and checked."""

import json
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from fastapi import Depends, Query

from backend.errors import InvalidInput
from backend.settings import get_settings

SortOrder = Literal["ASC", "DESC"]


@dataclass(frozen=True)
class ListParams:
    # None: the resource's own default order.
    sort_field: str | None = None
    sort_order: SortOrder = "ASC"
    start: int = 0
    end: int | None = None  # inclusive, as in `range=[0,24]`
    filter: dict[str, Any] = field(default_factory=dict)

    @property
    def limit(self) -> int | None:
        return None if self.end is None else self.end - self.start + 1


# A list parameter is a few ids, codes and words: more is no list a screen asks for.
MAX_PARAMETER_CHARS = 20_000
MAX_NESTING = 3
MAX_BRACKETS = 100


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    return 0


def _json(name: str, raw: str) -> Any:
    if len(raw) > MAX_PARAMETER_CHARS:
        raise InvalidInput(name, f"is longer than {MAX_PARAMETER_CHARS} characters")
    # Python's parser recurses once per bracket: a text that could nest deeper than it goes
    # is refused before it is parsed (brackets inside strings count too, hence the room).
    depth = deepest = 0
    for character in raw:
        if character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    if deepest > MAX_BRACKETS:
        raise InvalidInput(name, f"nests lists or objects more than {MAX_NESTING} deep")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InvalidInput(name, f"is not valid JSON ({error.msg})") from None
    except (ValueError, RecursionError):
        # A number longer than Python reads (4,300 digits), or nesting in strings' disguise.
        raise InvalidInput(name, "holds a number or a nesting out of range") from None
    if _depth(value) > MAX_NESTING:
        raise InvalidInput(name, f"nests lists or objects more than {MAX_NESTING} deep")
    return value


def parse_list_params(
    sort: str | None = None, range: str | None = None, filter: str | None = None
) -> ListParams:
    max_page = get_settings().max_page_size
    sort_field: str | None = None
    sort_order = "ASC"
    if sort:
        value = _json("sort", sort)
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not isinstance(value[0], str)
            or str(value[1]).upper() not in ("ASC", "DESC")
        ):
            raise InvalidInput("sort", 'must be ["field", "ASC" or "DESC"]')
        sort_field, sort_order = value[0], str(value[1]).upper()
    start, end = 0, max_page - 1
    if range:
        value = _json("range", range)
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            or value[0] < 0
            or value[1] < value[0]
            or value[1] > 2**31 - 1
        ):
            raise InvalidInput("range", "must be [first, last] with 0 <= first <= last")
        start, end = value
        if end - start + 1 > max_page:
            raise InvalidInput("range", f"asks for more than {max_page} records at once")
    filters: dict[str, Any] = {}
    if filter:
        value = _json("filter", filter)
        if not isinstance(value, dict):
            raise InvalidInput("filter", "must be a JSON object")
        filters = value
    return ListParams(sort_field, sort_order, start, end, filters)  # type: ignore[arg-type]


def list_params(
    sort: Annotated[str | None, Query(description='e.g. ["code","ASC"]')] = None,
    range: Annotated[str | None, Query(description="e.g. [0,24], both ends included")] = None,
    filter: Annotated[str | None, Query(description='e.g. {"q":"cocaine","id":[1,2]}')] = None,
) -> ListParams:
    return parse_list_params(sort, range, filter)


ListParamsDep = Annotated[ListParams, Depends(list_params)]


def content_range(resource: str, start: int, count: int, total: int) -> str:
    if count == 0:
        return f"{resource} */{total}"
    return f"{resource} {start}-{start + count - 1}/{total}"
