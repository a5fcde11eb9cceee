"""What writing figures says to people, in English and French, whichever channel they come
in through: the web grid or an uploaded workbook."""

from backend import i18n

i18n.register(
    {
        "en": {
            "reporting.figure_problem": "{where}: {problem}",
            "reporting.indicator_does_not_apply": (
                "{indicator} is not reported for the actions of this priority"
            ),
            "reporting.figure_changed_since_read": (
                "someone changed this figure since you read it; your entry is kept on screen: "
                "compare it with the figure now stored and save again"
            ),
            "reporting.figures_invalid": "{count} figure(s) cannot be saved. {first}",
            "reporting.figures_stale": (
                "{count} figure(s) were changed by someone else since you read them; nothing "
                "was saved. {first}"
            ),
            "reporting.figures_changed_while_writing": (
                "Figures changed while yours were being saved; nothing was saved: read them "
                "again and save."
            ),
            "reporting.grid.not_a_number": "“{typed}” is not a number",
            "reporting.grid.not_yours": (
                "You may not write the figures of {organisation} in {action}."
            ),
            "reporting.grid.unknown_row": (
                "Participation {participation} is not part of this cycle's figures you can see."
            ),
            "reporting.grid.unknown_indicator": "Indicator {indicator} is not one of this cycle's.",
            "reporting.grid.where": "{action}, {organisation}, {indicator}",
            "reporting.grid.read_only.locked": "Handed in: {state}",
            "reporting.grid.read_only.closed": "The cycle is closed",
            "reporting.grid.read_only.not_yours": "Reported by {organisation}",
            "reporting.grid.one_of": "action or country: choose the figures to show",
            "reporting.no_view.figures": "These figures are not yours to see.",
            "reporting.grid.read_only": "You may read these figures, not write them.",
            "sheets.where_cell": "Sheet “{sheet}”, cell {cell}",
        },
        "fr": {
            "reporting.figure_problem": "{where} : {problem}",
            "reporting.indicator_does_not_apply": (
                "{indicator} n'est pas déclaré pour les actions de cette priorité"
            ),
            "reporting.figure_changed_since_read": (
                "quelqu'un a modifié ce chiffre depuis que vous l'avez lu ; votre saisie reste à "
                "l'écran : comparez-la au chiffre enregistré et enregistrez à nouveau"
            ),
            "reporting.figures_invalid": "{count} chiffre(s) ne peuvent être enregistrés. {first}",
            "reporting.figures_stale": (
                "{count} chiffre(s) ont été modifiés par quelqu'un d'autre depuis votre lecture ; "
                "rien n'a été enregistré. {first}"
            ),
            "reporting.figures_changed_while_writing": (
                "Des chiffres ont changé pendant l'enregistrement des vôtres ; rien n'a été "
                "enregistré : relisez-les et enregistrez."
            ),
            "reporting.grid.not_a_number": "« {typed} » n'est pas un nombre",
            "reporting.grid.not_yours": (
                "Vous ne pouvez pas saisir les chiffres de {organisation} dans {action}."
            ),
            "reporting.grid.unknown_row": (
                "La participation {participation} ne fait pas partie des chiffres de ce cycle "
                "qui vous sont accessibles."
            ),
            "reporting.grid.unknown_indicator": (
                "L'indicateur {indicator} n'est pas un indicateur de ce cycle."
            ),
            "reporting.grid.where": "{action}, {organisation}, {indicator}",
            "reporting.grid.read_only.locked": "Remise : {state}",
            "reporting.grid.read_only.closed": "Le cycle est clos",
            "reporting.grid.read_only.not_yours": "Déclaré par {organisation}",
            "reporting.grid.one_of": "action ou pays : choisissez les chiffres à afficher",
            "reporting.no_view.figures": "Ces chiffres ne vous sont pas accessibles.",
            "reporting.grid.read_only": "Vous pouvez lire ces chiffres, pas les saisir.",
            "sheets.where_cell": "Feuille « {sheet} », cellule {cell}",
        },
    }
)
