"""German replies built from the knowledge base: plain functions, testable without Rasa.

Every amount in a reply is either a figure of `salary_table.yml` or that figure multiplied or
divided by 12, and the reply then says that this is the assistant's own arithmetic. Nothing here
counts or names the professions, places or levels: they all come from the knowledge base.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Collection, Dict, List, Optional, Sequence, Set, Tuple

from actions.knowledge import Fact, KnowledgeBase, SalaryRow, Source, Term

MONTHS_PER_YEAR = 12
PERIOD_READING = {"monat": "Monatsgehalt", "jahr": "Jahresgehalt"}
ASK_PROFESSION = "Zu welchem Beruf möchten Sie das wissen?"
# What a salary question may ask about that the articles give no figure for (see `salary_answer`).
ASKED_SUBJECTS = ("subject", "place", "level", "employer_type")


@dataclass
class Reply:
    """One bot message: text, the article files it relies on, buttons, and an image URL."""

    text: str
    sources: List[str] = field(default_factory=list)
    buttons: List[Dict[str, str]] = field(default_factory=list)
    image: Optional[str] = None

    def render(self, kb: KnowledgeBase) -> str:
        """The text with its source line, naming each article by its title, as the user sees it."""
        if not self.sources:
            return self.text
        label = "Quelle" if len(self.sources) == 1 else "Quellen"
        cited = "; ".join(f"„{kb.source_title(file)}“" for file in self.sources)
        return f"{self.text}\n{label}: {cited}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# Words that begin a clause of what the articles lack ("Zu Teilzeit …", "Eine Einstufung …"), lower case inside a sentence.
_CLAUSE_OPENERS = frozenset({"zu", "zum", "zur", "für", "ein", "eine", "einen", "einer", "ob", "wie", "was", "welche", "welcher",
                             "welches", "wo", "wer", "wann", "dazu", "der", "die", "das", "den", "eigene", "eigenen"})


def said_in_turn(clauses: Sequence[str]) -> str:
    """Clauses of what the articles lack as one sentence, without its full stop ("Ob monatlich …, sagt der Artikel nicht;
    zu Teilzeit oder Vollzeit sagen die Artikel nichts")."""
    def inside(clause: str) -> str:
        first = clause.split(" ", 1)[0]
        return clause[:1].lower() + clause[1:] if first.casefold() in _CLAUSE_OPENERS else clause
    return capitalised("; ".join(inside(clause.rstrip(".")) for clause in clauses))


def listing(items: Sequence[str], conjunction: str = "und") -> str:
    """'A', 'A und B', 'A, B und C'."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def supported_amounts(kb: KnowledgeBase) -> Set[int]:
    """Every amount a reply may state: the salary table's figures, and each converted with 12 salaries a year."""
    figures = {f for row in kb.salaries for f in (row.lower, row.upper) if f is not None}
    return figures | {f * MONTHS_PER_YEAR for f in figures} | {round(f / MONTHS_PER_YEAR) for f in figures}


def euro(amount: float) -> str:
    """Formats an amount the German way: 42000 -> '42.000 €'."""
    return f"{round(amount):,} €".replace(",", ".")


def payload(intent: str, **entities: str) -> str:
    """A button payload that Rasa parses as `intent` with these entities."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def profession_buttons(kb: KnowledgeBase, keys: Optional[Sequence[str]] = None) -> List[Dict[str, str]]:
    chosen = [p for p in kb.professions if keys is None or p.key in keys]
    return [{"title": p.name, "payload": payload("inform", profession=p.key)} for p in chosen]


def ask_for_profession(kb: KnowledgeBase) -> Reply:
    return Reply(ASK_PROFESSION, buttons=profession_buttons(kb))


def covered_professions(kb: KnowledgeBase) -> str:
    """'Medizin-Ingenieur in Duisburg und Medizinisch-Technische Informatik': every profession with its region."""
    def named(key: str, name: str) -> str:
        regions = {row.region for row in kb.salary_rows(key)}
        return f"{name} in {regions.pop()}" if len(regions) == 1 and None not in regions else name
    return listing([named(p.key, p.name) for p in kb.professions])


def unknown_profession(kb: KnowledgeBase, named: str) -> Reply:
    """No figure and no fact for a profession the articles do not cover, and which ones they do cover."""
    return Reply(
        f"Zum Beruf „{named}“ nennen die Artikel keine Angaben und keine Zahlen. "
        f"Sie behandeln nur {covered_professions(kb)}.",
        buttons=profession_buttons(kb),
    )


def unknown_pay(named: str) -> str:
    """What a comparison with a profession the articles do not cover says first."""
    return f"Zum Beruf „{named}“ nennen die Artikel keine Zahlen"


def gap_answer(kb: KnowledgeBase, gap: str, profession: Optional[str] = None, related: Sequence[Fact] = ()) -> Reply:
    """A plain 'the articles say nothing about that', then what they say next to it (`related` facts that use the
    question's words, "Programmiersprache"), or else the topics they do cover as buttons."""
    if related:
        named = len({f.profession for f in related}) > 1
        said = [f"{kb.profession(f.profession).name}: {f.answer}" if named else f.answer for f in related]
        return Reply(" ".join(f"{capitalised(gap)}. Was der Artikel dazu sagt: {' '.join(said)}".split()),
                     sources=sorted({f.source.file for f in related}))
    return Reply(f"{capitalised(gap)}. Fragen Sie gern nach einem dieser Themen:", buttons=topic_buttons(kb, profession))


def _label(terms: Sequence[Term], key: str) -> str:
    return next(t.label for t in terms if t.key == key)


def bounds(row: SalaryRow, factor: float) -> str:
    """The row's bounds times `factor`: '3.200 € bis 4.200 €', 'mehr als 4.800 €'."""
    lower = euro(row.lower * factor)
    if row.upper is None:
        return f"mehr als {lower}" if row.lower_exclusive else f"ab {lower}"
    return f"{lower} bis {euro(row.upper * factor)}"


def period_factor(row: SalaryRow, period: str) -> float:
    """What the row's figures are multiplied by to give `period`, with 12 salaries a year."""
    if period == row.period:
        return 1.0
    return MONTHS_PER_YEAR if period == "jahr" else 1 / MONTHS_PER_YEAR


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
    return f"{bounds(row, period_factor(row, period))}{_period_words(row, period)}"


def period_reading(row: SalaryRow) -> Optional[str]:
    """What the article leaves open about the row's period, and how the assistant reads it; None where it says."""
    if row.period_stated:
        return None
    gross = "" if row.gross_stated else " oder brutto"
    return f"Ob monatlich{gross}, sagt der Artikel nicht ausdrücklich; ich lese es als {PERIOD_READING[row.period]}"


def _row_phrase(kb: KnowledgeBase, row: SalaryRow, with_region: bool) -> str:
    """'zum Einstieg meist etwa 3.200 € bis 4.200 € (je nach ...)', with 'in Duisburg' where rows differ in region."""
    qualifiers = f" ({row.depends_on})" if row.depends_on else ""
    firmness = f"{row.firmness} " if row.firmness else ""
    where = f"in {row.region} " if with_region and row.region else ""
    return f"{where}{_label(kb.levels, row.level)} {firmness}{salary_range(row)}{qualifiers}"


def _period_sentence(rows: Sequence[SalaryRow], period: Optional[str], with_reading: bool = True) -> Optional[str]:
    """Says what the article leaves open about the period (unless said already), and converts where the user asked for another."""
    wanted = period or rows[0].period
    conversions = [c for c in (converted_range(row, wanted) for row in rows) if c]
    calculation = ""
    if conversions:
        how = "mal 12 Gehälter" if wanted == "jahr" else "geteilt durch 12 Gehälter"
        calculation = f"umgerechnet sind das {' beziehungsweise '.join(conversions)} (meine Rechnung: {how})"
    readings = list(dict.fromkeys(filter(None, (period_reading(row) for row in rows)))) if with_reading else []
    opening = "; ".join(readings)
    if opening:
        return f"{opening}, {calculation}." if calculation else f"{opening}."
    return f"{capitalised(calculation)}." if calculation else None


def _place_gap(rows: Sequence[SalaryRow], place: str, said: str = "") -> Tuple[List[SalaryRow], Optional[str]]:
    """The rows for `place` where the article has figures for it; else all rows and the clause that says so
    (without the article's note on places where `said`, the clauses before it, already has it)."""
    local = [row for row in rows if row.region and row.region.casefold() == place.casefold()]
    if local:
        return local, None
    regions = listing(sorted({row.region for row in rows if row.region}))
    if regions:
        return list(rows), f"für {place} nennt der Artikel keine Zahlen, nur für {regions}"
    note = next((row.regional_note for row in rows if row.regional_note and row.regional_note not in said), None)
    return list(rows), f"für {place} nennt der Artikel keine eigene Zahl" + (f", {note}" if note else "")


def salary_answer(
    kb: KnowledgeBase,
    profession: str,
    level: Optional[str] = None,
    period: Optional[str] = None,
    place: Optional[str] = None,
    employer_type: Optional[str] = None,
    gap: Optional[str] = None,
    subject_gap: Optional[str] = None,
    asks_gross: bool = False,
    asks_period: bool = False,
    asks_factors: bool = False,
    asks_verdict: bool = False,
    salary_intent: str = "",
    asked_here: Collection[str] = ASKED_SUBJECTS,
    compared_employers: Sequence[str] = (),
) -> Reply:
    """The salary rows of a known profession, narrowed by level and place, converted to period, with notes.

    What the question asked beyond the articles comes first. After a pay concept they lack (`gap`, "Einen
    Stundenlohn nennen die Artikel nicht") the figures follow, labelled as what they are: the same people's pay.
    Where the question itself asks about someone or somewhere they give no figure for (`asked_here`: the
    `subject_gap` of an employer or the listing, a place, a level, an employer type), no figure follows
    (`figures_elsewhere_answer`); where that is only remembered from the turns before, the figures follow it, as the
    general ones. A place gets the general figures too where the article gives them for no region: they are no other city's.
    """
    job = kb.profession(profession)
    rows = kb.salary_rows(profession)
    if not rows:
        return Reply(f"Zum Gehalt sagt der Artikel {job.about} nichts.", sources=[job.source_file])
    subject_gaps: Dict[str, str] = {"subject": subject_gap} if subject_gap else {}
    # Whether the figures follow a gap of whom or where they are asked for, as the article's general ones.
    general = bool(subject_gap)
    unplaced: Optional[str] = None
    notes: List[str] = []
    chosen = list(rows)
    if place:
        chosen, place_gap = _place_gap(rows, place, said=" ".join(filter(None, [gap, subject_gap])))
        # A range the article gives for no region is no other city's figure: it follows what the article lacks, as the general one.
        if place_gap and not any(row.region for row in rows):
            unplaced, general = place_gap, True
        elif place_gap:
            subject_gaps["place"] = place_gap
    if level:
        at_level = [row for row in chosen if row.level == level]
        if at_level:
            chosen = at_level
        else:
            subject_gaps["level"] = f"eine Zahl {_label(kb.levels, level)} nennt der Artikel {job.about} nicht"
    if employer_type and all(employer_type in row.employers for row in chosen):
        stated_for = listing([_label(kb.employer_types, key) for key in chosen[0].employers])
        notes.append(f"die Spanne nennt der Artikel für {stated_for}")
        if len(compared_employers) > 1 and all(key in row.employers for key in compared_employers for row in chosen):
            compared = listing([_label(kb.employer_types, key) for key in compared_employers], "oder")
            gap = "; ".join(filter(None, [gap, f"ob {compared} besser zahlen, sagt der Artikel nicht"]))
    elif employer_type:
        # "… bei einem öffentlichen Träger … statt bei einem Konzern?": each employer compared.
        asked = list(compared_employers) if employer_type in compared_employers else [employer_type]
        employer_gap = f"eigene Zahlen für {listing([_label(kb.employer_types, key) for key in asked], 'oder')} nennt der Artikel nicht"
        notes += list(dict.fromkeys(row.employer_notes[key] for key in asked for row in chosen if key in row.employer_notes))
        # "Was verdient man in der MTI bei Konzernen?": a note that places the employer against the range ("manchmal darüber")
        # needs the range, which follows as the general one.
        if all(key in row.measured_employers for key in asked for row in chosen):
            gap, general = "; ".join(filter(None, [gap, employer_gap])), True
        else:
            subject_gaps["employer_type"] = employer_gap
    verdicts = list(dict.fromkeys(row.verdict for row in chosen if row.verdict)) if asks_verdict else []
    # "Warum wird man das, wenn das Gehalt nicht berauschend ist?" asks what the pay is worth, not what moves it.
    factors = list(dict.fromkeys(row.factors for row in chosen if row.factors)) if asks_factors and not verdicts else []
    gaps: List[str] = ([gap] if gap else []) + list(subject_gaps.values()) + ([unplaced] if unplaced else [])
    if set(subject_gaps) & set(asked_here):
        return figures_elsewhere_answer(kb, gaps, [profession], salary_intent, factors or notes)
    readings = list(dict.fromkeys(filter(None, (period_reading(row) for row in chosen))))
    said_reading = bool(readings) and (asks_period or asks_gross)
    if said_reading:
        gaps[:0] = [reading[:1].lower() + reading[1:] for reading in readings]
    elif asks_gross and not all(row.gross_stated for row in chosen):
        gaps.insert(0, "ob brutto oder netto, sagt der Artikel nicht")
    regions = {row.region for row in chosen}
    shared_region = regions.pop() if len(regions) == 1 else None
    subject = f"{job.phrase} in {shared_region}" if shared_region else job.phrase
    ranges = ", ".join(_row_phrase(kb, row, with_region=len({r.region for r in chosen}) > 1) for row in chosen)
    if gaps:
        sentences = [f"{said_in_turn(gaps)}; {'allgemein ' if general else ''}laut Artikel verdienen Sie {subject} {ranges}."]
    else:
        sentences = [f"{capitalised(subject)} verdienen Sie laut Artikel {ranges}."]
    if factors:
        sentences.append(" ".join(factors))
    elif notes:
        sentences.append(f"{capitalised('; '.join(notes))}.")
    sentences += verdicts
    period_sentence = _period_sentence(chosen, period, with_reading=not said_reading)
    if period_sentence:
        sentences.append(period_sentence)
    return Reply(" ".join(sentences), sources=sorted({row.source.file for row in chosen}))


def figures_given(kb: KnowledgeBase, profession: str) -> Optional[str]:
    """What the profession's article gives figures for: 'Gehaltszahlen nennt der Artikel über Medizin-Ingenieure
    nur für Duisburg, zum Einstieg und mit Erfahrung und Spezialisierung.'"""
    rows = kb.salary_rows(profession)
    if not rows:
        return None
    levels = listing([_label(kb.levels, level) for level in dict.fromkeys(row.level for row in rows)])
    regions = sorted({row.region for row in rows if row.region})
    where = f"für {listing(regions)}, " if regions else ""
    return f"Gehaltszahlen nennt der Artikel {kb.profession(profession).about} nur {where}{levels}."


def figures_elsewhere_answer(
    kb: KnowledgeBase, gaps: Sequence[str], professions: Sequence[str], salary_intent: str, notes: Sequence[str] = ()
) -> Reply:
    """A pay question about someone or somewhere the articles give no figure for (a Werkstudent, another city, an
    employer, the listing): that they have none, what they say about it (`notes`), and what they do give figures
    for, with a button for each. No figure at all: another level's or city's figure next to the question would
    read as its answer."""
    sentences = [f"{said_in_turn(gaps)}."]
    sentences += [f"{capitalised(note.rstrip('.'))}." for note in notes]
    sentences += list(filter(None, (figures_given(kb, key) for key in professions)))
    buttons = [
        {"title": f"{kb.profession(key).name}: {capitalised(_label(kb.levels, level))}",
         "payload": payload(salary_intent, profession=key, level=level)}
        for key in professions for level in dict.fromkeys(row.level for row in kb.salary_rows(key))
    ] if salary_intent else []
    sources = sorted({row.source.file for key in professions for row in kb.salary_rows(key)})
    return Reply(" ".join(sentences), sources=sources, buttons=buttons)


def _yearly_bounds(row: SalaryRow) -> Tuple[float, Optional[float]]:
    factor = period_factor(row, "jahr")
    return row.lower * factor, None if row.upper is None else row.upper * factor


def _verdict(kb: KnowledgeBase, present: Sequence[Tuple[str, SalaryRow]]) -> str:
    """Names the profession that earns more only where its range lies wholly above every other's."""
    for key, row in present:
        lower, _ = _yearly_bounds(row)
        others = [_yearly_bounds(r) for k, r in present if (k, r) != (key, row)]
        if all(upper is not None and upper < lower for _, upper in others):
            return f"{kb.profession(key).name} liegt damit höher."
    return "Die Spannen überschneiden sich; einen klaren Sieger nennen die Artikel nicht."


def _with_conversion(row: SalaryRow, period: str) -> str:
    """The row as stated, with its conversion to `period` where the article states another: '3.200 € bis 4.200 € (mit 12 Gehältern: …)'."""
    converted = converted_range(row, period)
    stated = f"{row.firmness} {salary_range(row)}".strip()
    return f"{stated} (mit 12 Gehältern: {converted})" if converted else stated


def _stated(kb: KnowledgeBase, key: str, row: SalaryRow, period: str) -> str:
    """'als Medizin-Ingenieur in Duisburg mit Erfahrung mehr als 4.800 € (mit 12 Gehältern: …)': one row, labelled."""
    where = f" in {row.region}" if row.region else ""
    return f"{kb.profession(key).phrase}{where} {_label(kb.levels, row.level)} {_with_conversion(row, period)}"


def _gross_statement(kb: KnowledgeBase, present: Sequence[Tuple[str, SalaryRow]]) -> str:
    """Which of the compared figures the articles state as brutto, and of which they do not say it."""
    stated = [kb.profession(key).name for key, row in present if row.gross_stated]
    unstated = [kb.profession(key).about for key, row in present if not row.gross_stated]
    said = f"Als brutto nennt der Artikel nur die Zahlen für {listing(stated)}. " if stated and unstated else (
        "Die Artikel nennen alle diese Zahlen brutto. " if stated else "")
    return said + (f"Ob die Zahlen brutto sind, sagt der Artikel {listing(unstated)} nicht.\n" if unstated else "")


def comparison_answer(
    kb: KnowledgeBase, choices: Optional[Sequence[Tuple[str, Optional[str]]]] = None, level: Optional[str] = None, period: str = "jahr",
    asks_factors: bool = False, asks_gross: bool = False,
) -> Reply:
    """Puts the salaries side by side per `period` (a year unless asked otherwise): each profession at its own
    level (`choices`), else all at `level`; with `asks_factors` ("Wovon hängt das ab?"), what moves each figure; with
    `asks_gross` ("ist das brutto?"), which article says brutto, first.

    It says which earns more only where the ranges do not overlap, and how it compared them where
    the articles give different periods.
    """
    choices = list(choices or [(p.key, None) for p in kb.professions])
    level = level or kb.common_level()
    present: List[Tuple[str, SalaryRow]] = []
    missing: List[str] = []
    for key, wanted in choices:
        row = next((r for r in kb.salary_rows(key) if r.level == (wanted or level)), None)
        if row is None:
            missing.append(f"{kb.profession(key).name} ({_label(kb.levels, wanted or level)})")
        else:
            present.append((key, row))
    if not present:
        return Reply(f"Für {listing(missing)} nennen die Artikel keine Zahl.")
    if len(present) < 2:
        key, row = present[0]
        stated = [_stated(kb, key, row, period)] + [_stated(kb, k, r, period) for k, _ in choices if k != key for r in kb.salary_rows(k)]
        return Reply(
            f"Für {listing(missing)} nennen die Artikel keine Zahl, einen Vergleich auf gleicher Stufe kann ich "
            f"deshalb nicht ziehen. Laut Artikel verdienen Sie {'; '.join(stated)}.",
            sources=sorted({r.source.file for k, _ in choices for r in kb.salary_rows(k)} | {row.source.file}),
        )
    same_level = len({row.level for _, row in present}) == 1
    parts = []
    for key, row in present:
        where = f" in {row.region}" if row.region else ""
        at = "" if same_level else f" {_label(kb.levels, row.level)}"
        parts.append(f"{kb.profession(key).name}{where}{at} {_with_conversion(row, period)}")
    opening = f"{capitalised(_label(kb.levels, present[0][1].level))}: " if same_level else ""
    how = lead = ""
    if len({row.period for _, row in present}) > 1:
        readings = [kb.profession(k).about for k, r in present if not r.period_stated]
        reckoned = f"{'aufs Jahr' if period == 'jahr' else 'auf den Monat'} gerechnet, mit 12 Gehältern"
        # What the articles leave open comes before the figures read that way ("also wer verdient mehr").
        if readings:
            lead = f"Ob monatlich oder jährlich, sagt der Artikel {listing(readings)} nicht ausdrücklich; ich lese es als Monatsgehalt und vergleiche {reckoned}. "
        else:
            how = f" Verglichen habe ich {reckoned}."
    missing_note = f" Für {listing(missing)} nennen die Artikel keine Zahl." if missing else ""
    factors = "".join(f"\n{kb.profession(key).name}: {row.factors}" for key, row in present if row.factors) if asks_factors else ""
    gross = _gross_statement(kb, present) if asks_gross else ""
    return Reply(
        f"{gross}{lead}{opening}{'; '.join(parts)}. {_verdict(kb, present)}{how}{missing_note}{factors}",
        sources=sorted({row.source.file for _, row in present}),
    )


def topic_missing(kb: KnowledgeBase, topic: str, professions: Sequence[str]) -> str:
    """Said before another topic's answer where the professions' articles lack the topic asked ("Zum Thema „Radiologie und
    Pathologie“ sagt der Artikel über Medizin-Ingenieure nichts; zum Vergleich:")."""
    about = listing([kb.profession(key).about for key in professions])
    return f"Zum Thema „{kb.topic(topic).label}“ sagt der Artikel {about} nichts; zum Vergleich:"


def topic_answer(kb: KnowledgeBase, topic: str, profession: str) -> Reply:
    """The fact for a topic and profession, or a plain statement that the article says nothing and what it does know."""
    fact = kb.fact(profession, topic)
    if fact:
        return Reply(" ".join(fact.answer.split()), sources=[fact.source.file])
    job = kb.profession(profession)
    label = kb.topic(topic).label
    others = [p for p in kb.professions if p.key != profession and kb.fact(p.key, topic)]
    text = f"Zum Thema „{label}“ sagt der Artikel {job.about} nichts."
    # "Was wollen die bei Bewerbungen sehen?": what the article says of the nearest topic instead.
    nearest = kb.fact(profession, kb.topic(topic).nearest) if kb.topic(topic).nearest else None
    if nearest:
        said = " ".join(nearest.answer.split())
        return Reply(f"{text}\nZu „{kb.topic(nearest.topic).label}“ sagt er: {said}", sources=[nearest.source.file])
    if others:
        text += " Angaben dazu gibt es " + listing([o.phrase for o in others]) + "."
    return Reply(text, buttons=profession_buttons(kb, [o.key for o in others]) + topic_buttons(kb, profession, exclude=topic, limit=3))


def topic_answers(kb: KnowledgeBase, topic: str, professions: Sequence[str]) -> Reply:
    """The topic for several professions, each under its name; one profession's answer as it is."""
    if len(professions) == 1:
        return topic_answer(kb, topic, professions[0])
    replies = [(kb.profession(key).name, topic_answer(kb, topic, key)) for key in professions]
    return Reply(
        "\n".join(f"{name}: {reply.text}" for name, reply in replies),
        sources=sorted({source for _, reply in replies for source in reply.sources}),
    )


def place_note(kb: KnowledgeBase, place: str, professions: Sequence[str], answered: str) -> Optional[str]:
    """Said before a topic answer (`answered`) about a place that it does not name and that the articles of `professions`
    give no figures for, the place they are about ("Gibt es in Duisburg Stellen in der Medizinisch-Technischen Informatik?",
    "Ist Bremen als Standort gut?", where the article names Bremen only for its listing): what follows is what they say in general."""
    if place.casefold() in answered.casefold():
        return None
    about_place = {key for key in professions if any(r.region and r.region.casefold() == place.casefold() for r in kb.salary_rows(key))}
    lacking = [kb.profession(key).about for key in professions if key not in about_place]
    if not lacking:
        return None
    return f"Zu {place} sagt der Artikel {listing(lacking)} nichts Eigenes; allgemein sagt er:"


def place_mentioned_note(kb: KnowledgeBase, place: str, professions: Sequence[str]) -> str:
    """Said before the facts that mention a place the articles say nothing of their own about ("Anders als in München …")."""
    about = listing([kb.profession(key).about for key in dict.fromkeys(professions)])
    return f"Zu {place} sagt der Artikel {about} nichts Eigenes; er erwähnt es nur hier:"


def facts_answer(kb: KnowledgeBase, facts: Sequence[Fact]) -> Reply:
    """Facts of several professions, each under its profession's name ("Spielt KI da eine Rolle?")."""
    return Reply(
        "\n".join(f"{kb.profession(f.profession).name}: {' '.join(f.answer.split())}" for f in facts),
        sources=sorted({f.source.file for f in facts}),
    )


def topic_buttons(kb: KnowledgeBase, profession: Optional[str] = None, exclude: Optional[str] = None, limit: int = 4) -> List[Dict[str, str]]:
    """Buttons for topics the knowledge base can answer (for `profession`, if given)."""
    entities = {"profession": profession} if profession else {}
    answerable = [
        t for t in kb.topics
        if t.key != exclude and (profession is None or t.key.startswith("salary") or kb.fact(profession, t.key))
    ]
    return [{"title": t.label, "payload": payload(t.intent, **entities)} for t in answerable[:limit]]


def capabilities_answer(kb: KnowledgeBase) -> Reply:
    topics = listing([t.label for t in kb.topics if not t.key.startswith("salary_")])
    return Reply(
        f"Ich beantworte Fragen zu diesen Berufen: {covered_professions(kb)}. "
        f"Themen: {topics}. Jede Antwort nennt ihre Quelle.",
        buttons=topic_buttons(kb),
    )


def example_question(kb: KnowledgeBase) -> str:
    """A salary question the knowledge base answers, about its first profession that has figures."""
    profession = next(p for p in kb.professions if kb.salary_rows(p.key))
    region = next((r.region for r in kb.salary_rows(profession.key) if r.region), None)
    return f"Was verdient man {profession.phrase}{f' in {region}' if region else ''}?"


def suggestion_buttons(kb: KnowledgeBase) -> List[Dict[str, str]]:
    """Example questions the knowledge base answers, for the web widget's greeting: one per profession, and a comparison."""
    with_figures = [p for p in kb.professions if kb.salary_rows(p.key)]
    buttons = [{"title": example_question(kb), "payload": payload("ask_salary", profession=with_figures[0].key)}]
    buttons += [{"title": f"Was macht man {p.phrase}?", "payload": payload("ask_duties", profession=p.key)} for p in kb.professions[1:]]
    if len(with_figures) > 1:
        buttons.append({"title": "Welcher Beruf verdient mehr?", "payload": payload("compare_salaries")})
    return buttons


def web_greeting(kb: KnowledgeBase) -> Reply:
    """The widget's short greeting, with example questions as buttons."""
    return Reply(
        f"Guten Tag! Ich beantworte Ihre Fragen zu den Berufen {listing([p.name for p in kb.professions])} "
        "und nenne zu jeder Antwort die Quelle. Zum Beispiel:",
        buttons=suggestion_buttons(kb),
    )


def language_note(understood: bool) -> str:
    """The English note for a visitor who wrote in another language: the answer follows in German, or a German question is asked for."""
    if understood:
        return "I answer in German only; here is the answer in German:"
    return "Sorry, I can only answer in German. Bitte stellen Sie Ihre Frage auf Deutsch."


def language_answer(kb: KnowledgeBase) -> Reply:
    """For a message in another language that the assistant did not understand: the note and a German example question."""
    return Reply(f"{language_note(understood=False)} Zum Beispiel: „{example_question(kb)}“", buttons=topic_buttons(kb))


def term_unexplained(reply: Reply, term: str) -> Reply:
    """The reply to "Was ist PACS?" from a fact that only names the term: says first that the articles do not explain it,
    with the term as the reply itself writes it, a noun inside a sentence ("ein neues PACS-System", "ins Consulting"; not the
    "Das" a sentence starts with), never as the visitor typed it."""
    said = next((m for m in re.finditer(rf"(?<=[\w,;] ){re.escape(term)}(?!\w)", reply.text, re.IGNORECASE) if m.group(0)[0].isupper()), None)
    if said is None:
        return reply
    return replace(reply, text=f"Was „{said.group(0)}“ genau ist, sagen die Artikel nicht; sie erwähnen es nur:\n{reply.text}")


def with_note(reply: Reply, note: str) -> Reply:
    return replace(reply, text=f"{note}\n{reply.text}")


# How many sentences of one article a quoted source gives at most: enough to find the passage, short enough to read.
QUOTED_SENTENCES = 2


def quoted_sources(kb: KnowledgeBase, sources: Sequence[Source], words: Collection[str] = ()) -> Optional[Reply]:
    """Where an answer comes from, as the article says it ("Woher stammen diese Zahlen?" after a salary answer): of each of its
    `sources` the sentence that says one of `words` (case-folded; "Spezialisierung"), else its first, at most `QUOTED_SENTENCES`
    per article, quoted under the article's title; None without sources."""
    by_file: Dict[str, List[str]] = {}
    for source in sources:
        saying = [s for s in source.sentences if any(w in s.casefold() for w in words)]
        quoted = by_file.setdefault(source.file, [])
        quoted += [s for s in (saying or source.sentences)[:1] if s not in quoted][: QUOTED_SENTENCES - len(quoted)]
    if not by_file:
        return None
    text = "\n".join(f"Im Artikel „{kb.source_title(file)}“ heißt es: " + " ".join(f"„{s}“" for s in said) for file, said in by_file.items())
    return Reply(text, sorted(by_file))


def sources_answer(kb: KnowledgeBase, professions: Sequence[str]) -> Reply:
    """Where the answers come from: the article of each profession (of `professions`, or all), by its title."""
    keys = list(professions) or [p.key for p in kb.professions]
    cited = listing([f"„{kb.source_title(kb.profession(key).source_file)}“ ({kb.profession(key).name})" for key in keys])
    count = "einem Artikel" if len(keys) == 1 else "diesen Artikeln"
    text = f"Meine Angaben stammen aus {count}: {cited}. Jede Antwort nennt ihren Artikel als Quelle."
    return Reply(text)
