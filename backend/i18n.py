"""The languages people read the tool in, and the one way to write a message in one of them.

Messages are keyed like the web UI's (`reporting.cycle_closed`); each domain registers its
own English and French texts at import with `register`, so this core module knows no domain.
A text is a `str.format` template whose parameters are written in the reader's locale:
numbers with that locale's separators, dates in words. `Message` carries a key and its
parameters until the reader is known (an error is raised long before the response says in
which language); `render` writes it for one reader.
"""

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal


class Language(enum.StrEnum):
    en = "en"
    fr = "fr"


DEFAULT_LANGUAGE = Language.en
# European formats in both languages: dates day first, as the people using the tool write them.
LOCALES = {Language.en: "en_GB", Language.fr: "fr_FR"}

_texts: dict[str, dict[Language, str]] = {}


def register(texts: Mapping[str, Mapping[str, str]]) -> None:
    """Add a domain's texts, given as {"en": {key: text}, "fr": {key: text}}. Every key
    needs an English text; a key without a French one is written in English."""
    english = texts.get(Language.en.value, {})
    for language_code, entries in texts.items():
        language = Language(language_code)
        for key, text in entries.items():
            if key not in english:
                raise ValueError(f"{key} has a {language} text but no English one")
            _texts.setdefault(key, {})[language] = text


def language_of(value: str | None) -> Language:
    """A stored or asked-for language, falling back to English for anything unknown."""
    try:
        return Language((value or "").strip().lower()[:2])
    except ValueError:
        return DEFAULT_LANGUAGE


def negotiate(accept_language: str | None) -> Language:
    """The first language of an Accept-Language header that the tool speaks."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        weighted.append((-weight, position, tag.strip().lower()[:2]))
    for _weight, _position, code in sorted(weighted):
        if code in Language.__members__:
            return Language(code)
    return DEFAULT_LANGUAGE


def locale(language: Language | str) -> Locale:
    return Locale.parse(LOCALES[language_of(str(language))])


def number(value: int | float | Decimal, language: Language | str) -> str:
    """12914 -> "12,914" in English, "12 914" in French; decimals kept as typed."""
    return str(format_decimal(value, locale=locale(language), decimal_quantization=False))


def date(value: dt.date, language: Language | str) -> str:
    """A date in words: "2 Dec 2026", "2 déc. 2026"."""
    return str(format_date(value, format="medium", locale=locale(language)))


def datetime(value: dt.datetime, language: Language | str) -> str:
    """A moment to the minute in UTC, which the tool keeps: "2 Dec 2026, 06:16"."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return str(
        format_datetime(value, format="d MMM y, HH:mm", locale=locale(language), tzinfo=dt.UTC)
    )


@dataclass(frozen=True)
class Translated:
    """A stored name with its translations (an indicator's French name, say): each reader gets
    theirs, or the English one where no translation exists."""

    english: str
    others: Mapping[str, str | None] = field(default_factory=dict)

    def render(self, language: Language | str = DEFAULT_LANGUAGE) -> str:
        return self.others.get(str(language_of(str(language)))) or self.english

    def __str__(self) -> str:
        return self.english


def translated(english: str, *, fr: str | None = None) -> Translated:
    return Translated(english, {Language.fr.value: fr})


def _formatted(value: Any, language: Language) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, Translated):
        return value.render(language)
    if isinstance(value, list | tuple):
        # A list is written one item a line (the actions a reminder lists, say).
        return "\n".join(str(_formatted(item, language)) for item in value)
    if isinstance(value, int | float | Decimal):
        return number(value, language)
    if isinstance(value, dt.datetime):
        return datetime(value, language)
    if isinstance(value, dt.date):
        return date(value, language)
    if isinstance(value, Message):
        return value.render(language)
    return value


def _plural_key(key: str, reader: Language, params: Mapping[str, Any]) -> str:
    """`key.one` or `key.other`, as the reader's language says of `count` (French says
    "0 rapport", English "0 reports"), for a key registered in those two forms."""
    if key in _texts or f"{key}.other" not in _texts:
        return key
    count = params.get("count", 0)
    amount = abs(Decimal(count)) if isinstance(count, int | Decimal) else Decimal(0)
    form = locale(reader).plural_form(amount)
    return f"{key}.one" if form == "one" and f"{key}.one" in _texts else f"{key}.other"


def text(key: str, language: Language | str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The text of `key` for a reader of `language`, its parameters written in their locale.
    A key registered as `key.one` and `key.other` is chosen by its `count` parameter.
    An unknown key is a programming error, found by the tests that cover each message."""
    reader = language_of(str(language))
    texts = _texts.get(_plural_key(key, reader, params))
    if texts is None:
        raise KeyError(f"no text registered for {key}")
    template = texts.get(reader) or texts[DEFAULT_LANGUAGE]
    return template.format(**{name: _formatted(value, reader) for name, value in params.items()})


def has_text(key: str) -> bool:
    return key in _texts or f"{key}.other" in _texts


def keys() -> dict[str, set[str]]:
    """Every registered key with the languages it has a text in (for the tests)."""
    return {key: {str(language) for language in texts} for key, texts in _texts.items()}


def _plain(value: Any) -> Any:
    """A parameter as JSON can carry it, for a client that writes the message itself."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Message):
        return value.as_json()
    if isinstance(value, Translated):
        return value.english
    return value


@dataclass(frozen=True)
class Message:
    """A message whose reader is not known yet: a key and its parameters."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: Language | str = DEFAULT_LANGUAGE) -> str:
        return text(self.key, language, **self.params)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "params": {k: _plain(v) for k, v in self.params.items()}}


def message(key: str, /, **params: Any) -> Message:
    return Message(key, params)


# ---- keeping a message to write it later (a flow's result, read in the cockpit) ----------


def _dumped(value: Any) -> Any:
    if isinstance(value, Message):
        return {"message": dump(value)}
    if isinstance(value, Translated):
        return {"translated": {"en": value.english, **value.others}}
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def dump(value: Message) -> dict[str, Any]:
    """A message as JSON that `load` turns back into the same message, its dates and
    numbers still typed so that each reader's locale writes them."""
    return {"key": value.key, "params": {k: _dumped(v) for k, v in value.params.items()}}


def _loaded(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((kind, inner),) = value.items()
        if kind == "message":
            return load(inner)
        if kind == "translated":
            return Translated(inner.get("en", ""), {k: v for k, v in inner.items() if k != "en"})
        if kind == "datetime":
            return dt.datetime.fromisoformat(inner)
        if kind == "date":
            return dt.date.fromisoformat(inner)
        if kind == "decimal":
            return Decimal(inner)
    return value


def load(stored: Mapping[str, Any]) -> Message:
    return Message(str(stored["key"]), {k: _loaded(v) for k, v in stored["params"].items()})
