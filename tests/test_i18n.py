"""The languages the tool speaks: every message has its French text, plurals and formats follow
the reader's language, and a kept message comes back as it was."""

import datetime as dt
from decimal import Decimal

import backend.app  # noqa: F401 - every domain registers its texts on import
from backend import i18n

# Keys whose text is the same word in both languages, or a name kept as it is.
SAME_IN_BOTH: frozenset[str] = frozenset()


class TestEveryTextIsTranslated:
    def test_every_registered_key_has_a_french_text(self) -> None:
        missing = sorted(
            key
            for key, languages in i18n.keys().items()
            if "fr" not in languages and key not in SAME_IN_BOTH
        )
        assert missing == []


class TestPlurals:
    def test_english_says_one_report_and_two_reports(self) -> None:
        assert i18n.text("reporting.count.action_reports", "en", count=1) == "1 action report"
        assert i18n.text("reporting.count.action_reports", "en", count=0) == "0 action reports"

    def test_french_says_zero_and_one_in_the_singular(self) -> None:
        assert i18n.text("reporting.count.action_reports", "fr", count=0) == "0 rapport d'action"
        assert (
            i18n.text("reporting.count.contributions", "fr", count=1804)
            == "1\u202f804 contributions"
        )


class TestKeptMessages:
    def test_a_dumped_message_loads_back_with_its_dates_numbers_and_names(self) -> None:
        kept = i18n.message(
            "reporting.run.closed",
            date=dt.date(2026, 12, 2),
            reports=i18n.message("reporting.count.action_reports", count=247),
            contributions=i18n.message("reporting.count.contributions", count=Decimal(1804)),
        )
        loaded = i18n.load(i18n.dump(kept))
        assert loaded == kept
        assert loaded.render("en") == (
            "Closed on 2 Dec 2026: 247 action reports and 1,804 contributions are now missing."
        )

    def test_a_translated_name_is_read_in_each_language(self) -> None:
        name = i18n.translated("Arrests", fr="Arrestations")
        assert i18n.load(
            i18n.dump(i18n.message("reporting.takes_a_number", indicator=name))
        ).render("fr") == ("Arrestations se renseigne par un nombre")
        assert i18n.translated("Arrests").render("fr") == "Arrests"
