"""Hostile and broken input, kind by kind. Every case ends one of two ways:

- refused: a non-zero exit, an error naming the input and the problem, and an output folder
  byte-identical to what it was (it starts as a copy of a real one);
- accepted: exit 0, and an output folder consistent with its manifest (`outputcheck`).

No case may crash or hang (a run has a time limit)."""
import json
import os
import shutil
import socket
import subprocess

import pytest

from conftest import FIXTURES, VOICES, run
from outputcheck import problems, snapshot

STORY = "Council approves harbour plan\n\nThe council approved the harbour plan on Monday after a long debate.\n"


def text(name, body, *flags):
    """An article file `name` holding `body` (str or bytes), given to `edition article`."""
    def setup(tmp, out):
        return ["article", _write(tmp / name, body), "--output", out, "--format", "wav", *flags]
    return setup


def briefing(name, body, *flags):
    def setup(tmp, out):
        return ["briefing", _write(tmp / name, body), "--output", out, "--format", "wav", "--date", "2024-01-05", *flags]
    return setup


def reading(name, body, command="read"):
    """A file for `edition read --json` (or `normalise`): sizes are checked where they could hang."""
    def setup(tmp, out):
        path = _write(tmp / name, body)
        return ["read", "--json", path] if command == "read" else ["normalise", "--lines", path]
    return setup


def special(make):
    def setup(tmp, out):
        return ["article", make(tmp), "--output", out, "--format", "wav"]
    return setup


def fifo(tmp):
    os.mkfifo(tmp / "pipe.txt")
    return tmp / "pipe.txt"


def unix_socket(tmp):
    path = tmp / "sock.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return path


def symlink_loop(tmp):
    os.symlink(tmp / "b.txt", tmp / "a.txt")
    os.symlink(tmp / "a.txt", tmp / "b.txt")
    return tmp / "a.txt"


def dangling(tmp):
    os.symlink(tmp / "gone.txt", tmp / "link.txt")
    return tmp / "link.txt"


def oversized(tmp):
    path = tmp / "huge.txt"
    with open(path, "wb") as file:
        file.write(STORY.encode())
        file.truncate(21 * 1024 * 1024)
    return path


def named(name):
    """An ordinary article under an unusual name (bytes: not UTF-8)."""
    def setup(tmp, out):
        path = os.path.join(os.fsencode(str(tmp)), name)
        with open(path, "wb") as file:
            file.write(STORY.encode())
        return ["article", path, "--output", out, "--format", "wav"]
    return setup


def with_options(*flags, source=None):
    def setup(tmp, out):
        return ["article", source or _write(tmp / "story.txt", STORY), "--output", out, "--format", "wav", *flags]
    return setup


def broken_manifest(make):
    """An article made on the copied folder, whose manifest `make(path)` has changed."""
    def setup(tmp, out):
        make(out / "manifest.json")
        return ["article", _write(tmp / "story.txt", STORY), "--output", out, "--format", "wav"]
    return setup


def rewritten(change):
    """The manifest's bytes through `change`."""
    return lambda path: path.write_bytes(change(path.read_bytes()))


def replaced(make):
    """The manifest swapped for what `make(path)` puts in its place."""
    def swap(path):
        path.unlink()
        make(path)
    return swap


def retarget(field, value):
    def change(data):
        manifest = json.loads(data)
        episode = manifest["episodes"][0]
        if field == "id":
            episode["id"] = value
        else:
            episode["files"][0]["path"] = value
        return json.dumps(manifest).encode()
    return change


def broken_voice(change):
    """A copy of Voices/ whose newsreader profile is changed by `change`."""
    def setup(tmp, out):
        voices = tmp / "Voices"
        shutil.copytree(VOICES, voices)
        profile = voices / "newsreader.json"
        profile.write_bytes(change(profile.read_bytes()))
        return ["article", _write(tmp / "story.txt", STORY), "--output", out, "--format", "wav", "--voice", "newsreader", "--voices", voices]
    return setup


def espeak_voice(value):
    def change(data):
        profile = json.loads(data)
        profile["espeakVoice"] = value
        return json.dumps(profile).encode()
    return change


def rss(items):
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{items}</channel></rss>'


ITEM = "<item><title>Harbour plan</title><guid>1</guid><description>The council approved the harbour plan on Monday.</description></item>"
BOMB = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">' +
        "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>")
HTML_PAGE = "<html><head><title>Harbour plan</title></head><body><article><h1>Harbour plan</h1><p>{}</p></article></body></html>"
PROSE = "The council approved the harbour plan on Monday after a long debate about the cost of the work."

# (kind, setup, verdict, what stderr says, or the parts it says): "refused" cases name the
# input and the problem.
CASES = [
    # Special files.
    ("FIFO", special(fifo), "refused", "pipe.txt: is a FIFO (named pipe), not an article file"),
    ("character device", special(lambda tmp: "/dev/zero"), "refused", "/dev/zero: is a character device, not an article file"),
    ("socket", special(unix_socket), "refused", "sock.txt: is a socket, not an article file"),
    ("symlink loop", special(symlink_loop), "refused", "a.txt: cannot read file: Too many levels of symbolic links"),
    ("dangling symlink", special(dangling), "refused", "link.txt: no such file"),
    ("directory", special(lambda tmp: tmp), "refused", "is a directory, not an article file"),
    ("missing file", special(lambda tmp: tmp / "none.txt"), "refused", "none.txt: no such file"),
    ("over 20 MB", special(oversized), "refused", "huge.txt: file is 20971521 bytes, over the 20971520-byte limit"),
    # Encodings.
    ("UTF-16 LE with BOM", text("utf16le.txt", b"\xff\xfe" + STORY.encode("utf-16-le")), "refused", "utf16le.txt: is UTF-16 text"),
    ("UTF-16 BE with BOM", text("utf16be.txt", b"\xfe\xff" + STORY.encode("utf-16-be")), "refused", "utf16be.txt: is UTF-16 text"),
    ("invalid UTF-8 (Latin-1)", text("latin1.txt", STORY.replace("debate", "d\xe9bat").encode("latin-1")), "refused", "latin1.txt: not valid UTF-8"),
    ("overlong UTF-8", text("overlong.txt", STORY.encode() + b"\xc0\xaf\n"), "refused", "overlong.txt: not valid UTF-8"),
    ("UTF-8 surrogate", text("surrogate.txt", STORY.encode() + b"\xed\xa0\x80\n"), "refused", "surrogate.txt: not valid UTF-8"),
    ("NUL bytes", text("nul.txt", STORY.encode() + b"\x00\x00more\n"), "refused", "nul.txt: looks like a binary file, not text"),
    ("PNG bytes", text("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)), "refused", "image.txt: looks like a binary file, not text"),
    ("control characters", text("controls.txt", STORY.replace("council", "coun\x1b[31mcil\x07")), "accepted", None),
    ("UTF-8 BOM", text("bom.txt", b"\xef\xbb\xbf" + STORY.encode()), "accepted", None),
    ("CRLF line ends", text("crlf.txt", STORY.replace("\n", "\r\n")), "accepted", None),
    ("bare CR line ends", text("cr.txt", STORY.replace("\n", "\r")), "accepted", None),
    ("bidi and zero-width marks", text("bidi.txt", STORY.replace("harbour", "har\u200bbour\u202e")), "accepted", None),
    ("empty file", text("empty.txt", b""), "refused", "empty.txt: file is empty"),
    ("whitespace only", text("blank.txt", " \n\t\n"), "refused", "blank.txt: file is empty"),
    ("no words", text("emoji.txt", "🙂 🙂\n\n*** ---\n"), "refused", "emoji.txt: no words to speak"),
    # Sizes: read in full without a hang, and spoken in bounded time.
    ("million-digit number", text("digits.txt", "Big number\n\nThe number is " + "31415926" * 125000 + ".\n"), "accepted", None),
    ("200k-character word", text("word.txt", "Long word\n\nThe word is " + "".join(chr(97 + (i * 7) % 26) for i in range(200000)) + ".\n"), "accepted", None),
    ("10k paragraphs, read", reading("many.txt", "Many\n\n" + "".join(f"Paragraph {i} says the plan is good.\n\n" for i in range(10000))), "accepted", None),
    ("10k paragraphs, normalised", reading("many.txt", "".join(f"On Nov. 17, {i} people paid $5.\n" for i in range(10000)), "normalise"), "accepted", None),
    ("one 1 MB line", reading("line.txt", "Line\n\n" + (PROSE + " ") * 11000), "accepted", None),
    # Hostile HTML and XML.
    ("deeply nested HTML", text("deep.html", "<html><body>" + "<div>" * 100000 + f"<p>{PROSE}</p>" + "</div>" * 100000 + "</body></html>"), "refused", "deep.html: not readable as HTML: libxml2 stopped reading it: Excessive depth"),
    ("entity expansion in HTML", text("bomb.html", BOMB.replace("<?xml version=\"1.0\"?>", "") + HTML_PAGE.format("&i; " + PROSE)), "accepted", None),
    ("external entity in HTML", text("xxe.html", '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + HTML_PAGE.format("&x; " + PROSE)), "accepted", None),
    ("<base> and refresh", text("base.html", '<html><head><base href="http://127.0.0.1:9/"><meta http-equiv="refresh" content="0; url=http://127.0.0.1:9/">'
                                  f'<title>Harbour plan</title></head><body><article><p>{PROSE}</p><img src="x.png"></article></body></html>'), "accepted", None),
    ("truncated HTML", text("cut.html", HTML_PAGE.format(PROSE + " " + PROSE)[:-40]), "accepted", None),
    ("HTML with only scripts", text("script.html", "<html><head><script>var a = 'x'.repeat(10);</script><style>p{}</style></head><body><script>alert(1)</script></body></html>"),
     "refused", ("no article text found in ", "/script.html")),
    ("HTML with a NUL entity and huge code points", text("codes.html", HTML_PAGE.format("&#0; &#x110000; &#99999999999; " + PROSE)), "accepted", None),
    ("entity expansion in a feed", briefing("bomb.rss", BOMB + rss(ITEM.replace("Harbour plan", "&i;"))), "refused", ("no article text found in ", "/bomb.rss")),
    ("external entity in a feed", briefing("xxe.rss", '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + rss(ITEM.replace("Harbour plan", "&x;")).split("?>", 1)[1]),
     "refused", ("no article text found in ", "/xxe.rss")),
    ("external entity in a lexicon", lambda tmp, out: ["lexicon", "import", _write(tmp / "xxe.pls", '<?xml version="1.0"?><!DOCTYPE lexicon [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                                                                         '<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en"><lexeme><grapheme>&x;</grapheme><alias>x</alias></lexeme></lexicon>'),
                                                        "--voices", _voices_copy(tmp)], "refused", "xxe.pls:1: <lexeme> has no <grapheme>"),
    # Malformed JSON, Markdown and feeds.
    ("JSON cut short", text("cut.json", '{"title": "Harbour plan", "body": ["The council'), "refused", "cut.json: not readable as a JSON article: Unexpected end of file"),
    ("JSON of the wrong shape", text("shape.json", '{"title": 5, "body": {"a": 1}}'), "refused", "shape.json: not readable as a JSON article: no \"title\" string"),
    ("JSON array at the top", text("array.json", '["The council approved the plan."]'), "refused", "array.json: not readable as a JSON article: the top level is not an object"),
    ("JSON nested 100k deep", text("deep.json", '{"title": "Deep", "body": ' + "[" * 100000 + "]" * 100000 + "}"), "refused", "deep.json: not readable as a JSON article: Too many nested arrays"),
    ("JSON with a lone surrogate escape", text("surrogate.json", json.dumps({"title": "Plan", "body": [PROSE]}).replace("Plan", "Plan \\ud800")), "refused", "surrogate.json: not readable as a JSON article"),
    ("Markdown front matter never closed", text("open.md", "---\ntitle: Harbour plan\nauthor: A\n\n" + PROSE + "\n"), "refused", "open.md: not readable as Markdown: front matter opened on line 1 is never closed"),
    ("Markdown front matter of junk", text("junk.md", "---\n: : :\n- [\ntitle: \"Harbour plan\n---\n# Harbour plan\n\n" + PROSE + "\n"), "accepted", None),
    ("Markdown nested 10k quotes", text("quotes.md", "# Quotes\n\n" + ">" * 10000 + " " + PROSE + "\n"), "accepted", None),
    ("RSS cut short", briefing("cut.rss", rss(ITEM * 3)[:-60]), "accepted", None),
    # Inputs as publishers have them (each failed before it was read through its library).
    ("RSS items with only a link, pages unreachable", briefing("links.rss", rss("<item><title>Harbour plan</title><link>http://127.0.0.1:9/plan</link><guid>1</guid></item>")),
     "refused", ("links.rss: http://127.0.0.1:9/plan: ", "Couldn't connect to server")),
    ("RSS 1.0 (RDF)", briefing("rdf.rss", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>F</title></channel>'
                                          f'<item rdf:about="urn:1"><title>Harbour plan</title><description>{PROSE}</description></item></rdf:RDF>'), "accepted", None),
    ("content:encoded under another prefix", briefing("prefix.rss", rss(f'<item xmlns:c="http://purl.org/rss/1.0/modules/content/"><title>Harbour plan</title><guid>1</guid><c:encoded>&lt;p&gt;{PROSE}&lt;/p&gt;</c:encoded></item>')),
     "accepted", None),
    ("Markdown entities", text("entities.md", f"# Ben &amp; Jerry&#39;s harbour shop\n\n{PROSE} &amp; more&#33;\n"), "accepted", None),
    ("headline in Greek", text("greek.txt", f"Αθήνα: νέα μέτρα για το λιμάνι\n\n{PROSE}\n"), "accepted", None),
    ("RSS without items", briefing("empty.rss", rss("")), "refused", ("no article text found in ", "/empty.rss")),
    ("Atom entry without a title", briefing("untitled.atom", '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><summary>Only words here.</summary></entry></feed>'), "refused", ("no article text found in ", "/untitled.atom")),
    ("JSON Feed with items of the wrong type", briefing("bad.json", '{"version": "https://jsonfeed.org/version/1.1", "items": "none"}'), "refused", "bad.json: not readable as JSON Feed: no \"items\" list"),
    ("feed of 5,000 items", briefing("big.rss", rss("".join(ITEM.replace("<guid>1", f"<guid>{i}") for i in range(5000))), "--max-stories", "2"),
     "accepted", "the sources give 5000 stories; reading the first 2"),
    ("feed over the profile's cap", lambda tmp, out: ["briefing", _write(tmp / "three.rss", rss("".join(ITEM.replace("<guid>1", f"<guid>{i}") for i in range(3)))),
                                                     "--output", out, "--format", "wav", "--date", "2024-01-05", "--voices", _capped_voices(tmp, 2)],
     "accepted", "the sources give 3 stories; reading the first 2 (--max-stories, or maxStories in the briefing profile, changes it)"),
    # Odd file names.
    ("non-UTF-8 file name", named(b"caf\xe9.txt"), "accepted", None),
    ("newline in the file name", named(b"two\nlines.txt"), "accepted", None),
    ("quotes and spaces in the name", named(b"it's \"here\" now.txt"), "accepted", None),
    ("leading dash, after --", lambda tmp, out: ["article", "--output", out, "--format", "wav", "--voices", VOICES, "--", _write(tmp / "-story.txt", STORY)], "accepted", None),
    ("leading dash, taken as options", lambda tmp, out: ["article", "--output", out, "--format", "wav", _write(tmp / "-x.txt", STORY).name], "refused",
     "-x.txt: a file whose name starts with '-' is read as options; write ./-x.txt, or put it after --"),
    ("255-byte file name", named(b"n" * 251 + b".txt"), "accepted", None),
    ("output folder named in Latin-1", lambda tmp, out: ["article", _write(tmp / "story.txt", STORY), "--output", os.path.join(os.fsencode(str(out)), b"caf\xe9")],
     "refused", "a folder whose name is not UTF-8 cannot be written to; rename it"),
    # Bad options.
    ("unknown format", with_options("--format", "wav,ogg"), "refused", "unknown format 'ogg'"),
    ("no workers", with_options("--workers", "0"), "refused", "--workers must be from 1 to 64"),
    ("loudness not a number", with_options("--loudness", "loud"), "refused", "The value 'loud' is invalid for '--loudness <lufs>'"),
    ("true peak above 0", with_options("--true-peak", "3"), "refused", "--true-peak must be from -9 to 0 dBTP"),
    ("unknown voice", with_options("--voice", "nobody"), "refused", "unknown voice 'nobody'; available voices:"),
    ("language not a tag", with_options("--language", "!!"), "refused", "--language '!!' is not a language tag"),
    ("output is a file", lambda tmp, out: ["article", _write(tmp / "story.txt", STORY), "--output", _write(tmp / "file", "x"), "--format", "wav"], "refused", "file: cannot create it: Not a directory"),
    ("unknown option", with_options("--frobnicate"), "refused", "Unknown option '--frobnicate'"),
    ("unsupported address scheme", with_options(source="ftp://example.com/a.txt"), "refused", "ftp://example.com/a.txt: only http and https addresses can be fetched, not ftp"),
    # Broken state.
    ("corrupt manifest", broken_manifest(rewritten(lambda data: data[: len(data) // 2])), "refused", "manifest.json: not a readable manifest"),
    ("manifest of another schema", broken_manifest(rewritten(lambda data: data.replace(b'"schema" : 1', b'"schema" : 99'))), "refused", "manifest schema 99"),
    ("manifest id leaving the folder", broken_manifest(rewritten(retarget("id", "../../escape"))), "refused", "episode id \"../../escape\" is not a plain folder name"),
    ("manifest file outside the folder", broken_manifest(rewritten(retarget("path", "/etc/passwd"))), "refused", "which is not inside its folder"),
    ("manifest is a FIFO", broken_manifest(replaced(os.mkfifo)),
     "refused", "manifest.json: is a FIFO (named pipe), not a manifest file"),
    ("manifest is a directory", broken_manifest(replaced(os.mkdir)),
     "refused", "manifest.json: is a directory, not a manifest file"),
    ("manifest is a symlink to /etc/passwd", broken_manifest(replaced(lambda path: os.symlink("/etc/passwd", path))), "refused",
     "manifest.json: not a readable manifest"),
    ("FIFO given to master", lambda tmp, out: (os.mkfifo(tmp / "in.wav"), ["master", tmp / "in.wav", "--output", out])[1],
     "refused", "in.wav: cannot open: is a FIFO (named pipe), not a sound file"),
    ("cache entry cut short", lambda tmp, out: _damaged_cache(tmp, out), "accepted", None),
    ("broken voice profile", broken_voice(lambda data: data[:20]), "refused", "newsreader.json: not a valid voice profile: The given data was not valid JSON"),
    ("voice profile with an unknown espeak voice", broken_voice(espeak_voice("xx-nowhere")), "refused", "espeak-ng: cannot select voice 'xx-nowhere': The specified espeak-ng voice does not exist"),
]


def _write(path, content):
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def _damaged_cache(tmp, out):
    """The example article under another name, on the copied folder whose cache holds every
    segment it needs, one of them cut short."""
    entry = sorted((out / ".cache" / "segments").glob("*/*.seg"))[0]
    entry.write_bytes(entry.read_bytes()[:100])
    return ["article", _write(tmp / "copy.txt", (FIXTURES / "example-article.txt").read_bytes()), "--output", out, "--format", "wav"]


def _capped_voices(tmp, stories):
    """A copy of Voices/ whose morning briefing reads at most `stories`."""
    voices = _voices_copy(tmp)
    profile = voices / "briefings" / "morning.json"
    profile.write_text(json.dumps({**json.loads(profile.read_text()), "maxStories": stories}))
    return voices


def _voices_copy(tmp):
    voices = tmp / "Voices"
    if not voices.exists():
        shutil.copytree(VOICES, voices)
    return voices


@pytest.mark.parametrize("kind,setup,verdict,message", CASES, ids=[case[0] for case in CASES])
def test_bad_input(kind, setup, verdict, message, made, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(made, out)
    arguments = setup(tmp_path, out)
    before = snapshot(out)
    try:
        result = run(arguments, voices=arguments[0] in ("article", "briefing") and "--voices" not in arguments, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{kind}: edition hung")
    stderr = result.stderr.decode(errors="replace")
    assert result.returncode >= 0, f"{kind}: killed by signal {-result.returncode}: {stderr}"
    assert "Fatal error" not in stderr and "Program crashed" not in stderr, stderr
    if verdict == "refused":
        assert result.returncode != 0, f"{kind}: accepted, expected refused: {stderr}"
        assert all(part in stderr for part in (message if isinstance(message, tuple) else (message,))), f"{kind}: {stderr}"
        assert "error" in stderr.lower(), stderr
        assert snapshot(out) == before, f"{kind}: the output folder changed"
    else:
        assert result.returncode == 0, f"{kind}: refused, expected accepted: {stderr}"
        assert message is None or message in stderr, stderr
        assert problems(out) == []
        # An external entity is never fetched: nothing of /etc/passwd reaches the output.
        assert not any(b"root:x:0:0" in data for data in snapshot(out).values())
        if arguments[0] in ("article", "briefing"):
            assert len(_episodes(out)) == len(_episodes(made)) + 1, f"{kind}: no episode was added"
        else:
            assert result.stdout.strip(), f"{kind}: nothing printed"


def _episodes(out):
    return json.loads((out / "manifest.json").read_bytes())["episodes"]


def test_a_cache_entry_cut_short_is_spoken_again(made, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(made, out)
    result = run(_damaged_cache(tmp_path, out))
    assert result.returncode == 0, result.stderr.decode()
    assert b"; 1 segments spoken, 4 from the cache;" in result.stderr, result.stderr


def test_there_are_fifty_kinds():
    assert len({case[0] for case in CASES}) >= 50
