"""What action plans and operational actions say to people, in English and French, and the
one way to name an action."""

from backend import i18n

i18n.register(
    {
        "en": {
            "records.action_plans": "action plan",
            "records.operational_actions": "operational action",
            "records.participations": "participation",
            "records.action_plan_co_drivers": "co-driver",
            "fields.short_code": "Short code",
            "fields.period": "Period",
            "fields.driver_id": "Driver",
            "fields.co_driver_ids": "Co-drivers",
            "fields.title": "Title",
            "fields.strategic_goal_id": "Strategic goal",
            "fields.leader_id": "Leader",
            "fields.start_date": "Start",
            "fields.end_date": "End",
            "fields.state": "State",
            "fields.expected_results": "Expected results",
            "fields.budget_eur": "Budget (EUR)",
            "fields.grant_reference": "Grant reference",
            "fields.action_id": "Action",
            "fields.participation_id": "Participation",
            "plans.period_forwards": "must run forwards, e.g. 2026-2027",
            "plans.driver_not_co_driver": "the driver cannot also be a co-driver",
            "plans.goal_of_other_cycle": "the goal belongs to another policy cycle than the plan",
            "plans.leader_role_only_for_leader": (
                "only the action's leader has the leader role: change the action's leader"
            ),
            "plans.leader_keeps_role": "the action's leader keeps the leader role",
            "plans.leader_participation_stays": (
                "The leader's participation goes only when the action's leader changes."
            ),
        },
        "fr": {
            "records.action_plans": "plan d'action",
            "records.operational_actions": "action opérationnelle",
            "records.participations": "participation",
            "records.action_plan_co_drivers": "copilote",
            "fields.short_code": "Code court",
            "fields.period": "Période",
            "fields.driver_id": "Pilote",
            "fields.co_driver_ids": "Copilotes",
            "fields.title": "Titre",
            "fields.strategic_goal_id": "Objectif stratégique",
            "fields.leader_id": "Responsable",
            "fields.start_date": "Début",
            "fields.end_date": "Fin",
            "fields.state": "État",
            "fields.expected_results": "Résultats attendus",
            "fields.budget_eur": "Budget (EUR)",
            "fields.grant_reference": "Référence de subvention",
            "fields.action_id": "Action",
            "fields.participation_id": "Participation",
            "plans.period_forwards": "doit aller vers l'avant, par exemple 2026-2027",
            "plans.driver_not_co_driver": "le pilote ne peut pas être aussi copilote",
            "plans.goal_of_other_cycle": (
                "l'objectif appartient à un autre cycle politique que le plan"
            ),
            "plans.leader_role_only_for_leader": (
                "seul le responsable de l'action a le rôle de responsable : changez le "
                "responsable de l'action"
            ),
            "plans.leader_keeps_role": "le responsable de l'action garde le rôle de responsable",
            "plans.leader_participation_stays": (
                "La participation du responsable ne s'en va que si le responsable de l'action "
                "change."
            ),
        },
    }
)


def action_name(plan_short_code: str, code: str) -> str:
    """An action as people name it, with its plan: every plan has its own OA 2.1.
    "CCH · OA 2.1"."""
    return f"{plan_short_code} · {code}" if plan_short_code else code
