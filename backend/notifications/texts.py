"""What notifications say to people, in English and French."""

from backend import i18n

i18n.register(
    {
        "en": {
            "records.notifications": "message",
            "notifications.footer": (
                "This message was sent by EMPACT, the reporting tool of the EMPACT operational "
                "action plans. You can also find it in your inbox in EMPACT."
            ),
        },
        "fr": {
            "records.notifications": "message",
            "notifications.footer": (
                "Ce message a été envoyé par EMPACT, l'outil de rapport des plans d'action "
                "opérationnels EMPACT. Vous le retrouvez aussi dans votre boîte de réception "
                "dans EMPACT."
            ),
        },
    }
)
