"""Answer quality over the REST channel: each reply must hold its figures and facts, and no unsupported amount.

Supported amounts are the figures of knowledge/salary_table.yml and their conversions with 12
salaries a year (×12, ÷12 rounded to the euro). Any other amount in euro counts, whatever the
question was: that is the worst bug this assistant can have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set, Union

import yaml

from actions.answers import supported_amounts
from actions.knowledge import KnowledgeBase
from bench import loadgen

QUESTIONS = Path(__file__).resolve().parent / "questions.yml"
# "42.000 €", "3200 Euro", "4.583,33 EUR": the euro part, with or without thousands dots and cents.
EURO_AMOUNT = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?\s*(?:€|euro\b|eur\b)", re.IGNORECASE)
Expectation = Union[str, List[str]]


@dataclass(frozen=True)
class Question:
    """One scored question, with the turns before it in its conversation."""

    ask: str
    expect: Sequence[Expectation]
    before: Sequence[str] = ()
    no_amount: bool = False


@dataclass
class Verdict:
    question: Question
    reply: str
    missing: List[Expectation] = field(default_factory=list)
    unsupported: List[int] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return not self.missing and not self.unsupported


def load_question_set(path: Path = QUESTIONS) -> Dict[str, object]:
    """The conversation for the load test and the scored questions."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        "conversation": list(raw["conversation"]),
        "questions": [Question(q["ask"], q["expect"], tuple(q.get("before", ())), bool(q.get("no_amount"))) for q in raw["questions"]],
    }


def stated_amounts(text: str) -> Set[int]:
    return {int(amount.replace(".", "")) for amount in EURO_AMOUNT.findall(text)}


def judge(question: Question, reply: str, supported: Set[int]) -> Verdict:
    """What the reply lacks of the expectations, and which amounts in it the knowledge base does not hold."""
    folded = reply.casefold()
    missing = [
        e for e in question.expect
        if not any(option.casefold() in folded for option in ([e] if isinstance(e, str) else e))
    ]
    amounts = stated_amounts(reply)
    unsupported = sorted(amounts if question.no_amount else amounts - supported)
    return Verdict(question, reply, missing, unsupported)


async def evaluate(url: str, questions: Sequence[Question], kb: KnowledgeBase, limit: Optional[int] = None) -> Dict[str, object]:
    """Asks every question in a new conversation and scores the replies."""
    supported = supported_amounts(kb)
    verdicts: List[Verdict] = []
    errors = 0
    async with loadgen.client_session(1) as session:
        for number, question in enumerate(questions[:limit]):
            sender = f"answers-{number}"
            for earlier in question.before:
                await loadgen.say(session, url, sender, earlier)
            turn = await loadgen.say(session, url, sender, question.ask)
            errors += turn.failed
            verdicts.append(judge(question, "\n".join(turn.texts), supported))
    unsupported = [v for v in verdicts if v.unsupported]
    return {
        "questions": len(verdicts),
        "correct": sum(v.correct for v in verdicts),
        "share_correct": sum(v.correct for v in verdicts) / len(verdicts) if verdicts else None,
        "unsupported_amount_replies": len(unsupported),
        "errors": errors,
        "wrong": [
            {"ask": v.question.ask, "reply": v.reply, "missing": v.missing, "unsupported_amounts": v.unsupported}
            for v in verdicts if not v.correct
        ],
    }
