"""Text from an article is only ever text: markup in it stays escaped in the feed, the pages,
the transcripts and the tags, and never reaches espeak-ng as SSML or phonemes, which the
audio's length shows (an SSML break of a minute would be heard as one)."""
import json
import pathlib
import re
import subprocess
import wave
import xml.etree.ElementTree as ET

import pytest

from conftest import run
from outputcheck import problems

HOSTILE = '</title><script>alert(1)</script> ]]> --> & "q" \'s'
BODY = ('Before the pause <break time="60s"/> and after it. <speak><prosody rate="x-slow">Slow</prosody></speak> '
        "[[h@l'oU]] and <audio src=\"file:///etc/passwd\"/> are words here, said in a few seconds.")


def test_markup_in_an_article_stays_text_everywhere(tmp_path):
    article = tmp_path / "hostile.txt"
    article.write_text(f"{HOSTILE}\n\n{BODY}\n\nA picture <img src=x onerror=alert(2)> was here, and {HOSTILE} is the headline.\n")
    out = tmp_path / "out"
    result = run(["article", article, "--output", out, "--format", "wav,mp3"])
    assert result.returncode == 0, result.stderr.decode()
    assert problems(out) == []
    episode = json.loads((out / "manifest.json").read_bytes())["episodes"][0]
    assert episode["title"] == HOSTILE

    # Spoken as words, in seconds: no minute-long SSML break, no slowed prosody.
    wav = next(out / file["path"] for file in episode["files"] if file["format"] == "wav")
    with wave.open(str(wav)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
    assert 5 < seconds < 40, seconds

    # The feed parses and holds the title as text.
    feed = ET.parse(out / "feed.xml").getroot()
    assert [item.findtext("title") for item in feed.iter("item")] == [HOSTILE]
    assert not any(element.tag == "script" for element in feed.iter())

    # Pages and transcripts never carry the markup raw.
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".vtt") and ".cache" not in path.parts:
            text = path.read_text()
            assert "<script>alert(1)" not in text and "<img src=x" not in text and "<break" not in text, path
    vtt = pathlib.Path(out / episode["transcript"]).read_text()
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in vtt

    # The MP3's ID3 title is the text as written.
    mp3 = next(out / file["path"] for file in episode["files"] if file["format"] == "mp3")
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format_tags=title", "-of", "json", str(mp3)],
                           capture_output=True, check=True)
    assert json.loads(probe.stdout)["format"]["tags"]["title"] == HOSTILE


def test_phoneme_brackets_never_reach_the_engine():
    result = run(["normalise"], voices=False, input=f"{BODY}\n".encode())
    spoken = result.stdout.decode()
    assert result.returncode == 0 and "[[" not in spoken and "]]" not in spoken
    assert re.search(r"h@l'oU", spoken), spoken


@pytest.mark.parametrize("connection", [
    "host=/nonexistent port=5999 password=hunter2 dbname=x",
    "host=/nonexistent password='hunter2 and more' dbname=x",
    "postgresql:///x?host=/nonexistent&password=hunter2",
    "postgresql://edition:hunter2@/x?host=/nonexistent",
    "postgresql://edition:hunt%65r2@/x?host=/nonexistent",
    "host=/nonexistent sslpassword=hunter2 dbname=x",
    "host=/nonexistent hunter2 dbname=x",
])
def test_a_queue_password_is_never_printed(connection):
    """Every form libpq reads a password in: the run fails, names the connection, and the
    password (or its percent-encoding) is in neither stream."""
    result = run(["queue", "status", "--queue", connection], voices=False, timeout=60)
    said = (result.stdout + result.stderr).decode()
    assert result.returncode != 0
    assert "cannot connect" in said, said
    assert "hunter2" not in said and "hunt%65r2" not in said, said
