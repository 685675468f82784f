"""Debian's Chromium, driven by Playwright, for every test that looks at the player pages:
the pages on disk (Tests/Publishing) and as `edition serve` serves them (Tests/Server)."""
import pytest
from playwright.sync_api import sync_playwright


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--autoplay-policy=no-user-gesture-required"])
        yield browser
        browser.close()
