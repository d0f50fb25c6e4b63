"""Removes personal data from visitors' messages before they go into files that trainers commit.

Replaces e-mail addresses, phone numbers, IBANs and web addresses with a German placeholder, and
removes control and invisible characters (channels/input_checks.clean), which would also make the
YAML unreadable. Names cannot be found reliably by pattern: docs/TRAINING.md asks trainers to check.
"""

from __future__ import annotations

import re
from typing import List, Tuple

from channels.input_checks import clean

PATTERNS: List[Tuple[re.Pattern, str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[E-Mail]"),
    (re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b"), "[IBAN]"),
    (re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE), "[Adresse]"),
    # +49 …, 0049 …, 0203 123456, (0203) 12 34 56, 0176-1234567: a leading + or 0 (amounts never have
    # one) and seven or more digits with spaces, brackets, slashes or hyphens between them.
    (re.compile(r"(?<![\w.,])(?:\+|\(?0)\d[\d ()/-]{4,}\d"), "[Telefon]"),
]
#: A phone number has at least this many digits; shorter runs are amounts, years or postcodes.
MIN_PHONE_DIGITS = 7


def scrub(text: str) -> str:
    """The text with personal data replaced by placeholders and without invisible characters."""
    text = clean(text)
    for pattern, placeholder in PATTERNS:
        if placeholder == "[Telefon]":
            text = pattern.sub(lambda m: placeholder if sum(c.isdigit() for c in m.group()) >= MIN_PHONE_DIGITS else m.group(), text)
        else:
            text = pattern.sub(placeholder, text)
    return text
