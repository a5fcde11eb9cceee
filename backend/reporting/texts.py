"""What reporting cycles, reports, figures and the cycle's flows say to people, in English and
French: refusals, the results of each step shown in the cockpit, and the messages and emails
the steps send."""

from backend import i18n

i18n.register(
    {
        "en": {
            "records.reporting_cycles": "reporting cycle",
            "records.action_reports": "action report",
            "records.contributions": "contribution",
            "records.indicator_values": "figure",
            "records.reopenings": "reopening",
            "records.cycle_runs": "step run",
            "records.consolidations": "consolidation",
            "fields.reporting_cycle_id": "Reporting cycle",
            "fields.period_start": "Period start",
            "fields.period_end": "Period end",
            "fields.opens_on": "Opens on",
            "fields.due_on": "Due on",
            "fields.closes_on": "Closes on",
            "fields.progress": "Progress",
            "fields.rag_status": "Status",
            "fields.achievements": "Achievements",
            "fields.obstacles": "Obstacles",
            "fields.next_steps": "Next steps",
            "fields.narrative": "Narrative",
            "fields.value": "Figure",
            "fields.text_value": "Choice",
            "fields.comment": "Comment",
            "fields.reason": "Reason",
            "fields.until": "Until",
            "reporting.state.not_started": "Not started",
            "reporting.state.draft": "Draft",
            "reporting.state.submitted": "Submitted",
            "reporting.state.returned": "Returned",
            "reporting.state.accepted": "Accepted",
            "reporting.state.missing": "Missing",
            "reporting.cycle_state.planned": "Planned",
            "reporting.cycle_state.open": "Open",
            "reporting.cycle_state.closed": "Closed",
            "reporting.cycle_state.consolidated": "Consolidated",
            # Refusals.
            "reporting.cycle_cannot_open_again": (
                "The reporting cycle {cycle} is “{state}”: it cannot open again."
            ),
            "reporting.cycle_never_opened": (
                "The reporting cycle {cycle} was never opened: open it first."
            ),
            "reporting.cycle_consolidated": (
                "The reporting cycle {cycle} is consolidated: its results are final and can no "
                "longer change."
            ),
            "reporting.cycle_closed": (
                "The reporting cycle {cycle} closed on {closed_on}: reports and figures can no "
                "longer change. Europol can reopen it for an action or a country."
            ),
            "reporting.only_closed_reopens": (
                "The reporting cycle {cycle} is “{state}”: only a closed cycle is reopened."
            ),
            "reporting.close_first": "The reporting cycle {cycle} is “{state}”: close it first.",
            "reporting.not_consolidated_yet": (
                "The reporting cycle {cycle} is not consolidated yet."
            ),
            "reporting.not_in_past": "must not be in the past",
            "reporting.either_action_or_country": "give either an action or a country, not both",
            "reporting.one_value": "give exactly one: a figure or a choice",
            "reporting.report_handed_in": "This report is “{state}”: it was submitted already.",
            "reporting.report_locked": (
                "This report is “{state}”: it changes only after the driver or Europol returns it."
            ),
            "reporting.only_submitted_returned": (
                "This report is “{state}”: only a submitted report can be returned."
            ),
            "reporting.only_submitted_accepted": (
                "This report is “{state}”: only a submitted report can be accepted."
            ),
            "reporting.submitter_cannot_review": (
                "You submitted this report, so someone else reviews it: its submitter cannot "
                "return or accept it."
            ),
            "reporting.say_what_to_change": "say what the leader should change",
            "reporting.contribution_handed_in": (
                "This contribution is “{state}”: it was submitted already."
            ),
            "reporting.who_submits_contribution": (
                "Only the contributing organisation, its country's coordinator or, for its own "
                "part, the action's leader submits a contribution."
            ),
            "reporting.who_moves_report": (
                "Only the action's leader submits its report, and only the plan's driver or "
                "Europol returns or accepts it."
            ),
            "reporting.who_reviews_contribution": (
                "Only the action's leader, the plan's driver or Europol returns or accepts a "
                "contribution."
            ),
            "reporting.only_submitted_contribution_returned": (
                "This contribution is “{state}”: only a submitted contribution can be returned."
            ),
            "reporting.only_submitted_contribution_accepted": (
                "This contribution is “{state}”: only a submitted contribution can be accepted."
            ),
            "reporting.submitter_cannot_review_contribution": (
                "You submitted this contribution, so someone else reviews it: its submitter "
                "cannot return or accept it."
            ),
            "reporting.say_what_to_correct": "say what the contributor should correct",
            "reporting.contribution_locked": (
                "The contribution of {organisation} to {action} is “{state}”: its figures and "
                "narrative change only after the action's leader, the driver or Europol "
                "returns it."
            ),
            "reporting.only_europol_reopens": "Only Europol reopens a closed cycle.",
            "reporting.no_view.cycle-matrix": "This cycle's progress matrix is not yours to see.",
            "reporting.no_view.cycle-results": "This cycle's results are not yours to see.",
            "reporting.may_not_step.open": "You may not open a reporting cycle.",
            "reporting.may_not_step.remind": "You may not send a cycle's reminders.",
            "reporting.may_not_step.close": "You may not close a reporting cycle.",
            "reporting.may_not_step.consolidate": "You may not consolidate a reporting cycle.",
            "reporting.may_not_step.runs": "You may not see a cycle's step runs.",
            "reporting.takes_a_choice": "{indicator} takes one of its choices",
            "reporting.one_of_choices": "must be one of: {choices}",
            "reporting.takes_a_number": "{indicator} takes a number",
            "reporting.whole_units": "{indicator} counts whole {unit}",
            "reporting.whole_number": "{indicator} takes a whole number",
            "reporting.indicator_of_other_cycle": (
                "{indicator} is not an indicator of this reporting cycle"
            ),
            # Counts, in the reader's plural.
            "reporting.count.action_reports.one": "{count} action report",
            "reporting.count.action_reports.other": "{count} action reports",
            "reporting.count.reports.one": "{count} report",
            "reporting.count.reports.other": "{count} reports",
            "reporting.count.contributions.one": "{count} contribution",
            "reporting.count.contributions.other": "{count} contributions",
            "reporting.count.actions.one": "{count} action",
            "reporting.count.actions.other": "{count} actions",
            "reporting.count.plans.one": "{count} plan",
            "reporting.count.plans.other": "{count} plans",
            "reporting.count.people.one": "{count} person",
            "reporting.count.people.other": "{count} people",
            "reporting.count.indicators.one": "{count} indicator",
            "reporting.count.indicators.other": "{count} indicators",
            # When, relative to the due date.
            "reporting.when.today": "today",
            "reporting.when.in_days.one": "in {count} day",
            "reporting.when.in_days.other": "in {count} days",
            "reporting.when.days_ago.one": "{count} day ago",
            "reporting.when.days_ago.other": "{count} days ago",
            "reporting.step.before.one": "{count} day before the due date {due}",
            "reporting.step.before.other": "{count} days before the due date {due}",
            "reporting.step.after.one": "{count} day after the due date {due}",
            "reporting.step.after.other": "{count} days after the due date {due}",
            # A step's result, as the cockpit shows it.
            "reporting.run.opened": (
                "Opened: {reports} and {contributions} expected in {plans}; {people} told what "
                "they owe."
            ),
            "reporting.run.reminded": "Reminders sent to {people} ({step}).",
            "reporting.run.not_open": (
                "No reminder: the reporting cycle {cycle} is “{state}”; reminders go out only "
                "while it is open."
            ),
            "reporting.run.past_closing": (
                "No reminder: its closing date, {closes}, has passed; the cycle closes next."
            ),
            "reporting.run.first_reminder_later": (
                "No reminder due: the first reminder goes out on {date}, {step}."
            ),
            "reporting.run.nothing_owed": (
                "No reminder to send: every action report and contribution is submitted."
            ),
            "reporting.run.reminded_already": (
                "No reminder to send: whoever still owes something was reminded at this step "
                "({step}). The next reminder goes out on {date}, {next}."
            ),
            "reporting.run.reminded_already_last": (
                "No reminder to send: whoever still owes something was reminded at the last "
                "step ({step}). The cycle closes on {closes}."
            ),
            "reporting.run.closed": (
                "Closed on {date}: {reports} and {contributions} are now missing."
            ),
            "reporting.run.closed_complete": (
                "Closed on {date}: every action report and contribution was submitted."
            ),
            "reporting.run.consolidated": (
                "Consolidated: the totals of {indicators} are kept with the cycle, the summary "
                "is published on the flow run, and the consolidated workbook ({size} kB) is "
                "ready to download."
            ),
            "reporting.run.emails.one": "{count} email sent.",
            "reporting.run.emails.other": "{count} emails sent.",
            "reporting.run.nothing": "Nothing to do.",
            "reporting.run.failed": "Failed: {error}",
            # Messages and emails.
            "reporting.mail.list_line": "- {action}: {title}",
            "reporting.mail.list_more": "- and {count} more",
            "reporting.mail.report_returned_subject": "Report returned: {action}, {cycle}",
            "reporting.mail.report_returned": (
                "{reviewer} returned the report of {action} for the reporting cycle {cycle}, "
                "saying:\n\n{comment}\n\nCorrect it and submit it again in the tool (My work)."
            ),
            "reporting.mail.report_accepted_subject": "Report accepted: {action}, {cycle}",
            "reporting.mail.report_accepted": (
                "{reviewer} accepted the report of {action} for the reporting cycle {cycle}.\n\n"
                "Comment: {comment}"
            ),
            "reporting.mail.contribution_returned_subject": (
                "Contribution returned: {organisation} to {action}, {cycle}"
            ),
            "reporting.mail.contribution_returned": (
                "{reviewer} returned the contribution of {organisation} to {action} for the "
                "reporting cycle {cycle}, saying:\n\n{comment}\n\nCorrect it and submit it "
                "again in the tool (My work)."
            ),
            "reporting.mail.contribution_accepted_subject": (
                "Contribution accepted: {organisation} to {action}, {cycle}"
            ),
            "reporting.mail.contribution_accepted": (
                "{reviewer} accepted the contribution of {organisation} to {action} for the "
                "reporting cycle {cycle}.\n\nComment: {comment}"
            ),
            "reporting.mail.opened_subject": (
                "EMPACT reporting cycle {cycle} is open: report by {due}"
            ),
            "reporting.mail.opened": (
                "The reporting cycle {cycle} (period {start} to {end}) is open. Reports and "
                "contributions are due on {due}; the cycle closes on {closes}."
            ),
            "reporting.mail.leader.one": (
                "The report of {count} action you lead is not submitted yet:\n{list}\nWrite "
                "and submit it in the tool (My work)."
            ),
            "reporting.mail.leader.other": (
                "The reports of {count} actions you lead are not submitted yet:\n{list}\nWrite "
                "and submit them in the tool (My work)."
            ),
            "reporting.mail.coordinator.one": (
                "The contribution of {country} to {count} action is not submitted yet:\n{list}"
                "\nFill the country workbook (download it from the tool: {link}) and upload "
                "it, or write it in the tool."
            ),
            "reporting.mail.coordinator.other": (
                "Contributions of {country} to {count} actions are not submitted yet:\n{list}"
                "\nFill the country workbook (download it from the tool: {link}) and upload "
                "it, or write them in the tool."
            ),
            "reporting.mail.participant.one": (
                "Your organisation's contribution to {count} action is not submitted yet:\n{list}"
            ),
            "reporting.mail.participant.other": (
                "Your organisation's contributions to {count} actions are not submitted yet:\n"
                "{list}"
            ),
            "reporting.mail.overdue_subject": "EMPACT {cycle}: overdue since {due}",
            "reporting.mail.due_subject": "EMPACT {cycle}: due {when} ({due})",
            "reporting.mail.overdue": (
                "Reminder: the reporting cycle {cycle} was due on {due} ({when}) and closes on "
                "{closes}. Still missing:"
            ),
            "reporting.mail.due": (
                "Reminder: reports and contributions of the reporting cycle {cycle} are due "
                "{when}, on {due}. Still missing:"
            ),
            "reporting.mail.overdue_in_plan": (
                "{reports} and {contributions} are overdue in {actions}:\n{list}"
            ),
            "reporting.mail.overdue_plan_line": (
                "- {plan}: {reports} and {contributions} in {actions}"
            ),
            "reporting.mail.overdue_everywhere": "Overdue in {actions} of {plans}:\n{rows}",
        },
        "fr": {
            "records.reporting_cycles": "cycle de rapport",
            "records.action_reports": "rapport d'action",
            "records.contributions": "contribution",
            "records.indicator_values": "valeur",
            "records.reopenings": "réouverture",
            "records.cycle_runs": "exécution d'étape",
            "records.consolidations": "consolidation",
            "fields.reporting_cycle_id": "Cycle de rapport",
            "fields.period_start": "Début de période",
            "fields.period_end": "Fin de période",
            "fields.opens_on": "Ouverture",
            "fields.due_on": "Date limite",
            "fields.closes_on": "Clôture",
            "fields.progress": "Avancement",
            "fields.rag_status": "Statut",
            "fields.achievements": "Réalisations",
            "fields.obstacles": "Obstacles",
            "fields.next_steps": "Prochaines étapes",
            "fields.narrative": "Récit",
            "fields.value": "Valeur",
            "fields.text_value": "Choix",
            "fields.comment": "Commentaire",
            "fields.reason": "Motif",
            "fields.until": "Jusqu'au",
            "reporting.state.not_started": "Non commencé",
            "reporting.state.draft": "Brouillon",
            "reporting.state.submitted": "Soumis",
            "reporting.state.returned": "Renvoyé",
            "reporting.state.accepted": "Accepté",
            "reporting.state.missing": "Manquant",
            "reporting.cycle_state.planned": "Prévu",
            "reporting.cycle_state.open": "Ouvert",
            "reporting.cycle_state.closed": "Clos",
            "reporting.cycle_state.consolidated": "Consolidé",
            "reporting.cycle_cannot_open_again": (
                "Le cycle de rapport {cycle} est « {state} » : il ne peut pas rouvrir."
            ),
            "reporting.cycle_never_opened": (
                "Le cycle de rapport {cycle} n'a jamais été ouvert : ouvrez-le d'abord."
            ),
            "reporting.cycle_consolidated": (
                "Le cycle de rapport {cycle} est consolidé : ses résultats sont définitifs et "
                "ne peuvent plus changer."
            ),
            "reporting.cycle_closed": (
                "Le cycle de rapport {cycle} est clos depuis le {closed_on} : les rapports et "
                "les valeurs ne peuvent plus changer. Europol peut le rouvrir pour une action "
                "ou un pays."
            ),
            "reporting.only_closed_reopens": (
                "Le cycle de rapport {cycle} est « {state} » : seul un cycle clos se rouvre."
            ),
            "reporting.close_first": (
                "Le cycle de rapport {cycle} est « {state} » : clôturez-le d'abord."
            ),
            "reporting.not_consolidated_yet": (
                "Le cycle de rapport {cycle} n'est pas encore consolidé."
            ),
            "reporting.not_in_past": "ne doit pas être dans le passé",
            "reporting.either_action_or_country": (
                "indiquez soit une action, soit un pays, pas les deux"
            ),
            "reporting.one_value": "indiquez une seule chose : une valeur ou un choix",
            "reporting.report_handed_in": "Ce rapport est « {state} » : il a déjà été soumis.",
            "reporting.report_locked": (
                "Ce rapport est « {state} » : il ne change qu'une fois renvoyé par le pilote "
                "ou Europol."
            ),
            "reporting.only_submitted_returned": (
                "Ce rapport est « {state} » : seul un rapport soumis peut être renvoyé."
            ),
            "reporting.only_submitted_accepted": (
                "Ce rapport est « {state} » : seul un rapport soumis peut être accepté."
            ),
            "reporting.submitter_cannot_review": (
                "Vous avez soumis ce rapport : quelqu'un d'autre l'examine, son auteur ne peut "
                "ni le renvoyer ni l'accepter."
            ),
            "reporting.say_what_to_change": "dites ce que le responsable doit changer",
            "reporting.contribution_handed_in": (
                "Cette contribution est « {state} » : elle a déjà été soumise."
            ),
            "reporting.who_submits_contribution": (
                "Seuls l'organisation contributrice, le coordinateur de son pays ou, pour sa "
                "propre part, le responsable de l'action soumettent une contribution."
            ),
            "reporting.who_moves_report": (
                "Seul le responsable de l'action soumet son rapport, et seuls le pilote du plan "
                "ou Europol le renvoient ou l'acceptent."
            ),
            "reporting.who_reviews_contribution": (
                "Seuls le responsable de l'action, le pilote du plan ou Europol renvoient ou "
                "acceptent une contribution."
            ),
            "reporting.only_submitted_contribution_returned": (
                "Cette contribution est « {state} » : seule une contribution soumise peut être "
                "renvoyée."
            ),
            "reporting.only_submitted_contribution_accepted": (
                "Cette contribution est « {state} » : seule une contribution soumise peut être "
                "acceptée."
            ),
            "reporting.submitter_cannot_review_contribution": (
                "Vous avez soumis cette contribution : quelqu'un d'autre l'examine, son auteur "
                "ne peut ni la renvoyer ni l'accepter."
            ),
            "reporting.say_what_to_correct": "dites ce que le contributeur doit corriger",
            "reporting.contribution_locked": (
                "La contribution de {organisation} à {action} est « {state} » : ses chiffres "
                "et son récit ne changent qu'une fois renvoyée par le responsable de l'action, "
                "le pilote ou Europol."
            ),
            "reporting.only_europol_reopens": "Seul Europol rouvre un cycle clos.",
            "reporting.no_view.cycle-matrix": (
                "La matrice d'avancement de ce cycle ne vous est pas accessible."
            ),
            "reporting.no_view.cycle-results": (
                "Les résultats de ce cycle ne vous sont pas accessibles."
            ),
            "reporting.may_not_step.open": "Vous ne pouvez pas ouvrir un cycle de rapport.",
            "reporting.may_not_step.remind": ("Vous ne pouvez pas envoyer les rappels d'un cycle."),
            "reporting.may_not_step.close": "Vous ne pouvez pas clôturer un cycle de rapport.",
            "reporting.may_not_step.consolidate": (
                "Vous ne pouvez pas consolider un cycle de rapport."
            ),
            "reporting.may_not_step.runs": (
                "Vous ne pouvez pas voir les étapes exécutées d'un cycle."
            ),
            "reporting.takes_a_choice": "{indicator} se renseigne par l'un de ses choix",
            "reporting.one_of_choices": "doit être l'un de ces choix : {choices}",
            "reporting.takes_a_number": "{indicator} se renseigne par un nombre",
            "reporting.whole_units": "{indicator} se compte en nombre entier de {unit}",
            "reporting.whole_number": "{indicator} se renseigne par un nombre entier",
            "reporting.indicator_of_other_cycle": (
                "{indicator} n'est pas un indicateur de ce cycle de rapport"
            ),
            "reporting.count.action_reports.one": "{count} rapport d'action",
            "reporting.count.action_reports.other": "{count} rapports d'action",
            "reporting.count.reports.one": "{count} rapport",
            "reporting.count.reports.other": "{count} rapports",
            "reporting.count.contributions.one": "{count} contribution",
            "reporting.count.contributions.other": "{count} contributions",
            "reporting.count.actions.one": "{count} action",
            "reporting.count.actions.other": "{count} actions",
            "reporting.count.plans.one": "{count} plan",
            "reporting.count.plans.other": "{count} plans",
            "reporting.count.people.one": "{count} personne",
            "reporting.count.people.other": "{count} personnes",
            "reporting.count.indicators.one": "{count} indicateur",
            "reporting.count.indicators.other": "{count} indicateurs",
            "reporting.when.today": "aujourd'hui",
            "reporting.when.in_days.one": "dans {count} jour",
            "reporting.when.in_days.other": "dans {count} jours",
            "reporting.when.days_ago.one": "il y a {count} jour",
            "reporting.when.days_ago.other": "il y a {count} jours",
            "reporting.step.before.one": "{count} jour avant la date limite du {due}",
            "reporting.step.before.other": "{count} jours avant la date limite du {due}",
            "reporting.step.after.one": "{count} jour après la date limite du {due}",
            "reporting.step.after.other": "{count} jours après la date limite du {due}",
            "reporting.run.opened": (
                "Ouvert : {reports} et {contributions} attendus dans {plans} ; {people} "
                "informées de ce qu'elles doivent."
            ),
            "reporting.run.reminded": "Rappels envoyés à {people} ({step}).",
            "reporting.run.not_open": (
                "Aucun rappel : le cycle de rapport {cycle} est « {state} » ; les rappels ne "
                "partent que pendant qu'il est ouvert."
            ),
            "reporting.run.past_closing": (
                "Aucun rappel : sa date de clôture, le {closes}, est passée ; le cycle va être "
                "clos."
            ),
            "reporting.run.first_reminder_later": (
                "Aucun rappel à envoyer : le premier rappel part le {date}, {step}."
            ),
            "reporting.run.nothing_owed": (
                "Aucun rappel à envoyer : tous les rapports d'action et contributions sont soumis."
            ),
            "reporting.run.reminded_already": (
                "Aucun rappel à envoyer : quiconque doit encore quelque chose a reçu le rappel "
                "de cette étape ({step}). Le prochain rappel part le {date}, {next}."
            ),
            "reporting.run.reminded_already_last": (
                "Aucun rappel à envoyer : quiconque doit encore quelque chose a reçu le rappel "
                "de la dernière étape ({step}). Le cycle se clôt le {closes}."
            ),
            "reporting.run.closed": (
                "Clos le {date} : {reports} et {contributions} sont désormais manquants."
            ),
            "reporting.run.closed_complete": (
                "Clos le {date} : tous les rapports d'action et contributions ont été soumis."
            ),
            "reporting.run.consolidated": (
                "Consolidé : les totaux de {indicators} sont conservés avec le cycle, la "
                "synthèse est publiée sur l'exécution du flux et le classeur consolidé "
                "({size} ko) est prêt à être téléchargé."
            ),
            "reporting.run.emails.one": "{count} courriel envoyé.",
            "reporting.run.emails.other": "{count} courriels envoyés.",
            "reporting.run.nothing": "Rien à faire.",
            "reporting.run.failed": "Échec : {error}",
            "reporting.mail.list_line": "- {action} : {title}",
            "reporting.mail.list_more": "- et {count} de plus",
            "reporting.mail.report_returned_subject": "Rapport renvoyé : {action}, {cycle}",
            "reporting.mail.report_returned": (
                "{reviewer} a renvoyé le rapport de {action} pour le cycle de rapport {cycle}, "
                "en disant :\n\n{comment}\n\nCorrigez-le et soumettez-le à nouveau dans "
                "l'outil (Mon travail)."
            ),
            "reporting.mail.report_accepted_subject": "Rapport accepté : {action}, {cycle}",
            "reporting.mail.report_accepted": (
                "{reviewer} a accepté le rapport de {action} pour le cycle de rapport "
                "{cycle}.\n\nCommentaire : {comment}"
            ),
            "reporting.mail.contribution_returned_subject": (
                "Contribution renvoyée : {organisation} à {action}, {cycle}"
            ),
            "reporting.mail.contribution_returned": (
                "{reviewer} a renvoyé la contribution de {organisation} à {action} pour le "
                "cycle de rapport {cycle}, en disant :\n\n{comment}\n\nCorrigez-la et "
                "soumettez-la à nouveau dans l'outil (Mon travail)."
            ),
            "reporting.mail.contribution_accepted_subject": (
                "Contribution acceptée : {organisation} à {action}, {cycle}"
            ),
            "reporting.mail.contribution_accepted": (
                "{reviewer} a accepté la contribution de {organisation} à {action} pour le "
                "cycle de rapport {cycle}.\n\nCommentaire : {comment}"
            ),
            "reporting.mail.opened_subject": (
                "Le cycle de rapport EMPACT {cycle} est ouvert : à remettre avant le {due}"
            ),
            "reporting.mail.opened": (
                "Le cycle de rapport {cycle} (période du {start} au {end}) est ouvert. Les "
                "rapports et contributions sont attendus pour le {due} ; le cycle se clôt le "
                "{closes}."
            ),
            "reporting.mail.leader.one": (
                "Le rapport de {count} action que vous dirigez n'est pas encore soumis :\n"
                "{list}\nRédigez-le et soumettez-le dans l'outil (Mon travail)."
            ),
            "reporting.mail.leader.other": (
                "Les rapports de {count} actions que vous dirigez ne sont pas encore soumis :\n"
                "{list}\nRédigez-les et soumettez-les dans l'outil (Mon travail)."
            ),
            "reporting.mail.coordinator.one": (
                "La contribution de {country} à {count} action n'est pas encore soumise :\n"
                "{list}\nRemplissez le classeur du pays (téléchargez-le depuis l'outil : "
                "{link}) et téléversez-le, ou saisissez-la dans l'outil."
            ),
            "reporting.mail.coordinator.other": (
                "Les contributions de {country} à {count} actions ne sont pas encore soumises :"
                "\n{list}\nRemplissez le classeur du pays (téléchargez-le depuis l'outil : "
                "{link}) et téléversez-le, ou saisissez-les dans l'outil."
            ),
            "reporting.mail.participant.one": (
                "La contribution de votre organisation à {count} action n'est pas encore "
                "soumise :\n{list}"
            ),
            "reporting.mail.participant.other": (
                "Les contributions de votre organisation à {count} actions ne sont pas encore "
                "soumises :\n{list}"
            ),
            "reporting.mail.overdue_subject": "EMPACT {cycle} : en retard depuis le {due}",
            "reporting.mail.due_subject": "EMPACT {cycle} : à remettre {when} ({due})",
            "reporting.mail.overdue": (
                "Rappel : le cycle de rapport {cycle} était attendu pour le {due} ({when}) et "
                "se clôt le {closes}. Manque encore :"
            ),
            "reporting.mail.due": (
                "Rappel : les rapports et contributions du cycle de rapport {cycle} sont "
                "attendus {when}, le {due}. Manque encore :"
            ),
            "reporting.mail.overdue_in_plan": (
                "{reports} et {contributions} sont en retard dans {actions} :\n{list}"
            ),
            "reporting.mail.overdue_plan_line": (
                "- {plan} : {reports} et {contributions} dans {actions}"
            ),
            "reporting.mail.overdue_everywhere": "En retard dans {actions} de {plans} :\n{rows}",
        },
    }
)


def count(what: str, number: int) -> i18n.Message:
    """ "247 action reports", "1 804 contributions": `what` is one of the counted things above."""
    return i18n.message(f"reporting.count.{what}", count=number)


def state(value: str) -> i18n.Message:
    """A report's or a contribution's state as the screens name it."""
    return i18n.message(f"reporting.state.{value}")


def cycle_state(value: str) -> i18n.Message:
    return i18n.message(f"reporting.cycle_state.{value}")
