"""Custom components of the NLU pipeline (config.yml): language identification and long messages."""
