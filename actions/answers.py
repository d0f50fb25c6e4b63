"""German replies built from the knowledge base: plain functions, testable without Rasa.

Every amount in a reply is either a figure of `salary_table.yml` or that figure multiplied or
divided by 12, and the reply then says that this is the assistant's own arithmetic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from actions.knowledge import KnowledgeBase, SalaryRow

MONTHS_PER_YEAR = 12


@dataclass
class Reply:
    """One bot message: text, the article files it relies on, buttons, and an image URL."""

    text: str
    sources: List[str] = field(default_factory=list)
    buttons: List[Dict[str, str]] = field(default_factory=list)
    image: Optional[str] = None

    def render(self, kb: KnowledgeBase) -> str:
        """The text with its source line, as the user sees it."""
        if not self.sources:
            return self.text
        label = "Quelle" if len(self.sources) == 1 else "Quellen"
        cited = "; ".join(f"„{kb.source_title(file)}“ ({file})" for file in self.sources)
        return f"{self.text}\n{label}: {cited}"


def euro(amount: float) -> str:
    """Formats an amount the German way: 42000 -> '42.000 €'."""
    return f"{round(amount):,} €".replace(",", ".")


def payload(intent: str, **entities: str) -> str:
    """A button payload that Rasa parses as `intent` with these entities."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def profession_buttons(kb: KnowledgeBase) -> List[Dict[str, str]]:
    return [{"title": p.name, "payload": payload("inform", profession=p.key)} for p in kb.professions]


def ask_for_profession(kb: KnowledgeBase) -> Reply:
    return Reply("Zu welchem Beruf möchten Sie das wissen?", buttons=profession_buttons(kb))


def unknown_profession(kb: KnowledgeBase, named: str) -> Reply:
    known = " und ".join(p.name for p in kb.professions)
    return Reply(
        f"Zu „{named}“ habe ich keine Angaben. Ich kenne nur zwei Berufe: {known}.",
        buttons=profession_buttons(kb),
    )


def _label(terms, key: str) -> str:
    return next(t.label for t in terms if t.key == key)


def bounds(row: SalaryRow, factor: float) -> str:
    """The row's bounds times `factor`: '3.200 € bis 4.200 €', 'mehr als 4.800 €'."""
    lower = euro(row.lower * factor)
    if row.upper is None:
        return f"mehr als {lower}" if row.lower_exclusive else f"ab {lower}"
    return f"{lower} bis {euro(row.upper * factor)}"


def _period_words(row: SalaryRow, period: str) -> str:
    gross = " brutto" if row.gross_stated else ""
    return f"{gross} {'im Monat' if period == 'monat' else 'im Jahr'}"


def salary_range(row: SalaryRow) -> str:
    """The row as the article states it: '3.200 € bis 4.200 €', with 'brutto im Jahr' only where stated."""
    words = _period_words(row, row.period) if row.period_stated else (" brutto" if row.gross_stated else "")
    return f"{bounds(row, 1)}{words}"


def converted_range(row: SalaryRow, period: str) -> Optional[str]:
    """The row converted to `period` with 12 salaries a year, or None if it is already in `period`."""
    if period == row.period:
        return None
    factor = MONTHS_PER_YEAR if period == "jahr" else 1 / MONTHS_PER_YEAR
    return f"{bounds(row, factor)}{_period_words(row, period)}"


def _row_phrase(kb: KnowledgeBase, row: SalaryRow) -> str:
    """'zum Einstieg meist etwa 3.200 € bis 4.200 € (je nach ...)'."""
    qualifiers = f" ({row.depends_on})" if row.depends_on else ""
    firmness = f"{row.firmness} " if row.firmness else ""
    return f"{_label(kb.levels, row.level)} {firmness}{salary_range(row)}{qualifiers}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _period_sentence(rows: List[SalaryRow], period: Optional[str]) -> Optional[str]:
    """Says what the article leaves open about the period, and converts where the user asked for another."""
    first = rows[0]
    wanted = period or first.period
    conversions = [c for c in (converted_range(row, wanted) for row in rows) if c]
    calculation = ""
    if conversions:
        how = "mal 12 Gehälter" if wanted == "jahr" else "geteilt durch 12 Gehälter"
        calculation = f"umgerechnet sind das {' beziehungsweise '.join(conversions)} (meine Rechnung: {how})"
    if not first.period_stated:
        reading = "Monatsgehalt" if first.period == "monat" else "Jahresgehalt"
        gross = "" if first.gross_stated else " oder brutto"
        opening = f"Ob monatlich{gross}, sagt der Artikel nicht; ich lese es als {reading}"
        return f"{opening}, {calculation}." if calculation else f"{opening}."
    return f"{_capitalised(calculation)}." if calculation else None


def salary_answer(
    kb: KnowledgeBase,
    profession: str,
    level: Optional[str] = None,
    period: Optional[str] = None,
    place: Optional[str] = None,
    employer_type: Optional[str] = None,
) -> Reply:
    """The salary rows of a known profession, narrowed by level, converted to period, with notes on place and employer."""
    job = kb.profession(profession)
    rows = kb.salary_rows(profession)
    if not rows:
        return Reply(f"Zum Gehalt sagt der Artikel {job.about} nichts.", sources=[job.source_file])
    # What the article does not cover of the question goes into one sentence of clauses.
    gaps: List[str] = []
    region = rows[0].region
    if place and (region is None or place.casefold() != region.casefold()):
        if region:
            gaps.append(f"für {place} nennt der Artikel keine Zahlen, nur für {region}")
        else:
            gaps.append(f"für {place} nennt der Artikel keine eigene Zahl" + (f", {rows[0].regional_note}" if rows[0].regional_note else ""))
    chosen = [row for row in rows if row.level == level] if level else rows
    if not chosen:
        gaps.append(f"eine Zahl {_label(kb.levels, level)} nennt der Artikel {job.about} nicht")
        chosen = rows
    if employer_type:
        gaps.append(
            rows[0].employer_notes.get(employer_type)
            or f"eigene Zahlen für {_label(kb.employer_types, employer_type)} nennt der Artikel nicht"
        )
    subject = f"{job.phrase} in {region}" if region else job.phrase
    ranges = ", ".join(_row_phrase(kb, row) for row in chosen)
    sentences = [f"{_capitalised(subject)} verdienen Sie laut Artikel {ranges}."]
    if gaps:
        sentences.append(f"{_capitalised('; '.join(gaps))}.")
    period_sentence = _period_sentence(chosen, period)
    if period_sentence:
        sentences.append(period_sentence)
    sources = sorted({row.source.file for row in chosen})
    return Reply(" ".join(sentences), sources=sources)


def _yearly(row: SalaryRow) -> SalaryRow:
    return row if row.period == "jahr" else SalaryRow(
        **{**row.__dict__, "lower": row.lower * MONTHS_PER_YEAR,
           "upper": None if row.upper is None else row.upper * MONTHS_PER_YEAR, "period": "jahr"}
    )


def comparison_answer(kb: KnowledgeBase, level: str = "einstieg") -> Reply:
    """Puts the professions' rows for `level` side by side, both per year, and says which is higher only where ranges do not overlap."""
    pairs = [(p, next((r for r in kb.salary_rows(p.key) if r.level == level), None)) for p in kb.professions]
    missing = [p.name for p, row in pairs if row is None]
    present = [(p, row) for p, row in pairs if row is not None]
    if len(present) < 2:
        missing_text = " und ".join(missing)
        return Reply(
            f"Eine Zahl {_label(kb.levels, level)} nennen die Artikel für {missing_text} nicht; "
            "einen Vergleich kann ich deshalb nicht ziehen.",
            sources=sorted({row.source.file for _, row in present}),
        )
    parts = []
    for profession, row in present:
        yearly = converted_range(row, "jahr")
        where = f" in {row.region}" if row.region else ""
        stated = f"{row.firmness} {salary_range(row)}".strip()
        parts.append(f"{profession.name}{where} {stated}" + (f" (mit 12 Gehältern: {yearly})" if yearly else ""))
    (_, first), (_, second) = ((p, _yearly(r)) for p, r in present[:2])
    if first.upper is not None and first.upper < second.lower:
        verdict = f"{present[1][0].name} liegt damit höher."
    elif second.upper is not None and second.upper < first.lower:
        verdict = f"{present[0][0].name} liegt damit höher."
    else:
        verdict = "Die Spannen überschneiden sich; einen klaren Sieger nennen die Artikel nicht."
    unread = [p.about for p, r in present if not r.period_stated]
    reading = f" Der Artikel {' und '.join(unread)} nennt keinen Zeitraum; ich lese die Beträge als Monatsgehalt." if unread else ""
    return Reply(
        f"{_capitalised(_label(kb.levels, level))}: {'; '.join(parts)}. {verdict}{reading}",
        sources=sorted({row.source.file for _, row in present}),
    )


def topic_answer(kb: KnowledgeBase, topic: str, profession: str) -> Reply:
    """The fact for a topic and profession, or a plain statement that the article says nothing and what it does know."""
    fact = kb.fact(profession, topic)
    if fact:
        return Reply(" ".join(fact.answer.split()), sources=[fact.source.file])
    job = kb.profession(profession)
    label = kb.topic(topic).label
    others = [p for p in kb.professions if p.key != profession and kb.fact(p.key, topic)]
    text = f"Zum Thema „{label}“ sagt der Artikel {job.about} nichts."
    if others:
        text += " Angaben dazu gibt es " + " und ".join(o.phrase for o in others) + "."
    buttons = [{"title": o.name, "payload": payload("inform", profession=o.key)} for o in others]
    return Reply(text, buttons=buttons + topic_buttons(kb, profession, exclude=topic, limit=3))


def topic_buttons(kb: KnowledgeBase, profession: Optional[str] = None, exclude: Optional[str] = None, limit: int = 4) -> List[Dict[str, str]]:
    """Buttons for topics the knowledge base can answer (for `profession`, if given)."""
    entities = {"profession": profession} if profession else {}
    answerable = [
        t for t in kb.topics
        if t.key != exclude and (profession is None or t.key.startswith("salary") or kb.fact(profession, t.key))
    ]
    return [{"title": t.label, "payload": payload(t.intent, **entities)} for t in answerable[:limit]]


def capabilities_answer(kb: KnowledgeBase) -> Reply:
    professions = " und ".join(p.name for p in kb.professions)
    topics = ", ".join(t.label for t in kb.topics if t.key != "salary_comparison")
    return Reply(
        f"Ich beantworte Fragen zu zwei Berufen, {professions}. "
        f"Themen: {topics}. Jede Antwort nennt ihre Quelle.",
        buttons=topic_buttons(kb),
    )


def suggestion_buttons(kb: KnowledgeBase) -> List[Dict[str, str]]:
    """Three example questions the knowledge base answers, for the web widget's greeting."""
    first, second = kb.professions[0], kb.professions[1]
    region = next((r.region for r in kb.salary_rows(first.key) if r.region), None)
    where = f" in {region}" if region else ""
    return [
        {"title": f"Was verdient ein {first.name}{where}?", "payload": payload("ask_salary", profession=first.key)},
        {"title": f"Was macht man {second.phrase}?", "payload": payload("ask_duties", profession=second.key)},
        {"title": "Welcher der beiden Berufe verdient mehr?", "payload": payload("compare_salaries")},
    ]


def web_greeting(kb: KnowledgeBase) -> Reply:
    """The widget's short greeting, with example questions as buttons."""
    professions = " und ".join(p.name for p in kb.professions)
    return Reply(
        f"Guten Tag! Ich beantworte Ihre Fragen zu den Berufen {professions} und nenne zu jeder Antwort die Quelle. "
        "Zum Beispiel:",
        buttons=suggestion_buttons(kb),
    )
