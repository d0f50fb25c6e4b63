"""Driving the careers page and its chat widget in Debian's Chromium with Playwright."""

from __future__ import annotations

from pathlib import Path
from typing import List
from urllib.parse import urlsplit

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google's hosts, which this
# machine's closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
]
ANSWER_TIMEOUT_MS = 30_000
# Runs before the page's own scripts; records what the Content-Security-Policy blocked.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


class Widget:
    """The careers page in a browser tab, with the requests it made and what its CSP blocked."""

    def __init__(self, page: Page, url: str) -> None:
        self.page = page
        self.url = url
        self.requests: List[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.add_init_script(RECORD_VIOLATIONS)

    def load(self) -> None:
        self.page.goto(self.url)
        self.page.wait_for_selector(".rw-launcher")

    def open(self) -> None:
        self.page.click(".rw-launcher")
        self.page.wait_for_selector(".rw-new-message")

    def ask(self, text: str) -> None:
        self.page.fill(".rw-new-message", text)
        self.page.press(".rw-new-message", "Enter")

    def bot_texts(self) -> List[str]:
        return self.page.locator(".rw-from-response .rw-message-text").all_inner_texts()

    def user_texts(self) -> List[str]:
        return self.page.locator(".rw-from-client .rw-message-text").all_inner_texts()

    def wait_for_bot_text(self, needle: str) -> str:
        """Waits until a bot message contains `needle`; returns that message's text."""
        self.page.wait_for_function(
            """needle => [...document.querySelectorAll(".rw-from-response .rw-message-text")]
                 .some(element => element.innerText.includes(needle))""",
            arg=needle,
            timeout=ANSWER_TIMEOUT_MS,
        )
        return next(text for text in self.bot_texts() if needle in text)

    def wait_for_bot_messages(self, count: int) -> None:
        self.page.wait_for_function(
            """count => document.querySelectorAll(".rw-from-response .rw-message-text").length >= count""",
            arg=count,
            timeout=ANSWER_TIMEOUT_MS,
        )

    def wait_for_chart(self, path: str) -> None:
        """Waits until the widget shows a loaded image whose URL contains `path`."""
        self.page.wait_for_function(
            """path => [...document.querySelectorAll("img.rw-image-frame")]
                 .some(img => img.src.includes(path) && img.complete && img.naturalWidth > 0)""",
            arg=path,
            timeout=ANSWER_TIMEOUT_MS,
        )

    def scroll_to_top(self, needle: str) -> None:
        """Scrolls the conversation so that the message containing `needle` is at its top."""
        self.page.evaluate(
            """needle => [...document.querySelectorAll(".rw-message-text")]
                 .find(element => element.innerText.includes(needle)).scrollIntoView({block: "start"})""",
            needle,
        )

    def violations(self) -> List[str]:
        return self.page.evaluate("window.__violations")

    def foreign_requests(self, *allowed_urls: str) -> List[str]:
        """Requests to any origin but the page's and `allowed_urls`' (data: URLs are no requests)."""
        allowed = {urlsplit(url).netloc for url in (self.url, *allowed_urls)}
        return [url for url in self.requests if not url.startswith("data:") and urlsplit(url).netloc not in allowed]

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path
