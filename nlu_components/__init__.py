"""Custom components of the NLU pipeline (config.yml): umlauts typed as two letters, language identification, questions taken for small talk, long messages."""
