"""Custom components of the NLU pipeline (config.yml): language identification, questions taken for small talk, long messages."""
