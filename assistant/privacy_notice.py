"""The German privacy notice (/start in Telegram, /datenschutz on the careers page) and the retention period it states."""

from __future__ import annotations

import os

from actions.contact import load_contact

DEFAULT_RETENTION_DAYS = 30


def retention_days() -> int:
    """How many days a conversation is kept after its last message: RETENTION_DAYS, else the default."""
    return int(os.environ.get("RETENTION_DAYS") or DEFAULT_RETENTION_DAYS)


def privacy_notice() -> str:
    """The short German privacy notice: what is stored, for how long, how to delete it, whom to ask."""
    contact = load_contact()
    return (
        "Datenschutz: Gespeichert werden Ihre Nachrichten an den Assistenten und seine Antworten, unter einer "
        "Gesprächskennung ohne Ihren Namen, damit das Gespräch weitergehen kann und der Assistent verbessert "
        f"werden kann. Nach {retention_days()} Tagen ohne neue Nachricht wird das Gespräch automatisch gelöscht. "
        "Sofort löschen: /vergessen in Telegram, „Meine Daten löschen“ im Chatfenster der Webseite. "
        "Die Daten werden nicht an Dritte weitergegeben. "
        f"Fragen zum Datenschutz: {contact.name}, {contact.url or contact.address}"
    )
