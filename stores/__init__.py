"""Rasa stores of the scaled profile (endpoints.scaled.yml)."""
