"""Tools for the people who improve the assistant: conversation review and quality reports (docs/TRAINING.md)."""
