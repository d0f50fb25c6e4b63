"""Replaces one attribute of Rasa's code only where it is still the code a patch was written for.

Every patch names the Rasa version and the SHA-256 of the source of the function it replaces.
Where either differs (another Rasa release, or a Rasa that someone else changed), the patch is
not installed, a warning says why, and Rasa's own code stays in place.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
from typing import Any, Callable

import rasa

logger = logging.getLogger(__name__)

#: The Rasa release every patch in this package was written and measured for.
RASA_VERSION = "3.6.21"
#: Set on each installed replacement, so that a second install() changes nothing.
MARK = "__rasa_patch__"


def source_hash(function: Callable[..., Any]) -> str:
    """The SHA-256 of a function's source text ("no source" where Python cannot find it)."""
    try:
        return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
    except (OSError, TypeError):
        return "no source"


def _function(attribute: Any) -> Callable[..., Any]:
    return attribute.__func__ if isinstance(attribute, (classmethod, staticmethod)) else attribute


def expected_code(owner: Any, name: str, expected_hash: str, patch: str) -> bool:
    """Whether `owner.name` is the Rasa code `patch` was written for; logs a warning where not."""
    if rasa.__version__ != RASA_VERSION:
        logger.warning(
            "Rasa patch %r not installed: written for Rasa %s, this is Rasa %s; Rasa's own code stays.",
            patch, RASA_VERSION, rasa.__version__,
        )
        return False
    found = source_hash(_function(inspect.getattr_static(owner, name)))
    if found != expected_hash:
        logger.warning(
            "Rasa patch %r not installed: %s.%s is not the code it was written for (source hash %s…, "
            "expected %s…); Rasa's own code stays.", patch, getattr(owner, "__name__", owner), name, found[:12],
            expected_hash[:12],
        )
        return False
    return True


def replace(owner: Any, name: str, replacement: Any, expected_hash: str, patch: str) -> bool:
    """Sets `owner.name` to `replacement` if it is the expected Rasa code; True if the replacement is in place."""
    if getattr(_function(inspect.getattr_static(owner, name)), MARK, False):
        return True
    if not expected_code(owner, name, expected_hash, patch):
        return False
    setattr(_function(replacement), MARK, True)
    setattr(owner, name, replacement)
    logger.debug("Rasa patch %r installed", patch)
    return True
