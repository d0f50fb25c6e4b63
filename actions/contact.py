"""The human contact for career advice, read from contact.yml (the one place it is configured)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

CONTACT_FILE = Path(os.environ.get("CONTACT_FILE", Path(__file__).resolve().parent.parent / "contact.yml"))


@dataclass(frozen=True)
class HumanContact:
    """A public service that advises in person: its name and where to reach it."""

    name: str
    url: Optional[str]
    address: Optional[str]

    def reply(self) -> str:
        """The German sentence that hands the user over to this contact."""
        where = self.url or self.address
        return f"Persönlich beraten lassen können Sie sich hier: {self.name}, {where}"


def load_contact(path: Path = CONTACT_FILE) -> HumanContact:
    """Reads the contact; a file without a name, or without a url or address, is an error that says so."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    name, url, address = raw.get("name"), raw.get("url"), raw.get("address")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{path}: 'name' fehlt (der Name der Beratungsstelle)")
    if url is not None and not (isinstance(url, str) and url.startswith("https://")):
        raise ValueError(f"{path}: 'url' muss mit https:// beginnen")
    if not url and not (isinstance(address, str) and address.strip()):
        raise ValueError(f"{path}: 'url' oder 'address' muss angegeben sein")
    return HumanContact(name=name.strip(), url=url, address=address.strip() if address else None)
