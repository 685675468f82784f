"""The player pages in a real browser: Debian's Chromium, driven by Playwright.

On the output folder `conftest.py` makes, checks, on file:// pages, that they load without console errors or requests outside the
folder, that a seek to a word's time marks exactly that word, that a chapter button seeks,
that the headline stays inert text, that Space plays and pauses, and that the embed loads.
A screenshot of the episode page is saved under .build/ for a person to look at.
"""
import json

from chromium import browser  # noqa: F401 (a fixture)
from conftest import HEADLINE, ROOT


def episodes(output):
    return json.loads((output / "manifest.json").read_text())["episodes"]


def briefing(output):
    return next(e for e in episodes(output) if e["kind"] == "briefing")


class Page:
    """A page with its console errors, page errors and every URL it asked for."""

    def __init__(self, browser, url):
        self.page = browser.new_page()
        self.errors, self.requests = [], []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.page.close()

    def assert_clean(self, folder):
        assert self.errors == []
        outside = [url for url in self.requests if not url.startswith(folder.as_uri())]
        assert outside == [], "requests outside the output folder"


def wait_for_audio(page):
    page.wait_for_function("document.querySelector('audio').readyState >= 1", timeout=10000)


def test_index_lists_episodes_newest_first(browser, output):
    with Page(browser, (output / "index.html").as_uri()) as p:
        p.assert_clean(output)
        titles = p.page.locator(".episodes li a").all_inner_texts()
        newest = sorted(episodes(output), key=lambda e: e["created"], reverse=True)
        assert len(titles) == 2
        assert set(titles) == {e["title"] for e in newest}
        assert p.page.evaluate("window.pwned") is None


def test_a_seek_to_a_word_marks_exactly_that_word(browser, output):
    episode = briefing(output)
    with Page(browser, (output / episode["id"] / "index.html").as_uri()) as p:
        wait_for_audio(p.page)
        words = p.page.locator(".word")
        assert words.count() > 100
        for index in (5, words.count() // 2, words.count() - 3):
            start = float(words.nth(index).get_attribute("data-start"))
            p.page.evaluate(f"document.querySelector('audio').currentTime = {start + 0.01}")
            p.page.wait_for_function(f"document.querySelector('[aria-current=true]') === document.querySelectorAll('.word')[{index}]",
                                     timeout=5000)
            assert p.page.locator("[aria-current=true]").count() == 1
        # Clicking a word seeks there.
        target = words.nth(40)
        target.click()
        start = float(target.get_attribute("data-start"))
        assert abs(p.page.evaluate("document.querySelector('audio').currentTime") - start) < 0.05
        p.page.screenshot(path=str(ROOT / ".build" / "player-episode.png"), full_page=False)
        p.assert_clean(output)


def test_a_chapter_button_seeks(browser, output):
    episode = briefing(output)
    chapter = episode["chapters"][2]
    with Page(browser, (output / episode["id"] / "index.html").as_uri()) as p:
        wait_for_audio(p.page)
        p.page.locator(".chapters button").nth(2).click()
        assert abs(p.page.evaluate("document.querySelector('audio').currentTime") - chapter["start"]) < 0.05
        p.page.wait_for_function("document.querySelector('[aria-current=true]') !== null", timeout=5000)
        p.assert_clean(output)


def test_a_script_headline_stays_text(browser, output):
    episode = briefing(output)
    with Page(browser, (output / episode["id"] / "index.html").as_uri()) as p:
        assert p.page.locator("h1").inner_text() == episode["title"]
        assert HEADLINE in episode["title"]
        assert p.page.evaluate("window.pwned") is None
        assert p.page.locator("script").count() == 1
        assert p.page.title() == episode["title"]


def test_space_plays_and_pauses_and_the_arrows_seek(browser, output):
    episode = briefing(output)
    with Page(browser, (output / episode["id"] / "index.html").as_uri()) as p:
        wait_for_audio(p.page)
        p.page.locator("h1").click()
        p.page.keyboard.press("Space")
        p.page.wait_for_function("!document.querySelector('audio').paused", timeout=5000)
        # The button follows the audio's "play" event, which comes a moment after `paused` turns.
        p.page.wait_for_function("document.querySelector('[data-action=play]').textContent === 'Pause'", timeout=5000)
        assert p.page.locator("[data-action=play]").inner_text() == "Pause"
        p.page.keyboard.press("Space")
        p.page.wait_for_function("document.querySelector('audio').paused", timeout=5000)
        before = p.page.evaluate("document.querySelector('audio').currentTime")
        p.page.keyboard.press("ArrowRight")
        assert abs(p.page.evaluate("document.querySelector('audio').currentTime") - (before + 15)) < 0.5
        p.page.locator("[data-rate='1.5']").click()
        assert p.page.evaluate("document.querySelector('audio').playbackRate") == 1.5
        assert p.page.locator("[data-rate='1.5']").get_attribute("aria-pressed") == "true"
        p.assert_clean(output)


def test_the_embed_loads(browser, output):
    for episode in episodes(output):
        with Page(browser, (output / episode["id"] / "embed.html").as_uri()) as p:
            wait_for_audio(p.page)
            assert p.page.locator("audio source").count() >= 1
            assert p.page.locator(".word").count() == 0
            p.assert_clean(output)


def test_one_set_of_controls_ours_with_script_the_browsers_without(browser, output):
    episode = briefing(output)
    url = (output / episode["id"] / "index.html").as_uri()
    with Page(browser, url) as p:
        wait_for_audio(p.page)
        assert p.page.evaluate("document.querySelector('audio').hasAttribute('controls')") is False
        assert p.page.locator(".controls").is_visible()
        # The position slider seeks, and follows the audio.
        p.page.evaluate("var r = document.querySelector('.position'); r.value = '20'; r.dispatchEvent(new Event('change'))")
        assert abs(p.page.evaluate("document.querySelector('audio').currentTime") - 20) < 0.05
        p.page.evaluate("document.querySelector('audio').currentTime = 31")
        p.page.wait_for_function("Math.abs(parseFloat(document.querySelector('.position').value) - 31) < 0.2", timeout=5000)
        p.assert_clean(output)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    assert page.locator("audio[controls]").count() == 1
    assert page.locator(".controls").is_hidden()
    context.close()
