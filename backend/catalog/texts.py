"""What the catalog says to people, in English and French, and the names of its records in
the reader's language."""

from backend import i18n

i18n.register(
    {
        "en": {
            "records.policy_cycles": "policy cycle",
            "records.priorities": "priority",
            "records.sub_priorities": "sub-priority",
            "records.strategic_goals": "strategic goal",
            "records.organisations": "organisation",
            "records.indicators": "indicator",
            "fields.code": "Code",
            "fields.name": "Name",
            "fields.name_fr": "Name in French",
            "fields.description": "Description",
            "fields.start_year": "First year",
            "fields.end_year": "Last year",
            "fields.policy_cycle_id": "Policy cycle",
            "fields.priority_id": "Priority",
            "fields.sub_priority_id": "Sub-priority",
            "fields.horizontal": "Horizontal",
            "fields.kind": "Kind",
            "fields.aggregation": "Aggregation",
            "fields.choices": "Choices",
            "fields.min_value": "Smallest value",
            "fields.max_value": "Largest value",
            "fields.position": "Position",
            "fields.active": "Active",
            "fields.unit": "Unit",
            "fields.unit_fr": "Unit in French",
            "fields.indicator_id": "Indicator",
            "catalog.country_required": "is required for a country",
            "catalog.within_storage": "must be within ±{limit}",
            "catalog.choices_required": "are required for a choice indicator",
            "catalog.choice_not_added_up": "a choice indicator cannot be added up: choose none",
            "catalog.choices_only_for_choice": "are only for choice indicators",
        },
        "fr": {
            "records.policy_cycles": "cycle politique",
            "records.priorities": "priorité",
            "records.sub_priorities": "sous-priorité",
            "records.strategic_goals": "objectif stratégique",
            "records.organisations": "organisation",
            "records.indicators": "indicateur",
            "fields.code": "Code",
            "fields.name": "Nom",
            "fields.name_fr": "Nom en français",
            "fields.description": "Description",
            "fields.start_year": "Première année",
            "fields.end_year": "Dernière année",
            "fields.policy_cycle_id": "Cycle politique",
            "fields.priority_id": "Priorité",
            "fields.sub_priority_id": "Sous-priorité",
            "fields.horizontal": "Horizontal",
            "fields.kind": "Type",
            "fields.aggregation": "Agrégation",
            "fields.choices": "Choix",
            "fields.min_value": "Valeur minimale",
            "fields.max_value": "Valeur maximale",
            "fields.position": "Position",
            "fields.active": "Actif",
            "fields.unit": "Unité",
            "fields.unit_fr": "Unité en français",
            "fields.indicator_id": "Indicateur",
            "catalog.country_required": "est obligatoire pour un pays",
            "catalog.within_storage": "doit être compris entre -{limit} et {limit}",
            "catalog.choices_required": "sont obligatoires pour un indicateur à choix",
            "catalog.choice_not_added_up": (
                "un indicateur à choix ne s'additionne pas : choisissez aucune"
            ),
            "catalog.choices_only_for_choice": "sont réservés aux indicateurs à choix",
        },
    }
)


def indicator_name(name: str, name_fr: str | None) -> i18n.Translated:
    """An indicator's name, in French where it has a French name."""
    return i18n.translated(name, fr=name_fr)


def indicator_unit(unit: str, unit_fr: str | None) -> i18n.Translated:
    return i18n.translated(unit, fr=unit_fr)
