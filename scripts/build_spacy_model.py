"""Builds the German spaCy pipeline the NLU uses: a blank German tokenizer plus spaCy's lookup lemmatizer.

German spaCy models cannot be downloaded here; the lookup tables ship in the spacy-lookups-data
package, so this runs offline at install time and writes build/spacy_de_lookup.
"""

import sys
from pathlib import Path

import spacy


def main(target: Path) -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy_de_lookup"))
