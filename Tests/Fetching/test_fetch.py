"""Sources by address: `edition read`, `article`, `regenerate` and `status` against a site on
127.0.0.1, with the site's awkward answers. A fetch that fails names the address and the
cause, exits non-zero, and leaves the output folder byte-identical."""
import hashlib
import json
import re
import subprocess

import pytest

from fetching import FERRY, manifest, page, run, snapshot


def test_a_page_is_read_from_its_address_through_redirects_and_gzip(site):
    site.write("ferry.html", FERRY)
    for path in ["pages/ferry.html", "gzip/ferry.html", "redirect/3/ferry.html"]:
        done = run("read", site.url(path), "--json", check=True)
        read = json.loads(done.stdout)
        assert read["title"] == "Harbour ferry returns after winter repairs", path
        assert read["paragraphs"][0].startswith("The harbour ferry returned to service"), path
        assert not any("Copyright" in p or "Sport" in p for p in read["paragraphs"]), path
    assert ["GET", "/gzip/ferry.html", 200] in site.log()


def test_the_servers_charset_and_content_type_are_honoured(site):
    (site.folder / "latin.txt").write_bytes("Café owners cheer\n\nThe café on the quay reopens its terrace on Friday, the owners said.\n".encode("latin-1"))
    (site.folder / "latin.txt.type").write_text("text/plain; charset=iso-8859-1")
    read = json.loads(run("read", site.url("pages/latin.txt"), "--json", check=True).stdout)
    assert read["title"] == "Café owners cheer"
    assert "The café on the quay" in read["paragraphs"][0]
    # Markdown served as such, whatever the address ends in.
    site.write("notes", "---\ntitle: Tide tables change\n---\n\nThe tide tables printed in the harbour office change on Monday morning.\n", "text/markdown")
    assert json.loads(run("read", site.url("pages/notes"), "--json", check=True).stdout)["title"] == "Tide tables change"
    # The response's Content-Language, when the text itself does not say.
    site.write("kyiv.txt", "Поромна переправа відновила роботу\n\nПоромна переправа через річку відновила роботу в понеділок після ремонту.\n")
    (site.folder / "kyiv.txt.lang").write_text("uk, en")
    assert json.loads(run("read", site.url("pages/kyiv.txt"), "--json", check=True).stdout)["language"] == "uk"


@pytest.mark.parametrize("label,codec,text", [
    ("koi8-u", "koi8_u", "Поромна переправа відновила роботу\n\nПоромна переправа через річку відновила роботу в понеділок після ремонту.\n"),
    ("KOI8-R", "koi8_r", "Паромная переправа возобновила работу\n\nПаромная переправа через реку возобновила работу в понедельник после ремонта.\n"),
    ("greek8", "iso8859_7", "Το πλοίο επιστρέφει στο λιμάνι\n\nΤο πλοίο του λιμανιού επέστρεψε στα δρομολόγιά του τη Δευτέρα μετά την επισκευή.\n"),
    ("ks_c_5601-1987", "cp949", "서울 여객선 운항 재개\n\n서울의 여객선이 월요일 수리를 마치고 운항을 재개했다.\n"),
])
def test_text_in_any_web_charset_is_read(site, label, codec, text):
    """Text served in the charsets the Encoding Standard names, under any of their labels."""
    (site.folder / "story.txt").write_bytes(text.encode(codec))
    (site.folder / "story.txt.type").write_text(f"text/plain; charset={label}")
    read = json.loads(run("read", site.url("pages/story.txt"), "--json", check=True).stdout)
    assert read["title"] == text.split("\n")[0]
    assert read["paragraphs"][0] == text.split("\n")[2]


def test_an_unknown_charset_label_is_named(site):
    (site.folder / "odd.txt").write_bytes("Caf\xe9 owners cheer\n\nThe caf\xe9 on the quay reopens.\n".encode("latin-1"))
    (site.folder / "odd.txt.type").write_text("text/plain; charset=klingon-1")
    refused = run("read", site.url("pages/odd.txt"))
    assert refused.returncode != 0
    assert "pages/odd.txt: " in refused.stderr
    assert 'it was served with the charset "klingon-1", which is no charset the web knows' in refused.stderr


def test_a_header_reaches_a_site_that_needs_a_token(site):
    site.write("members.html", FERRY)
    refused = run("read", site.url("private/members.html"))
    assert refused.returncode != 0 and "HTTP 401" in refused.stderr
    assert run("read", site.url("private/members.html"), "--header", "Authorization: Bearer letmein", check=True).stdout.startswith("title: Harbour ferry")
    bad = run("read", site.url("private/members.html"), "--header", "no colon here")
    assert bad.returncode != 0 and "is not 'Name: value'" in bad.stderr


FAILURES = [
    ("status/404", [], "HTTP 404 Not Found"),
    ("status/500", [], "HTTP 500 Internal Server Error"),
    ("loop", [], "Maximum (5) redirects followed"),
    ("redirect/6/ferry.html", [], "Maximum (5) redirects followed"),
    ("slow", ["--fetch-timeout", "1"], "timed out"),
    ("endless", [], "over the 20971520-byte limit"),
    ("pages/picture.png", [], "served as image/png, which is neither an article nor a feed"),
    ("pages/empty.html", [], "empty"),
    ("pages/feed-only.xml", [], "is a feed, not an article"),
]


# Each failure for `article` and for `briefing`, but a feed, which is what a briefing reads.
CASES = [(command, *failure) for command in ["article", "briefing"] for failure in FAILURES
         if not (command == "briefing" and "feed" in failure[0])]


@pytest.mark.parametrize("command,path,options,cause", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_a_failed_fetch_names_the_address_and_the_cause_and_changes_nothing(site, out, command, path, options, cause):
    site.write("ferry.html", FERRY)
    (site.folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    site.write("empty.html", "")
    site.write("feed-only.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title><description>B c d e f.</description></item></channel></rss>')
    run("article", site.url("pages/ferry.html"), "--output", out, "--format", "mp3", "--quiet", check=True)
    before = snapshot(out)
    quiet = ["--quiet"] if command == "article" else []
    done = run(command, site.url(path), *options, "--output", out, "--format", "mp3", *quiet)
    assert done.returncode != 0
    assert site.url(path) in done.stderr and cause in done.stderr, done.stderr
    assert snapshot(out) == before


def test_other_schemes_are_refused_not_read_as_file_names(out):
    for address in ["ftp://127.0.0.1/story.html", "file:///etc/passwd"]:
        done = run("read", address)
        assert done.returncode != 0 and "only http and https addresses can be fetched" in done.stderr


def test_an_article_from_an_address_is_kept_current_by_conditional_fetches(site, out):
    site.write("harbour.html", FERRY)
    address = site.url("pages/harbour.html")
    run("article", address, "--output", out, "--format", "mp3,flac", "--quiet", check=True)
    episode = manifest(out)["episodes"][0]
    assert episode["source"]["path"] == address and episode["source"]["identity"] == address
    assert episode["source"]["etag"] and episode["source"]["lastModified"]
    # The audio is there and is speech: about as long as three sentences take to say.
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=sample_rate:format=duration", "-of", "json",
                            str(out / episode["files"][0]["path"])], capture_output=True, text=True, check=True)
    measured = json.loads(probe.stdout)
    assert measured["streams"][0]["sample_rate"] == "44100"
    assert 12 < float(measured["format"]["duration"]) < 40

    # Unchanged: one 304 each, and nothing written.
    before = snapshot(out)
    site.clear()
    assert run("status", "--output", out, check=True).stdout.rstrip().endswith("up to date")
    assert "up to date (revision 1)" in run("regenerate", "--output", out, check=True).stdout
    assert site.log() == [["GET", "/pages/harbour.html", 304]] * 2
    assert snapshot(out) == before

    # One sentence edited: stale, then one segment spoken again.
    site.write("harbour.html", FERRY.replace("by a fifth", "by a quarter"))
    assert run("status", "--output", out, check=True).stdout.rstrip().endswith("stale")
    remade = run("regenerate", "--output", out, check=True)
    assert "revision 2, 1 segments spoken (0 added, 1 changed, 0 removed)" in remade.stdout
    episode = manifest(out)["episodes"][0]
    assert episode["revision"] == 2 and episode["history"][-1]["segmentsSynthesised"] == 1

    # The site fails: reported, and nothing changes.
    before = snapshot(out)
    with site.failing("harbour.html"):
        failed = run("regenerate", "--output", out)
        status = run("status", "--output", out, check=True)
    assert failed.returncode == 1 and f"{address}: HTTP 500 Internal Server Error" in failed.stderr
    assert status.stdout.rstrip().endswith("unreachable")
    assert snapshot(out) == before

    # Gone: flagged stale, the episode kept.
    (site.folder / "harbour.html").unlink()
    gone = run("regenerate", "--output", out)
    assert gone.returncode != 0 and "HTTP 404" in gone.stderr
    episode = manifest(out)["episodes"][0]
    assert episode["revision"] == 2 and "HTTP 404" in episode["stale"]
    assert all((out / f["path"]).exists() for f in episode["files"])


def test_a_page_without_validators_is_fetched_whole_and_compared_by_hash(site, out):
    site.write("plain.html", FERRY)
    run("article", site.url("plain/plain.html"), "--output", out, "--format", "mp3", "--quiet", check=True)
    assert "etag" not in manifest(out)["episodes"][0]["source"]
    before = snapshot(out)
    assert "up to date" in run("regenerate", "--output", out, check=True).stdout
    assert snapshot(out) == before

    # The page changes around the story (its footer): nothing audible changed, so no new
    # revision; the manifest takes the page's new hash, and status agrees.
    site.write("plain.html", FERRY.replace("Copyright Coast News", "Copyright Coast News. Page made at 08:31:07"))
    assert run("status", "--output", out, check=True).stdout.rstrip().endswith("stale")
    assert "up to date (revision 1)" in run("regenerate", "--output", out, check=True).stdout
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k != "manifest.json"} == {k: v for k, v in before.items() if k != "manifest.json"}
    assert manifest(out)["episodes"][0]["source"]["sha256"] == hashlib.sha256((site.folder / "plain.html").read_bytes()).hexdigest()
    assert run("status", "--output", out, check=True).stdout.rstrip().endswith("up to date")


def test_a_briefing_reads_a_feed_from_its_address(site, out):
    site.write("ferry.html", FERRY)
    site.write("briefing.xml", f'''<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Coast News</title>
<item><title>Council approves new cycle lanes</title><guid>lanes</guid>
<content:encoded><![CDATA[<p>The council approved four new cycle lanes on Tuesday after a long debate.</p>]]></content:encoded></item>
<item><title>Harbour ferry returns</title><guid>ferry</guid><link>/pages/ferry.html</link><description>Short.</description></item>
</channel></rss>''')
    done = run("briefing", site.url("pages/briefing.xml"), "--date", "2026-12-02", "--format", "mp3", "--output", out, check=True)
    assert "2 stories" in done.stdout
    briefing = manifest(out)["episodes"][0]
    assert [s["title"] for s in briefing["stories"]] == ["Council approves new cycle lanes", "Harbour ferry returns after winter repairs"]
    # The ferry was read from its page (its link relative to the feed), not the feed's one-word summary.
    words = re.sub(r"<[^>]+>", "", (out / briefing["transcript"]).read_text())
    assert "first crossing left the pier" in words and "Short." not in words
