"""The careers web page: the page, the embeddable chat widget and the salary charts (``python -m web``)."""
