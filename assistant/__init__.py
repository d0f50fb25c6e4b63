"""How the assistant is started: Rasa with this project's patches, and the secured action server."""
