"""What the consolidated workbook says, in English and French (its own module: it is the
longest workbook, and nothing else says these things)."""

from backend import i18n

i18n.register(
    {
        "en": {
            "sheets.cons.sheet.priority": "By priority",
            "sheets.cons.sheet.country": "By country",
            "sheets.cons.sheet.completeness": "Completeness",
            "sheets.cons.sheet.narratives": "Narratives",
            "sheets.cons.sheet.sources": "Sources",
            "sheets.cons.completeness.submitted": "Submitted",
            "sheets.cons.completeness.late": "Late",
            "sheets.cons.completeness.draft": "Draft",
            "sheets.cons.completeness.missing": "Missing",
            "sheets.cons.meaning.submitted": "submitted (or accepted) by the due date",
            "sheets.cons.meaning.late": "submitted (or accepted), but after the due date",
            "sheets.cons.meaning.draft": "begun but not submitted, or returned for changes",
            "sheets.cons.meaning.missing": "not started, or no contribution recorded",
            "sheets.cons.not_taking_part": "not taking part",
            "sheets.cons.not_taking_part_meaning": (
                "(grey, empty) the organisation does not take part in the action"
            ),
            "sheets.cons.legend": "Legend:",
            "sheets.cons.largest": "{indicator} (largest)",
            "sheets.cons.count": "{indicator}: {choice} (count)",
            "sheets.cons.title": "EMPACT consolidated workbook: reporting cycle {cycle}",
            "sheets.cons.generated": "Generated on {moment} UTC for {person}.",
            "sheets.cons.period": (
                "Reporting period {start} to {end}; due on {due}; the cycle is {state}."
            ),
            "sheets.cons.cycle_state.planned": "planned",
            "sheets.cons.cycle_state.open": "open",
            "sheets.cons.cycle_state.closed": "closed",
            "sheets.cons.cycle_state.consolidated": "consolidated",
            "sheets.cons.summary": "Summary",
            "sheets.cons.actions": "Actions reporting in the cycle",
            "sheets.cons.action_reports": "Action reports: {state}",
            "sheets.cons.contributions_expected": "Contributions expected",
            "sheets.cons.contributions": "Contributions: {state}",
            "sheets.cons.values_stored": "Figures stored in the cycle",
            "sheets.cons.values_counted": "Figures counted in the totals",
            "sheets.cons.priorities": "Priorities",
            "sheets.cons.countries": "Countries",
            "sheets.cons.without_country": "Organisations without a country",
            "sheets.cons.how": "How the totals are made",
            "sheets.cons.how_rows": (
                "'{priority_sheet}' has one row per priority and '{country_sheet}' one row per "
                "country, all organisations of the country together; an organisation without "
                "a country, such as an EU agency, has a row of its own under its code."
            ),
            "sheets.cons.how_states": (
                "Every figure stored for the cycle is counted, whatever the state of its "
                "contribution: '{completeness_sheet}' shows what is still draft, late or "
                "missing."
            ),
            "sheets.cons.how_largest": (
                "Indicators that add up show the sum of the figures; those marked "
                "'(largest)' show the largest single figure reported."
            ),
            "sheets.cons.how_choices": (
                "Choice indicators are counted per choice: one column per choice, holding how "
                "many figures gave that choice{choices}."
            ),
            "sheets.cons.not_totalled": (
                "Not totalled, as their figures do not add up: {indicators}."
            ),
            "sheets.cons.none": "none",
            "sheets.cons.how_empty": (
                "An empty cell means that no figure was reported. The last row of each totals "
                "sheet totals the rows above it."
            ),
            "sheets.cons.how_sources": (
                "'{sources_sheet}' lists every figure counted, with the cell of "
                "'{priority_sheet}' and the cell of '{country_sheet}' it is counted in."
            ),
            "sheets.cons.how_late": "Late: submitted after the due date, {due} (UTC).",
            "sheets.cons.legend_of": "Legend of '{sheet}'",
            "sheets.cons.all": "All",
            "sheets.cons.kind.country": "country",
            "sheets.cons.kind.organisation": "organisation",
            "sheets.cons.column.priority": "Priority",
            "sheets.cons.column.name": "Name",
            "sheets.cons.column.group": "Country or organisation",
            "sheets.cons.column.kind": "Kind",
            "sheets.cons.column.plan": "Plan",
            "sheets.cons.column.action": "Action",
            "sheets.cons.column.title": "Title",
            "sheets.cons.column.leader": "Leader",
            "sheets.cons.column.action_report": "Action report",
            "sheets.cons.column.organisation": "Organisation",
            "sheets.cons.column.state": "State",
            "sheets.cons.column.narrative": "Narrative",
            "sheets.cons.column.progress": "Action report: progress",
            "sheets.cons.column.value_id": "Indicator value id",
            "sheets.cons.column.indicator": "Indicator",
            "sheets.cons.column.value": "Value",
            "sheets.cons.column.cell_in": "Cell in '{sheet}'",
        },
        "fr": {
            "sheets.cons.sheet.priority": "Par priorité",
            "sheets.cons.sheet.country": "Par pays",
            "sheets.cons.sheet.completeness": "Complétude",
            "sheets.cons.sheet.narratives": "Récits",
            "sheets.cons.sheet.sources": "Sources",
            "sheets.cons.completeness.submitted": "Soumis",
            "sheets.cons.completeness.late": "En retard",
            "sheets.cons.completeness.draft": "Brouillon",
            "sheets.cons.completeness.missing": "Manquant",
            "sheets.cons.meaning.submitted": "soumis (ou accepté) à la date limite",
            "sheets.cons.meaning.late": "soumis (ou accepté), mais après la date limite",
            "sheets.cons.meaning.draft": "commencé mais non soumis, ou renvoyé pour correction",
            "sheets.cons.meaning.missing": "non commencé, ou aucune contribution enregistrée",
            "sheets.cons.not_taking_part": "ne participe pas",
            "sheets.cons.not_taking_part_meaning": (
                "(gris, vide) l'organisation ne participe pas à l'action"
            ),
            "sheets.cons.legend": "Légende :",
            "sheets.cons.largest": "{indicator} (le plus grand)",
            "sheets.cons.count": "{indicator} : {choice} (nombre)",
            "sheets.cons.title": "Classeur consolidé EMPACT : cycle de rapport {cycle}",
            "sheets.cons.generated": "Produit le {moment} UTC pour {person}.",
            "sheets.cons.period": (
                "Période de rapport du {start} au {end} ; à rendre le {due} ; le cycle est {state}."
            ),
            "sheets.cons.cycle_state.planned": "prévu",
            "sheets.cons.cycle_state.open": "ouvert",
            "sheets.cons.cycle_state.closed": "clos",
            "sheets.cons.cycle_state.consolidated": "consolidé",
            "sheets.cons.summary": "Résumé",
            "sheets.cons.actions": "Actions rendant compte dans le cycle",
            "sheets.cons.action_reports": "Rapports d'action : {state}",
            "sheets.cons.contributions_expected": "Contributions attendues",
            "sheets.cons.contributions": "Contributions : {state}",
            "sheets.cons.values_stored": "Chiffres enregistrés dans le cycle",
            "sheets.cons.values_counted": "Chiffres comptés dans les totaux",
            "sheets.cons.priorities": "Priorités",
            "sheets.cons.countries": "Pays",
            "sheets.cons.without_country": "Organisations sans pays",
            "sheets.cons.how": "Comment les totaux sont faits",
            "sheets.cons.how_rows": (
                "« {priority_sheet} » a une ligne par priorité et « {country_sheet} » une ligne "
                "par pays, toutes les organisations du pays ensemble ; une organisation sans "
                "pays, comme une agence de l'UE, a sa propre ligne sous son code."
            ),
            "sheets.cons.how_states": (
                "Chaque chiffre enregistré pour le cycle est compté, quel que soit l'état de "
                "sa contribution : « {completeness_sheet} » montre ce qui est encore en "
                "brouillon, en retard ou manquant."
            ),
            "sheets.cons.how_largest": (
                "Les indicateurs qui s'additionnent montrent la somme des chiffres ; ceux "
                "marqués « (le plus grand) » montrent le plus grand chiffre déclaré."
            ),
            "sheets.cons.how_choices": (
                "Les indicateurs à choix sont comptés par choix : une colonne par choix, avec "
                "le nombre de chiffres ayant donné ce choix{choices}."
            ),
            "sheets.cons.not_totalled": (
                "Non totalisés, car leurs chiffres ne s'additionnent pas : {indicators}."
            ),
            "sheets.cons.none": "aucun",
            "sheets.cons.how_empty": (
                "Une cellule vide signifie qu'aucun chiffre n'a été déclaré. La dernière ligne "
                "de chaque feuille de totaux totalise les lignes au-dessus."
            ),
            "sheets.cons.how_sources": (
                "« {sources_sheet} » liste chaque chiffre compté, avec la cellule de "
                "« {priority_sheet} » et celle de « {country_sheet} » où il est compté."
            ),
            "sheets.cons.how_late": "En retard : soumis après la date limite, le {due} (UTC).",
            "sheets.cons.legend_of": "Légende de « {sheet} »",
            "sheets.cons.all": "Total",
            "sheets.cons.kind.country": "pays",
            "sheets.cons.kind.organisation": "organisation",
            "sheets.cons.column.priority": "Priorité",
            "sheets.cons.column.name": "Nom",
            "sheets.cons.column.group": "Pays ou organisation",
            "sheets.cons.column.kind": "Type",
            "sheets.cons.column.plan": "Plan",
            "sheets.cons.column.action": "Action",
            "sheets.cons.column.title": "Intitulé",
            "sheets.cons.column.leader": "Responsable",
            "sheets.cons.column.action_report": "Rapport d'action",
            "sheets.cons.column.organisation": "Organisation",
            "sheets.cons.column.state": "État",
            "sheets.cons.column.narrative": "Récit",
            "sheets.cons.column.progress": "Rapport d'action : avancement",
            "sheets.cons.column.value_id": "Identifiant du chiffre",
            "sheets.cons.column.indicator": "Indicateur",
            "sheets.cons.column.value": "Valeur",
            "sheets.cons.column.cell_in": "Cellule dans « {sheet} »",
        },
    }
)
