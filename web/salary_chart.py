"""Bar charts of the salary ranges in the knowledge base, month and year side by side, as PNG.

Every amount drawn is a figure of `salary_table.yml` or that figure multiplied or divided by 12;
converted bars are hatched and labelled "umgerechnet, 12 Gehälter", an open bound ("mehr als")
fades out to the right with an arrow, and the sources stand under the chart.
"""

from __future__ import annotations

import io
import textwrap
import warnings
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

# matplotlib 3.5 (Rasa's pin) uses pyparsing names that the installed pyparsing deprecates, loudly.
warnings.filterwarnings("ignore", message=r".* deprecated - use ", module=r"matplotlib\.")
from matplotlib.figure import Figure  # noqa: E402

from actions.answers import PERIOD_READING, bounds, capitalised, period_factor
from actions.knowledge import KnowledgeBase, SalaryRow

PERIODS = (("monat", "im Monat"), ("jahr", "im Jahr"))
CONVERTED_NOTE = "umgerechnet, 12 Gehälter"
STATED_COLOUR = "#0b4f8a"
CONVERTED_COLOUR = "#4f82b8"
TEXT_COLOUR = "#1f1f1f"
TRACK_COLOUR = "#d0d0d0"
# How far right of the largest figure an open bound's bar runs before it has faded out.
OPEN_BOUND_REACH = 1.3
FADE_STEPS = 12
# Narrow enough to stay legible at the width of the chat widget (about 340 pixels).
WIDTH_INCHES = 6.4
NOTE_WIDTH = 78
BAR_HEIGHT = 0.28


class UnknownChart(LookupError):
    """No chart for this profession or level: the knowledge base has no figures for it."""


@dataclass(frozen=True)
class Bar:
    """One salary range as drawn in one period's panel."""

    label: str
    lower: float
    upper: Optional[float]
    converted: bool
    text: str


@dataclass(frozen=True)
class Chart:
    """What a chart shows: its title, one labelled row per salary row, and the notes under it."""

    title: str
    rows: Tuple[Tuple[str, SalaryRow], ...]
    notes: Tuple[str, ...]


def bar(label: str, row: SalaryRow, period: str) -> Bar:
    """The row in `period`: as stated, or converted with 12 salaries a year."""
    factor = period_factor(row, period)
    gross = " brutto" if row.gross_stated else ""
    return Bar(
        label=label,
        lower=row.lower * factor,
        upper=None if row.upper is None else row.upper * factor,
        converted=factor != 1.0,
        text=f"{bounds(row, factor)}{gross}",
    )


def _notes(kb: KnowledgeBase, rows: Sequence[SalaryRow]) -> Tuple[str, ...]:
    unread = sorted({(kb.profession(r.profession).about, PERIOD_READING[r.period]) for r in rows if not r.period_stated})
    notes = [f"Der Artikel {about} nennt keinen Zeitraum; die Beträge sind als {reading} gelesen." for about, reading in unread]
    notes.append(f"Schraffiert: {CONVERTED_NOTE} (eigene Rechnung, keine Angabe der Artikel).")
    notes.extend(f"Quelle: „{kb.source_title(f)}“" for f in sorted({r.source.file for r in rows}))
    return tuple(notes)


def profession_chart(kb: KnowledgeBase, profession: str) -> Chart:
    """Every salary row of one profession, one bar per level."""
    rows = kb.salary_rows(profession)
    if not rows:
        raise UnknownChart(profession)
    job = kb.profession(profession)
    regions = {r.region for r in rows}
    shared = regions.pop() if len(regions) == 1 else None
    region = f" in {shared}" if shared else ""
    levels = {t.key: t.label for t in kb.levels}
    labelled = tuple((capitalised(levels[r.level]) + ("" if shared or not r.region else f" ({r.region})"), r) for r in rows)
    return Chart(f"Gehalt laut Artikel: {job.name}{region}", labelled, _notes(kb, rows))


def comparison_chart(kb: KnowledgeBase, level: str) -> Chart:
    """The rows of `level` of every profession that has one; needs at least two."""
    labelled = tuple(
        (p.name + (f" ({r.region})" if r.region else ""), r)
        for p in kb.professions
        for r in kb.salary_rows(p.key)
        if r.level == level
    )
    if len(labelled) < 2:
        raise UnknownChart(level)
    label = next(t.label for t in kb.levels if t.key == level)
    return Chart(f"Gehälter {label} im Vergleich", labelled, _notes(kb, [r for _, r in labelled]))


def _draw_bar(axes, index: int, b: Bar, reach: float) -> None:
    colour = CONVERTED_COLOUR if b.converted else STATED_COLOUR
    hatch = "//" if b.converted else None
    axes.hlines(index, 0, reach * 1.1, color=TRACK_COLOUR, linewidth=1, zorder=0)
    if b.upper is not None:
        axes.barh(index, b.upper - b.lower, left=b.lower, height=BAR_HEIGHT, color=colour, hatch=hatch, edgecolor="white")
    else:
        # An open bound: the bar fades out towards the right and ends in an arrow.
        step = (reach - b.lower) / FADE_STEPS
        for i in range(FADE_STEPS):
            axes.barh(index, step, left=b.lower + i * step, height=BAR_HEIGHT, color=colour, hatch=hatch,
                      edgecolor="white", linewidth=0, alpha=1 - i / FADE_STEPS)
        axes.annotate("", xy=(reach * 1.08, index), xytext=(reach * 0.96, index),
                      arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2.5, "mutation_scale": 20})
    text = f"{b.text}\n{CONVERTED_NOTE}" if b.converted else b.text
    axes.text(0, index + 0.2, text, va="bottom", ha="left", fontsize=12.5, color=TEXT_COLOUR,
              style="italic" if b.converted else "normal", linespacing=1.3)


def _draw_panel(axes, bars: List[Bar], title: str, with_labels: bool) -> None:
    reach = max(b.upper or b.lower for b in bars) * OPEN_BOUND_REACH
    for index, b in enumerate(reversed(bars)):
        _draw_bar(axes, index, b, reach)
        if with_labels:
            axes.text(0, index + 0.62, b.label, va="bottom", ha="left", fontsize=13, fontweight="bold", color=TEXT_COLOUR)
    axes.set_title(title, fontsize=14, fontweight="bold", color=STATED_COLOUR, loc="left", pad=14)
    axes.set_xlim(0, reach * 1.1)
    axes.set_ylim(-0.25, len(bars) - 0.2)
    # No numeric axes: every amount shown is a figure of the articles or its conversion.
    axes.set_xticks([])
    axes.set_yticks([])
    # Transparent, so that a long row label of the first panel may run on over the second.
    axes.set_facecolor("none")
    for spine in axes.spines.values():
        spine.set_visible(False)


def draw(chart: Chart) -> Figure:
    """The chart as a matplotlib figure: one panel per period side by side, the notes and sources underneath."""
    notes = [line for note in chart.notes for line in textwrap.wrap(note, NOTE_WIDTH, subsequent_indent="  ")]
    notes_height = 0.2 * len(notes) + 0.15
    height = 0.95 + 1.45 * len(chart.rows) + notes_height
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=100, facecolor="white")
    figure.text(0.02, 1 - 0.12 / height, chart.title, ha="left", va="top", fontsize=15.5, fontweight="bold", color=TEXT_COLOUR)
    panels = figure.subplots(1, len(PERIODS), sharey=True)
    for index, (axes, (period, title)) in enumerate(zip(panels, PERIODS)):
        _draw_panel(axes, [bar(label, row, period) for label, row in chart.rows], title, with_labels=index == 0)
    figure.subplots_adjust(left=0.02, right=0.98, top=1 - 0.95 / height, bottom=(notes_height + 0.1) / height, wspace=0.06)
    figure.text(0.02, 0.12 / height, "\n".join(notes), fontsize=10, color=TEXT_COLOUR, va="bottom", linespacing=1.4)
    return figure


def render_png(chart: Chart) -> bytes:
    """The chart as PNG bytes."""
    buffer = io.BytesIO()
    draw(chart).savefig(buffer, format="png")
    return buffer.getvalue()
