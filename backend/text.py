"""Text as people type or paste it, made fit to keep and to write into a workbook.

A workbook is XML 1.0, which cannot hold most C0 control characters, lone surrogates, U+FFFE
or U+FFFF. What is done with them, everywhere text comes in (the API, uploads, the seed):

- Word's soft line break (vertical tab, U+000B, what Shift+Enter writes) and its page break
  (form feed, U+000C) are line breaks to the person who pasted them: they are kept as "\\n".
  Refusing them would refuse ordinary text pasted from Word; keeping them would break every
  workbook the text goes into.
- Any other such character is no text anyone means (NUL included, which PostgreSQL cannot
  store): it is refused with a 422 that names it ("U+0007") and the field or cell.
- A workbook builder meeting one anyway (text stored before this rule) writes U+FFFD in its
  place rather than failing the download for everyone concerned.
"""

import re
from collections.abc import Mapping
from typing import Any

LINE_BREAKS = str.maketrans({"\v": "\n", "\f": "\n"})
# After the line breaks: what XML 1.0 cannot hold (TAB, LF and CR it can).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def normalized(text: str) -> str:
    """The text with Word's line and page breaks as line breaks."""
    return text.translate(LINE_BREAKS)


def forbidden(text: str) -> tuple[int, str] | None:
    """The first character no workbook can hold, as (position from 1, "U+0007"), or None."""
    found = FORBIDDEN.search(text)
    if found is None:
        return None
    return found.start() + 1, f"U+{ord(found.group()):04X}"


def for_workbook(text: str) -> str:
    """What a workbook can hold of a stored text, whatever it holds."""
    return FORBIDDEN.sub(REPLACEMENT, normalized(text))


def cleaned(values: Mapping[str, Any]) -> dict[str, Any]:
    """An input's values with its texts (and lists of texts) normalised; a text holding a
    character no workbook can hold is refused, naming the field and the character."""
    from backend import i18n
    from backend.errors import InvalidInput

    result: dict[str, Any] = {}
    for key, value in values.items():
        items = value if isinstance(value, list) else [value]
        kept = []
        for item in items:
            if isinstance(item, str):
                item = normalized(item)
                if (found := forbidden(item)) is not None:
                    position, character = found
                    raise InvalidInput(
                        key,
                        i18n.message(
                            "errors.control_character", character=character, position=position
                        ),
                    )
            kept.append(item)
        result[key] = kept if isinstance(value, list) else kept[0]
    return result
