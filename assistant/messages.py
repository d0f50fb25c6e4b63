"""The German texts the channels and Rasa patches send when something is wrong, not the assistant's answers."""

#: A custom action failed, hung or its server is down; says it is temporary, unlike "no answer to that".
ACTION_UNAVAILABLE = (
    "Entschuldigung, ich kann gerade wegen einer technischen Störung nicht nachschlagen. "
    "Bitte fragen Sie in ein paar Minuten noch einmal; Ihr bisheriges Gespräch bleibt erhalten."
)
#: The conversation store could not be read or written.
STORE_UNAVAILABLE = (
    "Entschuldigung, wegen einer technischen Störung kann ich Ihre Nachricht gerade nicht verarbeiten. "
    "Bitte versuchen Sie es in ein paar Minuten noch einmal; Ihr bisheriges Gespräch bleibt erhalten."
)
#: Any other failure while processing a message.
PROCESSING_FAILED = "Entschuldigung, dabei ist bei mir ein Fehler passiert. Bitte versuchen Sie es noch einmal."
