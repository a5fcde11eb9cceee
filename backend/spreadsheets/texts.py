"""What the workbooks and the upload pipeline say, in English and French.

A workbook is written in the language of the person who downloads it; an upload's problems
in the language of the person who uploads it. A workbook says which language it was written
in (its metadata), and the upload accepts the words of either language where a person types
a choice (the state column), since a file may be filled by a colleague.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from backend import i18n
from backend.catalog.models import Indicator
from backend.reporting.models import ReportState

i18n.register(
    {
        "en": {
            # States and roles, as the web UI names them.
            "sheets.state.not_started": "Not started",
            "sheets.state.draft": "Draft",
            "sheets.state.submitted": "Submitted",
            "sheets.state.returned": "Returned",
            "sheets.state.accepted": "Accepted",
            "sheets.state.missing": "Missing",
            "sheets.role.leader": "Leader",
            "sheets.role.co_leader": "Co-leader",
            "sheets.role.participant": "Participant",
            "sheets.role.partner": "Partner",
            # Column headers.
            "sheets.column.participation": "Participation",
            "sheets.column.action": "Action",
            "sheets.column.plan": "Plan",
            "sheets.column.priority": "Priority",
            "sheets.column.title": "Title",
            "sheets.column.leader": "Leader",
            "sheets.column.organisation": "Organisation",
            "sheets.column.role": "Role",
            "sheets.column.narrative": "Narrative",
            "sheets.column.state": "State",
            "sheets.column.previous": "{indicator}: previous",
            "sheets.column.with_unit": "{name} ({unit})",
            # The country workbook's Instructions sheet.
            "sheets.country.title": "EMPACT country workbook: {country}, reporting cycle {cycle}",
            "sheets.country.due": "Due on {due}; period {start} to {end}.",
            "sheets.country.step_rows": (
                "1. On the sheet '{sheet}', each row is one operational action in which an "
                "organisation of {country} takes part."
            ),
            "sheets.country.step_columns": (
                "2. Type the figures in the white columns; grey columns are for reference "
                "and locked."
            ),
            "sheets.country.step_previous": (
                "3. The columns marked 'previous' show what was reported in {previous}."
            ),
            "sheets.country.no_previous": "the previous cycle (there is none)",
            "sheets.country.step_state": (
                "4. Write the narrative of your contribution, and set its state to "
                "'{submitted}' when it is complete (or leave '{draft}')."
            ),
            "sheets.country.step_locked": (
                "   A row '{submitted}' or '{accepted}' is greyed and cannot change: it was "
                "handed in, and changes only after the action's leader, the driver or Europol "
                "returns it."
            ),
            "sheets.country.step_empty": (
                "5. Leave a figure empty when there is nothing to report; do not type 0 for "
                "unknown."
            ),
            "sheets.country.step_layout": (
                "6. Do not add, remove or reorder rows or columns, and do not rename sheets."
            ),
            "sheets.country.step_upload": (
                "7. Save as .xlsx (not .xlsm or .xls) and upload the file in the tool: you "
                "will see every change before anything is stored."
            ),
            # Data validation messages, shown by Excel and LibreOffice as people type.
            "sheets.validation.not_a_choice": "Not one of the choices",
            "sheets.validation.choose": "{indicator}: choose one of {choices}.",
            "sheets.validation.not_a_figure": "Not a valid figure",
            "sheets.validation.whole_from": "{indicator}: a whole number, {low} or more.",
            "sheets.validation.number_from": "{indicator}: a number, {low} or more.",
            "sheets.validation.whole_between": (
                "{indicator}: a whole number from {low} to {high}."
            ),
            "sheets.validation.number_between": "{indicator}: a number from {low} to {high}.",
            "sheets.validation.state": "Choose {choices}.",
            # Problems of an uploaded cell: each names what the cell is for.
            "sheets.problem.not_a_number": "{field}: “{value}” is not a number.",
            "sheets.problem.not_whole": "{field}: {value} is not a whole number.",
            "sheets.problem.a_date": (
                "{field}: the cell holds the date or time {value}, not a number. Excel makes "
                "dates of some figures as they are typed (3-4, 1/5): format the cell as a "
                "number and type the figure again."
            ),
            "sheets.problem.at_least": "{field}: {value} is below {low}, the smallest allowed.",
            "sheets.problem.between": "{field}: {value} is not between {low} and {high}.",
            "sheets.problem.not_a_choice": "{field}: “{value}” is not one of {choices}.",
            "sheets.problem.too_long": "{field}: longer than {limit} characters.",
            "sheets.problem.control_character": (
                "{field}: holds the control character {character} (character {position}), "
                "which no workbook can hold. Remove it."
            ),
            "sheets.problem.error_value": (
                "{field}: the cell shows the error {value}, not a value; the stored value is "
                "kept. Type the figure, or empty the cell to delete it."
            ),
            "sheets.problem.state": "{field}: “{value}” is not one of {choices}.",
            "sheets.problem.accepted": "{field}: accepted, so it can no longer change.",
            "sheets.problem.locked": (
                "{field}: the contribution is “{state}”, so it changes only after the "
                "action's leader, the driver or Europol returns it."
            ),
            "sheets.problem.empty": "(empty)",
            "sheets.problem.conflict": (
                "{field}: the file says {proposed}, but since the workbook was made the stored "
                "value changed from {base} to {stored}. Choose which to keep when you apply "
                "the upload."
            ),
            # The action workbook (for reading and sharing).
            "sheets.rag.green": "Green: on track",
            "sheets.rag.amber": "Amber: at risk",
            "sheets.rag.red": "Red: off track",
            "sheets.action_state.planned": "Planned",
            "sheets.action_state.ongoing": "Ongoing",
            "sheets.action_state.completed": "Completed",
            "sheets.action_state.cancelled": "Cancelled",
            "sheets.action.title": (
                "EMPACT action workbook: {action} of {plan}, reporting cycle {cycle}"
            ),
            "sheets.action.generated": "Generated on {moment} UTC for {person}.",
            "sheets.action.period": "Reporting period {start} to {end}; due on {due}.",
            "sheets.action.report_sheet": (
                "The sheet '{sheet}' holds the action's report for the cycle as stored in the tool."
            ),
            "sheets.action.contributions_sheet": (
                "The sheet '{sheet}' has one row per organisation taking part in the action: "
                "its state, its narrative and its figures, each beside the figure of the "
                "previous cycle ({previous})."
            ),
            "sheets.action.empty": (
                "An empty figure means that nothing was reported; the state '{not_started}' "
                "means that the organisation has not begun its contribution."
            ),
            "sheets.action.read_only": (
                "This workbook is for reading and sharing only: changes made in it are not "
                "read back. Edit the report and the figures in the tool."
            ),
            "sheets.action.none": "none",
            "sheets.column.name": "Name",
            "sheets.column.country": "Country",
            "sheets.column.submitted_at": "Submitted on",
            "sheets.column.field": "Field",
            "sheets.column.value": "Value",
            "sheets.report.cycle": "Reporting cycle",
            "sheets.report.action": "Action",
            "sheets.report.title": "Title",
            "sheets.report.plan": "Plan",
            "sheets.report.priority": "Priority",
            "sheets.report.goal": "Strategic goal",
            "sheets.report.leader": "Leader",
            "sheets.report.co_leaders": "Co-leaders",
            "sheets.report.action_state": "Action state",
            "sheets.report.action_period": "Action period",
            "sheets.report.period": "{start} to {end}",
            "sheets.report.state": "Report state",
            "sheets.report.submitted_at": "Submitted on",
            "sheets.report.rag": "RAG status",
            "sheets.report.progress": "Progress",
            "sheets.report.achievements": "Achievements",
            "sheets.report.obstacles": "Obstacles",
            "sheets.report.next_steps": "Next steps",
            # The error workbook's Errors sheet.
            "sheets.errors.sheet": "Sheet",
            "sheets.errors.cell": "Cell",
            "sheets.errors.field": "Field",
            "sheets.errors.severity": "Severity",
            "sheets.errors.what": "What is wrong",
            "sheets.errors.none": "No problems: every cell of this upload is valid.",
            "sheets.severity.error": "Error",
            "sheets.severity.warning": "Warning",
            "sheets.severity.conflict": "Conflict",
        },
        "fr": {
            "sheets.state.not_started": "Non commencé",
            "sheets.state.draft": "Brouillon",
            "sheets.state.submitted": "Soumis",
            "sheets.state.returned": "Renvoyé",
            "sheets.state.accepted": "Accepté",
            "sheets.state.missing": "Manquant",
            "sheets.role.leader": "Responsable",
            "sheets.role.co_leader": "Co-responsable",
            "sheets.role.participant": "Participant",
            "sheets.role.partner": "Partenaire",
            "sheets.column.participation": "Participation",
            "sheets.column.action": "Action",
            "sheets.column.plan": "Plan",
            "sheets.column.priority": "Priorité",
            "sheets.column.title": "Intitulé",
            "sheets.column.leader": "Responsable",
            "sheets.column.organisation": "Organisation",
            "sheets.column.role": "Rôle",
            "sheets.column.narrative": "Récit",
            "sheets.column.state": "État",
            "sheets.column.previous": "{indicator} : précédent",
            "sheets.column.with_unit": "{name} ({unit})",
            "sheets.country.title": "Classeur pays EMPACT : {country}, cycle de rapport {cycle}",
            "sheets.country.due": "À rendre le {due} ; période du {start} au {end}.",
            "sheets.country.step_rows": (
                "1. Sur la feuille « {sheet} », chaque ligne est une action opérationnelle à "
                "laquelle une organisation de {country} participe."
            ),
            "sheets.country.step_columns": (
                "2. Saisissez les chiffres dans les colonnes blanches ; les colonnes grises "
                "sont des références, verrouillées."
            ),
            "sheets.country.step_previous": (
                "3. Les colonnes « précédent » montrent ce qui a été déclaré en {previous}."
            ),
            "sheets.country.no_previous": "cycle précédent (il n'y en a pas)",
            "sheets.country.step_state": (
                "4. Rédigez le récit de votre contribution et mettez son état à "
                "« {submitted} » lorsqu'elle est complète (ou laissez « {draft} »)."
            ),
            "sheets.country.step_locked": (
                "   Une ligne « {submitted} » ou « {accepted} » est grisée et ne peut pas "
                "changer : elle a été remise, et ne change qu'une fois renvoyée par le "
                "responsable de l'action, le pilote ou Europol."
            ),
            "sheets.country.step_empty": (
                "5. Laissez un chiffre vide s'il n'y a rien à déclarer ; ne saisissez pas 0 "
                "pour une valeur inconnue."
            ),
            "sheets.country.step_layout": (
                "6. N'ajoutez, ne supprimez et ne déplacez ni lignes ni colonnes, et ne "
                "renommez pas les feuilles."
            ),
            "sheets.country.step_upload": (
                "7. Enregistrez au format .xlsx (pas .xlsm ni .xls) et déposez le fichier dans "
                "l'outil : vous verrez chaque modification avant que rien ne soit enregistré."
            ),
            "sheets.validation.not_a_choice": "Pas l'un des choix",
            "sheets.validation.choose": "{indicator} : choisissez parmi {choices}.",
            "sheets.validation.not_a_figure": "Chiffre non valide",
            "sheets.validation.whole_from": "{indicator} : un nombre entier, {low} ou plus.",
            "sheets.validation.number_from": "{indicator} : un nombre, {low} ou plus.",
            "sheets.validation.whole_between": (
                "{indicator} : un nombre entier de {low} à {high}."
            ),
            "sheets.validation.number_between": "{indicator} : un nombre de {low} à {high}.",
            "sheets.validation.state": "Choisissez {choices}.",
            "sheets.problem.not_a_number": "{field} : « {value} » n'est pas un nombre.",
            "sheets.problem.not_whole": "{field} : {value} n'est pas un nombre entier.",
            "sheets.problem.a_date": (
                "{field} : la cellule contient la date ou l'heure {value}, pas un nombre. Excel "
                "fait des dates de certains nombres tapés (3-4, 1/5) : mettez la cellule au "
                "format nombre et tapez le chiffre à nouveau."
            ),
            "sheets.problem.at_least": (
                "{field} : {value} est inférieur à {low}, la plus petite valeur admise."
            ),
            "sheets.problem.between": "{field} : {value} n'est pas compris entre {low} et {high}.",
            "sheets.problem.not_a_choice": (
                "{field} : « {value} » n'est pas l'un des choix {choices}."
            ),
            "sheets.problem.too_long": "{field} : plus de {limit} caractères.",
            "sheets.problem.control_character": (
                "{field} : contient le caractère de contrôle {character} (caractère {position}), "
                "qu'aucun classeur ne peut contenir. Retirez-le."
            ),
            "sheets.problem.error_value": (
                "{field} : la cellule affiche l'erreur {value}, pas une valeur ; la valeur "
                "enregistrée est conservée. Saisissez le chiffre, ou videz la cellule pour le "
                "supprimer."
            ),
            "sheets.problem.state": "{field} : « {value} » n'est pas l'un des choix {choices}.",
            "sheets.problem.accepted": "{field} : accepté, il ne peut plus changer.",
            "sheets.problem.locked": (
                "{field} : la contribution est « {state} », elle ne change qu'une fois "
                "renvoyée par le responsable de l'action, le pilote ou Europol."
            ),
            "sheets.problem.empty": "(vide)",
            "sheets.problem.conflict": (
                "{field} : le fichier indique {proposed}, mais depuis la création du classeur "
                "la valeur enregistrée est passée de {base} à {stored}. Choisissez laquelle "
                "garder lorsque vous appliquez le dépôt."
            ),
            "sheets.rag.green": "Vert : dans les temps",
            "sheets.rag.amber": "Orange : à risque",
            "sheets.rag.red": "Rouge : en difficulté",
            "sheets.action_state.planned": "Prévue",
            "sheets.action_state.ongoing": "En cours",
            "sheets.action_state.completed": "Terminée",
            "sheets.action_state.cancelled": "Annulée",
            "sheets.action.title": (
                "Classeur d'action EMPACT : {action} de {plan}, cycle de rapport {cycle}"
            ),
            "sheets.action.generated": "Produit le {moment} UTC pour {person}.",
            "sheets.action.period": "Période de rapport du {start} au {end} ; à rendre le {due}.",
            "sheets.action.report_sheet": (
                "La feuille « {sheet} » contient le rapport de l'action pour le cycle, tel "
                "qu'enregistré dans l'outil."
            ),
            "sheets.action.contributions_sheet": (
                "La feuille « {sheet} » a une ligne par organisation participant à l'action : "
                "son état, son récit et ses chiffres, chacun à côté du chiffre du cycle "
                "précédent ({previous})."
            ),
            "sheets.action.empty": (
                "Un chiffre vide signifie que rien n'a été déclaré ; l'état « {not_started} » "
                "signifie que l'organisation n'a pas commencé sa contribution."
            ),
            "sheets.action.read_only": (
                "Ce classeur sert à lire et à partager : les modifications qui y sont faites "
                "ne sont pas relues. Modifiez le rapport et les chiffres dans l'outil."
            ),
            "sheets.action.none": "aucun",
            "sheets.column.name": "Nom",
            "sheets.column.country": "Pays",
            "sheets.column.submitted_at": "Soumis le",
            "sheets.column.field": "Champ",
            "sheets.column.value": "Valeur",
            "sheets.report.cycle": "Cycle de rapport",
            "sheets.report.action": "Action",
            "sheets.report.title": "Intitulé",
            "sheets.report.plan": "Plan",
            "sheets.report.priority": "Priorité",
            "sheets.report.goal": "Objectif stratégique",
            "sheets.report.leader": "Responsable",
            "sheets.report.co_leaders": "Co-responsables",
            "sheets.report.action_state": "État de l'action",
            "sheets.report.action_period": "Période de l'action",
            "sheets.report.period": "du {start} au {end}",
            "sheets.report.state": "État du rapport",
            "sheets.report.submitted_at": "Soumis le",
            "sheets.report.rag": "Statut RAG",
            "sheets.report.progress": "Avancement",
            "sheets.report.achievements": "Réalisations",
            "sheets.report.obstacles": "Obstacles",
            "sheets.report.next_steps": "Prochaines étapes",
            "sheets.errors.sheet": "Feuille",
            "sheets.errors.cell": "Cellule",
            "sheets.errors.field": "Champ",
            "sheets.errors.severity": "Gravité",
            "sheets.errors.what": "Problème",
            "sheets.errors.none": "Aucun problème : chaque cellule de ce dépôt est valide.",
            "sheets.severity.error": "Erreur",
            "sheets.severity.warning": "Avertissement",
            "sheets.severity.conflict": "Conflit",
        },
    }
)

# The states a person may set in a workbook; the row's own state may also stay as it is.
STATES_TO_CHOOSE = (ReportState.draft, ReportState.submitted)


class Words:
    """The texts of one workbook or upload, in its reader's language."""

    def __init__(self, language: i18n.Language | str) -> None:
        self.language = i18n.language_of(str(language))

    def __call__(self, key: str, /, **params: object) -> str:
        return i18n.text(f"sheets.{key}", self.language, **params)

    def state(self, state: str) -> str:
        return self(f"state.{state}")

    def role(self, role: str) -> str:
        key = f"sheets.role.{role}"
        return i18n.text(key, self.language) if i18n.has_text(key) else role

    def moment(self, moment: dt.datetime | None) -> str:
        """A moment as a cell shows it (cells hold no time zone: the tool's is UTC)."""
        return i18n.datetime(moment, self.language) if moment else ""

    def date(self, day: dt.date | None) -> str:
        return i18n.date(day, self.language) if day else ""

    def named(self, record: Any) -> str:
        """A reference record (priority, goal, organisation) by its name in the reader's
        language where it has a translation."""
        french = self.language == i18n.Language.fr
        return (getattr(record, "name_fr", None) if french else None) or record.name

    def choices(self, labels: Iterable[str]) -> str:
        return ", ".join(labels)

    def field(self, field: str, indicators: Mapping[str, Indicator]) -> str:
        """What an editable cell is for, by the name people read: the indicator's name for a
        figure (keyed by its code), or the column's header."""
        if field in indicators:
            return self.indicator(indicators[field])
        key = f"sheets.column.{field}"
        return i18n.text(key, self.language) if i18n.has_text(key) else field

    def quoted(self, value: str) -> str:
        return f"“{value}”" if value else self("problem.empty")

    def indicator(self, indicator: Indicator, *, with_unit: bool = False) -> str:
        """An indicator by its name, in French where a translation exists."""
        french = self.language == i18n.Language.fr
        name = (indicator.name_fr if french else None) or indicator.name
        unit = (indicator.unit_fr if french else None) or indicator.unit
        return self("column.with_unit", name=name, unit=unit) if with_unit and unit else name


def state_from_text(text: str) -> ReportState | None:
    """What a person typed or chose in a state cell: the label in either language (in any
    case), or the stored word of workbooks made before states had labels."""
    wanted = text.strip().casefold()
    for state in ReportState:
        if wanted == state.value:
            return state
        for language in i18n.Language:
            if wanted == i18n.text(f"sheets.state.{state.value}", language).casefold():
                return state
    return None
