"""What accounts, sign-in and the policy say to people, in English and French."""

from backend import i18n

i18n.register(
    {
        "en": {
            "records.users": "user",
            "records.role_grants": "role grant",
            "records.auth_sessions": "session",
            "fields.username": "Username",
            "fields.full_name": "Full name",
            "fields.email": "Email",
            "fields.organisation_id": "Organisation",
            "fields.language": "Language",
            "fields.is_active": "Active",
            "fields.password": "Password",
            "fields.user_id": "User",
            "fields.role": "Role",
            "fields.action_plan_id": "Action plan",
            "fields.country_code": "Country",
            "access.role.admin": "administrator",
            "access.role.europol": "EMPACT support (Europol)",
            "access.role.driver": "driver",
            "access.role.leader": "action leader",
            "access.role.nec": "national coordinator",
            "access.role.participant": "participant",
            "access.password_length": "must be {least} to {most} characters long",
            "access.scope_required": "is required for the {role} role",
            "access.scope_not_of_role": "is not a scope of the {role} role",
            "access.no_organisation_of_country": "no organisation of country {country}",
            "access.too_many_attempts": (
                "Too many failed sign-ins for this account or address: try again in "
                "{minutes} minutes."
            ),
            "access.wrong_credentials": "Wrong username or password.",
            "access.sign_in_first": "Sign in first: no session, or it has expired.",
            "access.csrf": (
                "The page's security token is missing or out of date: reload the page and "
                "try again."
            ),
        },
        "fr": {
            "records.users": "utilisateur",
            "records.role_grants": "attribution de rôle",
            "records.auth_sessions": "session",
            "fields.username": "Identifiant",
            "fields.full_name": "Nom complet",
            "fields.email": "Courriel",
            "fields.organisation_id": "Organisation",
            "fields.language": "Langue",
            "fields.is_active": "Actif",
            "fields.password": "Mot de passe",
            "fields.user_id": "Utilisateur",
            "fields.role": "Rôle",
            "fields.action_plan_id": "Plan d'action",
            "fields.country_code": "Pays",
            "access.role.admin": "administrateur",
            "access.role.europol": "support EMPACT (Europol)",
            "access.role.driver": "pilote",
            "access.role.leader": "responsable d'action",
            "access.role.nec": "coordinateur national",
            "access.role.participant": "participant",
            "access.password_length": "doit compter de {least} à {most} caractères",
            "access.scope_required": "est obligatoire pour le rôle {role}",
            "access.scope_not_of_role": "n'est pas un périmètre du rôle {role}",
            "access.no_organisation_of_country": "aucune organisation du pays {country}",
            "access.too_many_attempts": (
                "Trop de connexions échouées pour ce compte ou cette adresse : réessayez dans "
                "{minutes} minutes."
            ),
            "access.wrong_credentials": "Identifiant ou mot de passe incorrect.",
            "access.sign_in_first": "Connectez-vous d'abord : aucune session, ou elle a expiré.",
            "access.csrf": (
                "Le jeton de sécurité de la page manque ou n'est plus valable : rechargez la "
                "page et réessayez."
            ),
        },
    }
)


def role(name: str) -> i18n.Message:
    return i18n.message(f"access.role.{name}")
