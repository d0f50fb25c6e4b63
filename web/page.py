"""The careers page: the template in `templates/index.html`, filled from the knowledge base.

Every statement on the page is a reply of `actions.answers` (the same texts the assistant gives)
or a chart of `web.salary_chart`; everything inserted is HTML-escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from string import Template
from typing import List

from actions import answers
from actions.knowledge import KnowledgeBase
from web.salary_chart import CONVERTED_NOTE, PERIODS, Chart, bar, comparison_chart, profession_chart

TEMPLATE = Path(__file__).resolve().parent / "templates" / "index.html"


def chart_description(chart: Chart) -> str:
    """The chart's figures as text, for the image's alt attribute."""
    parts = []
    for label, row in chart.rows:
        ranges = []
        for period, name in PERIODS:
            b = bar(label, row, period)
            ranges.append(f"{name} {b.text}" + (f" ({CONVERTED_NOTE})" if b.converted else ""))
        parts.append(f"{label}: {'; '.join(ranges)}")
    return f"{chart.title}. " + ". ".join(parts) + "."


def _figure(chart: Chart, url: str) -> str:
    return f'<figure class="chart"><img src="{escape(url)}" alt="{escape(chart_description(chart))}" width="640"></figure>'


def _sources(kb: KnowledgeBase, files: List[str]) -> str:
    """The source line as the assistant writes it under its answers."""
    return f'<p class="source">{escape(answers.Reply("", sources=files).render(kb).strip())}</p>'


def _paragraph(reply: answers.Reply) -> str:
    return f"<p>{escape(reply.text)}</p>" if reply.sources else ""


def profession_section(kb: KnowledgeBase, key: str) -> str:
    """One profession: what the articles say about its work and market, its salary text and chart."""
    job = kb.profession(key)
    blocks: List[str] = [f'<section class="profession" aria-labelledby="{key}"><h2 id="{key}">{escape(job.name)}</h2>']
    for topic in (t for t in kb.topics if t.on_page):
        if kb.fact(key, topic.key):
            blocks.append(f"<h3>{escape(topic.label)}</h3>{_paragraph(answers.topic_answer(kb, topic.key, key))}")
    blocks.append(f"<h3>Gehalt</h3>{_paragraph(answers.salary_answer(kb, key))}")
    if kb.salary_rows(key):
        blocks.append(_figure(profession_chart(kb, key), f"/charts/salary.png?profession={key}"))
    blocks.append(_sources(kb, [job.source_file]))
    blocks.append("</section>")
    return "\n".join(blocks)


def render_page(kb: KnowledgeBase, rasa_url: str) -> str:
    """The whole page, the widget pointed at `rasa_url`."""
    sections = "\n".join(profession_section(kb, p.key) for p in kb.professions)
    comparison = answers.comparison_answer(kb)
    level = kb.common_level()
    comparison_html = (
        _paragraph(comparison)
        + _figure(comparison_chart(kb, level), f"/charts/comparison.png?level={level}")
        + _sources(kb, comparison.sources)
    )
    sources = "\n".join(f"<li>„{escape(title)}“</li>" for title in kb.titles.values())
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        sections=sections, comparison=comparison_html, sources=sources, rasa_url=escape(rasa_url),
        professions=escape(answers.listing([p.name for p in kb.professions])), covered=escape(answers.covered_professions(kb)),
    )
