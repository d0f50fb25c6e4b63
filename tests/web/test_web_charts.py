"""The salary charts: only the knowledge base's figures and their 12-salary conversions, drawn as such."""

from __future__ import annotations

import struct
from typing import List

import pytest
from matplotlib.text import Annotation, Text

from actions import answers
from actions.knowledge import KnowledgeBase, knowledge_base
from actions.answers import supported_amounts
from bench.answer_quality import stated_amounts as amounts
from web.salary_chart import (
    CONVERTED_NOTE,
    PERIODS,
    Chart,
    UnknownChart,
    comparison_chart,
    draw,
    profession_chart,
    render_png,
)


def all_charts(kb: KnowledgeBase) -> List[Chart]:
    charts = [profession_chart(kb, p.key) for p in kb.professions if kb.salary_rows(p.key)]
    for level in kb.levels:
        try:
            charts.append(comparison_chart(kb, level.key))
        except UnknownChart:
            continue
    return charts


CHARTS = all_charts(knowledge_base())


def drawn_text(chart: Chart) -> str:
    return "\n".join(text.get_text() for text in draw(chart).findobj(Text))


@pytest.mark.parametrize("chart", CHARTS, ids=[c.title for c in CHARTS])
def test_every_amount_drawn_is_a_figure_or_its_conversion(chart: Chart, kb: KnowledgeBase) -> None:
    text = drawn_text(chart)
    assert amounts(text) <= supported_amounts(kb), text
    for _, row in chart.rows:
        assert answers.bounds(row, 1) in text, "each row as the article states it"


@pytest.mark.parametrize("chart", CHARTS, ids=[c.title for c in CHARTS])
def test_conversions_open_bounds_readings_and_sources_are_marked(chart: Chart, kb: KnowledgeBase) -> None:
    text = drawn_text(chart)
    rows = [row for _, row in chart.rows]
    # Each row is stated in one period and converted into the other.
    assert text.count(CONVERTED_NOTE) >= len(rows)
    for row in rows:
        assert f"Quelle: „{kb.source_title(row.source.file)}“" in text.replace("\n  ", " ")
        if not row.period_stated:
            assert "als Monatsgehalt gelesen" in text.replace("\n  ", " ")
    open_rows = [row for row in rows if row.upper is None]
    assert text.count("mehr als") == len([r for r in open_rows if r.lower_exclusive]) * len(PERIODS)
    arrows = [a for a in draw(chart).findobj(Annotation) if a.arrow_patch is not None]
    assert len(arrows) == len(open_rows) * len(PERIODS), "an open bound ends in an arrow in each panel"


def test_some_chart_has_an_open_bound_to_draw() -> None:
    assert any(row.upper is None for chart in CHARTS for _, row in chart.rows), "else the arrows go untested"


def test_no_comparison_where_one_profession_has_no_figure(kb: KnowledgeBase) -> None:
    missing = [t.key for t in kb.levels if sum(1 for r in kb.salaries if r.level == t.key) < 2]
    assert missing, "a level without figures for both professions exists"
    for level in missing:
        with pytest.raises(UnknownChart):
            comparison_chart(kb, level)


def test_chart_is_a_png_narrow_enough_for_the_widget(kb: KnowledgeBase) -> None:
    png = render_png(profession_chart(kb, "medizin_ingenieur"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert width == 640 and 300 < height < 900
