"""Messages to people: an in-app inbox, and email through SMTP or an outbox folder."""
