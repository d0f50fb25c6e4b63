"""Telegram front end for the career-advice assistant.

A small python-telegram-bot process that relays Telegram chats to the assistant over
Rasa's REST channel. Run it with ``python -m telegram_bridge``.
"""
