"""A headless Debian Chromium for the browser tests, and a fresh tab on the careers page per test."""

from __future__ import annotations

from typing import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from widget_driver import CHROMIUM, CHROMIUM_ARGS, Widget


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make install` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def widget(browser: Browser, web_server: str) -> Iterator[Widget]:
    """The page in a new browser context (no stored session), 1280×900, German."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    try:
        yield Widget(context.new_page(), web_server)
    finally:
        context.close()
