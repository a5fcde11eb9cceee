"""What the audit trail says of each event, in English and French. The English text is also
stored in the event's `detail`, sealed with the rest; each reader sees the event's message
in their own language."""

from backend import i18n

i18n.register(
    {
        "en": {
            "records.audit_events": "audit event",
            # Refusals of the resource API.
            "audit.refused.read": "read refused: not readable",
            "audit.refused.update": "update refused: outside the caller's scope",
            "audit.refused.delete": "delete refused: outside the caller's scope",
            "audit.refused.create": "create refused: outside the caller's scope",
            "audit.refused.create_role": "create refused: the caller's roles do not create these",
            "audit.refused.list": "list refused: the caller's roles do not read these",
            "audit.refused.csrf": "{method} {path} refused: missing or wrong CSRF token",
            "audit.refused.too_many_attempts": "refused: too many failed attempts, try again later",
            "audit.refused.wrong_password": "wrong username or password, or account disabled",
            # Refusals of the reporting cycle's steps, reports and contributions.
            "audit.refused.step": "{step} of reporting cycle {cycle} refused",
            "audit.refused.report_move": "change of the report's state refused",
            "audit.refused.contribution_submit": "submission of the contribution refused",
            "audit.refused.contribution_review": "review of the contribution refused",
            "audit.refused.reopening": "create refused",
            "audit.refused.cycle_view": "{view} of reporting cycle {cycle} refused: {why}",
            "audit.refused.my_work": "refused",
            "audit.view.cycle-matrix": "Progress matrix",
            "audit.view.cycle-results": "Results",
            "audit.why.roles": "the caller's roles do not read it",
            "audit.why.plan": "action plan {plan} is out of reach",
            # Refusals of workbooks.
            "audit.refused.plan_template": "plan workbook template refused",
            "audit.refused.plan_load_role": (
                "create refused: the caller's roles do not load plan workbooks"
            ),
            "audit.refused.plan_workbook": "plan workbook refused ({code}): {reason}",
            "audit.refused.plan_download": "plan workbook of action plan {plan} refused",
            "audit.refused.country_workbook": "country workbook of {country} refused",
            "audit.refused.action_workbook": "action workbook of action {action} refused",
            "audit.refused.consolidated_workbook": "consolidated workbook refused",
            "audit.refused.upload": "upload of {filename} refused ({code}): {reason}",
            "audit.refused.upload_step": "{step} refused ({code}): {reason}",
            "audit.upload_step.apply": "apply",
            "audit.upload_step.revert": "revert",
            # What was done.
            "audit.cycle_moved": "reporting cycle {cycle}: {state}",
            "audit.reports_made.one": "{count} empty report of plan {plan} for cycle {cycle}",
            "audit.reports_made.other": "{count} empty reports of plan {plan} for cycle {cycle}",
            "audit.contributions_made.one": (
                "{count} empty contribution of plan {plan} for cycle {cycle}"
            ),
            "audit.contributions_made.other": (
                "{count} empty contributions of plan {plan} for cycle {cycle}"
            ),
            "audit.missing.one": "{count} not submitted when {cycle} closed: missing",
            "audit.missing.other": "{count} not submitted when {cycle} closed: missing",
            "audit.reopened": "{cycle} reopened until {until}: {reason}",
            "audit.step_started": "{step} of reporting cycle {cycle} started: flow run {run}",
            "audit.plan_loaded": "new plan {plan} loaded from a plan workbook, sha256 {sha256}",
            "audit.upload_planned": "planned {filename}",
            "audit.upload_done": "{status} workbook sha256 {sha256}",
            "audit.upload_status.planned": "planned",
            "audit.upload_status.rejected": "rejected",
            "audit.upload_status.applied": "applied",
            "audit.upload_status.reverted": "reverted",
            # The steps of a cycle, as the cockpit names them.
            "audit.step.open": "Opening",
            "audit.step.remind": "Reminders",
            "audit.step.close": "Closing",
            "audit.step.consolidate": "Consolidation",
            "audit.step.runs": "Step runs",
            "audit.step.open_cycle": "Opening",
            "audit.step.send_reminders": "Reminders",
            "audit.step.close_cycle": "Closing",
            "audit.step.consolidate_cycle": "Consolidation",
        },
        "fr": {
            "records.audit_events": "événement du journal d'audit",
            "audit.refused.read": "lecture refusée : enregistrement hors de la portée de lecture",
            "audit.refused.update": "modification refusée : hors du périmètre de l'utilisateur",
            "audit.refused.delete": "suppression refusée : hors du périmètre de l'utilisateur",
            "audit.refused.create": "création refusée : hors du périmètre de l'utilisateur",
            "audit.refused.create_role": (
                "création refusée : les rôles de l'utilisateur ne le permettent pas"
            ),
            "audit.refused.list": (
                "liste refusée : les rôles de l'utilisateur ne permettent pas de la lire"
            ),
            "audit.refused.csrf": "{method} {path} refusé : jeton CSRF absent ou erroné",
            "audit.refused.too_many_attempts": (
                "refusé : trop de tentatives échouées, réessayer plus tard"
            ),
            "audit.refused.wrong_password": (
                "identifiant ou mot de passe erroné, ou compte désactivé"
            ),
            "audit.refused.step": "{step} du cycle de rapport {cycle} refusée",
            "audit.refused.report_move": "changement d'état du rapport refusé",
            "audit.refused.contribution_submit": "soumission de la contribution refusée",
            "audit.refused.contribution_review": "examen de la contribution refusé",
            "audit.refused.reopening": "création refusée",
            "audit.refused.cycle_view": "{view} du cycle de rapport {cycle} refusé : {why}",
            "audit.refused.my_work": "refusé",
            "audit.view.cycle-matrix": "Matrice d'avancement",
            "audit.view.cycle-results": "Résultats",
            "audit.why.roles": "les rôles de l'utilisateur ne permettent pas de le lire",
            "audit.why.plan": "le plan d'action {plan} est hors de portée",
            "audit.refused.plan_template": "modèle de classeur de plan refusé",
            "audit.refused.plan_load_role": (
                "création refusée : les rôles de l'utilisateur ne chargent pas de classeurs de plan"
            ),
            "audit.refused.plan_workbook": "classeur de plan refusé ({code}) : {reason}",
            "audit.refused.plan_download": "classeur du plan d'action {plan} refusé",
            "audit.refused.country_workbook": "classeur pays de {country} refusé",
            "audit.refused.action_workbook": "classeur de l'action {action} refusé",
            "audit.refused.consolidated_workbook": "classeur consolidé refusé",
            "audit.refused.upload": "dépôt de {filename} refusé ({code}) : {reason}",
            "audit.refused.upload_step": "{step} refusé ({code}) : {reason}",
            "audit.upload_step.apply": "application",
            "audit.upload_step.revert": "annulation",
            "audit.cycle_moved": "cycle de rapport {cycle} : {state}",
            "audit.reports_made.one": "{count} rapport vide du plan {plan} pour le cycle {cycle}",
            "audit.reports_made.other": (
                "{count} rapports vides du plan {plan} pour le cycle {cycle}"
            ),
            "audit.contributions_made.one": (
                "{count} contribution vide du plan {plan} pour le cycle {cycle}"
            ),
            "audit.contributions_made.other": (
                "{count} contributions vides du plan {plan} pour le cycle {cycle}"
            ),
            "audit.missing.one": "{count} non soumis à la clôture de {cycle} : manquant",
            "audit.missing.other": "{count} non soumis à la clôture de {cycle} : manquants",
            "audit.reopened": "{cycle} rouvert jusqu'au {until} : {reason}",
            "audit.step_started": ("{step} du cycle de rapport {cycle} lancée : exécution {run}"),
            "audit.plan_loaded": (
                "nouveau plan {plan} chargé depuis un classeur de plan, sha256 {sha256}"
            ),
            "audit.upload_planned": "{filename} préparé",
            "audit.upload_done": "classeur {status}, sha256 {sha256}",
            "audit.upload_status.planned": "préparé",
            "audit.upload_status.rejected": "rejeté",
            "audit.upload_status.applied": "appliqué",
            "audit.upload_status.reverted": "annulé",
            "audit.step.open": "Ouverture",
            "audit.step.remind": "Relance",
            "audit.step.close": "Clôture",
            "audit.step.consolidate": "Consolidation",
            "audit.step.runs": "Consultation des étapes",
            "audit.step.open_cycle": "Ouverture",
            "audit.step.send_reminders": "Relance",
            "audit.step.close_cycle": "Clôture",
            "audit.step.consolidate_cycle": "Consolidation",
        },
    }
)
