"""Writes data/vocabulary.yml: the NLU entity synonyms and lookup tables derived from knowledge/.

Run by `make` before training and validation, so that a profession, place or synonym added to
knowledge/ reaches the NLU model without a code change.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actions.knowledge import KnowledgeBase, load_knowledge_base, vocabularies  # noqa: E402

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "vocabulary.yml"
HEADER = "# Generated from knowledge/ by scripts/generate_nlu_vocabulary.py; edit knowledge/, not this file.\n"


class _Block(str):
    """A string YAML writes as a literal block, the form Rasa expects for `examples`."""


def _block_representer(dumper: yaml.Dumper, value: _Block) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


def _examples(values: List[str]) -> _Block:
    return _Block("".join(f"- {value}\n" for value in values))


def _synonyms(entries: Dict[str, Tuple[str, ...]]) -> List[dict]:
    blocks = []
    for key, spellings in entries.items():
        # Rasa maps the lower-cased entity text; one spelling per case-folded form is enough.
        unique = sorted({s.lower(): s for s in spellings if s.lower() != key}.values(), key=str.lower)
        blocks.append({"synonym": key, "examples": _examples(unique)})
    return blocks


def build(kb: KnowledgeBase) -> dict:
    """The NLU training-data document: synonyms for every entity value, lookup tables for profession and place."""
    vocab = vocabularies(kb)
    nlu: List[dict] = []
    for entity in ("profession", "level", "period", "employer_type"):
        nlu.extend(_synonyms(vocab[entity]))
    professions = sorted({s for p in kb.professions for s in p.synonyms}, key=lambda s: (s.lower(), s))
    nlu.append({"lookup": "profession", "examples": _examples(professions)})
    nlu.append({"lookup": "place", "examples": _examples(sorted(p.name for p in kb.places))})
    return {"version": "3.1", "nlu": nlu}


def render(kb: KnowledgeBase) -> str:
    dumper = yaml.SafeDumper
    dumper.add_representer(_Block, _block_representer)
    return HEADER + yaml.dump(build(kb), Dumper=dumper, allow_unicode=True, sort_keys=False)


def main() -> None:
    OUTPUT.write_text(render(load_knowledge_base()), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(Path.cwd()) if OUTPUT.is_relative_to(Path.cwd()) else OUTPUT}")


if __name__ == "__main__":
    main()
