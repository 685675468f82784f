"""The episode page served by `edition serve`, in Debian's Chromium (Playwright): it plays
as it does from disk, a click on a word seeks there, and the audio is fetched by range."""
import pathlib
import sys

sys.path.append(str(pathlib.Path(__file__).resolve().parents[1] / "Publishing"))
from chromium import browser  # noqa: E402,F401 (a fixture)
from conftest import story  # noqa: E402


def test_the_player_page_works_over_http_and_seeks_by_range(serve, browser):
    server = serve()
    job = server.wait(server.post({"text": story("Council approves new river bridge",
        "The city council approved the new river bridge on Monday, ending a debate that has run for six years, officials said.",
        "Work will start in the spring, and the bridge is expected to open to traffic, cyclists and walkers in late 2027.",
        "Residents who spoke at the meeting said they hoped the works would bring few delays to the town centre.")})[2]["id"])
    episode = server.json("GET", f"/v1/episodes/{job['episode']}")[2]
    page = browser.new_page()
    errors, audio = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: response.url.endswith(".mp3") and audio.append(
        (response.status, response.request.headers.get("range"), response.headers.get("content-range"))))
    page.goto(episode["player"])
    page.wait_for_function("document.querySelector('audio').readyState >= 1", timeout=15000)
    assert page.locator(".controls").is_visible()
    words = page.locator(".word")
    assert words.count() > 20
    target = words.nth(words.count() - 5)
    start = float(target.get_attribute("data-start"))
    target.click()
    page.wait_for_function(f"Math.abs(document.querySelector('audio').currentTime - {start}) < 0.05", timeout=5000)
    assert target.get_attribute("aria-current") == "true"
    # Chromium asks for the audio by range, and the server answers with the part asked for.
    assert audio, "the page fetched no audio"
    assert all(status == 206 and asked and answered and answered.startswith("bytes ") for status, asked, answered in audio), audio
    assert errors == []
    page.close()
