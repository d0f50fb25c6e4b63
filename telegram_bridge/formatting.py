"""Turning the assistant's light Markdown into Telegram MarkdownV2, and splitting long replies.

The assistant's replies may use ``**bold**``, ``*italic*``, ``_italic_``, ```code``` and
``[text](https://url)``. Those become Telegram entities; every other character is escaped,
so a stray ``_`` or ``*`` is shown as it is instead of breaking the message.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, List, Optional, Tuple

from telegram.helpers import escape_markdown

#: Telegram's limit for one message's text.
MAX_MESSAGE_LENGTH = 4096

_INLINE = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|\[(?P<link_text>[^\]\n]+)\]\((?P<link_url>https?://(?:[^()\s]|\([^()\s]*\))+)\)"
    r"|\*\*(?P<bold>[^\s*](?:[^\n]*?[^\s*])?)\*\*"
    r"|__(?P<bold_alt>[^\s_](?:[^\n]*?[^\s_])?)__"
    r"|(?<![\w*])\*(?P<italic>[^\s*](?:[^*\n]*?[^\s*])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic_alt>[^\s_](?:[^_\n]*?[^\s_])?)_(?![\w_])"
)

# Coarsest first: a long reply is cut between paragraphs if it can be, else between lines,
# else after a sentence, else between words, and only as a last resort inside a word.
_BOUNDARIES = (
    re.compile(r"(?<=\n\n)"),
    re.compile(r"(?<=\n)"),
    re.compile(r"(?<=[.!?…]\s)|(?<=[.!?…][\"'»«“”)]\s)"),
    re.compile(r"(?<=\s)"),
)


def telegram_length(text: str) -> int:
    """Length of ``text`` as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _tokens(text: str) -> Iterator[Tuple[str, str, Optional[str]]]:
    """Yield ``(kind, content, url)`` for the plain and formatted runs of ``text``."""
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            yield "plain", text[position : match.start()], None
        kind = match.lastgroup or "plain"
        if kind == "link_url":
            yield "link", match.group("link_text"), match.group("link_url")
        else:
            yield kind.replace("_alt", ""), match.group(kind), None
        position = match.end()
    if position < len(text):
        yield "plain", text[position:], None


def to_markdown_v2(text: str) -> str:
    """Render the assistant's light Markdown as Telegram MarkdownV2 with everything else escaped."""
    parts: List[str] = []
    for kind, content, url in _tokens(text):
        if kind == "code":
            parts.append(f"`{escape_markdown(content, version=2, entity_type='code')}`")
        elif kind == "link":
            label = escape_markdown(content, version=2)
            target = escape_markdown(url or "", version=2, entity_type="text_link")
            parts.append(f"[{label}]({target})")
        elif kind == "bold":
            parts.append(f"*{escape_markdown(content, version=2)}*")
        elif kind == "italic":
            parts.append(f"_{escape_markdown(content, version=2)}_")
        else:
            parts.append(escape_markdown(content, version=2))
    return "".join(parts)


def to_plain(text: str) -> str:
    """The text a reader sees, without any markup: the fallback when Telegram rejects Markdown."""
    parts: List[str] = []
    for kind, content, url in _tokens(text):
        parts.append(f"{content} ({url})" if kind == "link" else content)
    return "".join(parts)


def split_message(
    text: str,
    limit: int = MAX_MESSAGE_LENGTH,
    measure: Optional[Callable[[str], int]] = None,
) -> List[str]:
    """Split ``text`` into chunks that each fit into one Telegram message once rendered.

    Chunks are cut at paragraph, line, sentence or word boundaries, in that order of
    preference; whitespace at the cuts is dropped, nothing else is lost.

    Args:
        text: The reply in the assistant's light Markdown.
        limit: Largest allowed length of one rendered chunk.
        measure: Length of a chunk as sent; by default its MarkdownV2 rendering in UTF-16 units,
            which is never shorter than what Telegram counts.
    """
    measure = measure or (lambda chunk: telegram_length(to_markdown_v2(chunk)))
    chunks = (chunk.strip() for chunk in _split(text, limit, measure, 0))
    return [chunk for chunk in chunks if chunk]


def _split(text: str, limit: int, measure: Callable[[str], int], level: int) -> List[str]:
    """Split ``text`` at the boundaries of ``_BOUNDARIES[level]`` and finer ones."""
    if measure(text) <= limit:
        return [text]
    if level == len(_BOUNDARIES):
        return _hard_split(text, limit, measure)
    pieces = [piece for piece in _BOUNDARIES[level].split(text) if piece]
    if len(pieces) == 1:
        return _split(text, limit, measure, level + 1)
    chunks: List[str] = []
    current = ""
    for piece in pieces:
        if current and measure(current + piece) <= limit:
            current += piece
            continue
        if current:
            chunks.append(current)
        current = piece
        if measure(current) > limit:
            finer = _split(current, limit, measure, level + 1)
            chunks.extend(finer[:-1])
            current = finer[-1]
    if current:
        chunks.append(current)
    return chunks


def _hard_split(text: str, limit: int, measure: Callable[[str], int]) -> List[str]:
    """Cut a single over-long word into the longest prefixes that fit."""
    chunks: List[str] = []
    while text:
        low, high = 1, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if measure(text[:middle]) <= limit:
                low = middle
            else:
                high = middle - 1
        chunks.append(text[:low])
        text = text[low:]
    return chunks
