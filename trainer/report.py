"""Presentation shared by the review and evaluate reports: Markdown tables, a chart, and the HTML page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

# Characters that would turn user text into Markdown formatting or break a table row.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def cell(text: str) -> str:
    """Text for one table cell: on one line, with Markdown's special characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table, or a line saying there is nothing to show."""
    if not rows:
        return "(keine)"
    lines = [
        "| " + " | ".join(cell(h) for h in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def per_day_chart(counts: Dict[date, Tuple[int, int]], path: Path) -> None:
    """Messages (bars) and conversations (line) per day as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    days = sorted(counts)
    figure, axis = plt.subplots(figsize=(max(6.0, 0.35 * len(days)), 3.5))
    axis.bar(days, [counts[d][0] for d in days], color="#4C72B0", label="Nachrichten")
    axis.plot(days, [counts[d][1] for d in days], color="#DD8452", marker="o", label="Gespräche")
    axis.set_ylabel("Anzahl")
    axis.legend(loc="upper left")
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def html_page(title: str, markdown_text: str) -> str:
    """The Markdown report as a standalone HTML page; raw HTML in it (from user messages) is shown as text."""
    import html

    import markdown

    converter = markdown.Markdown(extensions=["tables"])
    # User messages may contain markup: with these two gone, every '<' is escaped instead of passed through.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    body = converter.convert(markdown_text)
    return (
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}"
        "img{max-width:100%}</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def bullet_list(items: List[str]) -> str:
    return "\n".join(f"- {item}" for item in items) if items else "(keine)"
