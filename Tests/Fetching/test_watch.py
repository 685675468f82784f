"""`edition watch` against a site on 127.0.0.1 whose feed gains, edits and drops items
between passes."""
import re
import signal
import subprocess
import time

from fetching import EDITION, FERRY, ROOT, manifest, page, run, snapshot


def feed(site, items):
    """An RSS feed of (guid, title, paragraphs or None for a summary and a link to page NAME)."""
    xml = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Coast News</title>']
    for day, (guid, title, body) in enumerate(items, start=1):
        xml.append(f"<item><title>{title}</title><guid>{guid}</guid><pubDate>0{day} Dec 2026 08:00:00 GMT</pubDate>")
        if isinstance(body, str):
            xml.append(f"<link>{site.url('pages/' + body)}</link><description>Read the full story.</description></item>")
        else:
            xml.append("<content:encoded><![CDATA[" + "".join(f"<p>{p}</p>" for p in body) + "]]></content:encoded></item>")
    site.write("watched.xml", "\n".join(xml + ["</channel></rss>"]))


LANES = ("lanes", "Council approves new cycle lanes",
         ["The council approved four new cycle lanes on Tuesday after a long debate in the town hall.",
          "Work on the first lane starts in the spring and should finish before the summer holidays."])
LIBRARY = ("library", "Library extends its opening hours",
           ["The town library will open until nine in the evening from next month, the librarian said.",
            "Volunteers will staff the reading room on Sundays for the first time in ten years."])
FERRY_ITEM = ("ferry", "Harbour ferry returns", "watched-ferry.html")
BAKERY = ("bakery", "Bakery wins national prize", ["A family bakery on the high street won a national prize for its rye bread this week."])


def counts(line):
    return dict((name, int(n)) for n, name in re.findall(r"(\d+) (items|new|changed|unchanged|no longer listed|failed)", line))


def by_item(folder):
    return {e["source"].get("item"): e for e in manifest(folder)["episodes"] if e["kind"] == "article"}


def test_a_watched_feed_keeps_its_episodes_current(site, out):
    site.write("watched-ferry.html", FERRY)
    feed(site, [LANES, LIBRARY, FERRY_ITEM])
    address = site.url("pages/watched.xml")

    # Cold: every item becomes an episode; the ferry is read from its page.
    cold = run("watch", address, "--once", "--output", out, "--format", "mp3", check=True)
    assert counts(cold.stdout) == {"items": 3, "new": 3, "changed": 0, "unchanged": 0, "no longer listed": 0, "failed": 0}
    episodes = by_item(out)
    assert set(episodes) == {"lanes", "library", "ferry"}
    assert episodes["ferry"]["title"] == "Harbour ferry returns after winter repairs"
    assert episodes["ferry"]["source"]["path"] == site.url("pages/watched-ferry.html")
    assert all(e["files"][0]["duration"] > 5 for e in episodes.values())
    assert (out / "feed.xml").read_text().count("<item>") == 3

    # Unchanged: a 304 for the feed and for the page, and not a byte written.
    before = snapshot(out)
    site.clear()
    calm = run("watch", address, "--once", "--output", out, "--format", "mp3", check=True)
    assert counts(calm.stdout)["unchanged"] == 3 and counts(calm.stdout)["new"] == 0
    assert sorted(site.log()) == [["GET", "/pages/watched-ferry.html", 304], ["GET", "/pages/watched.xml", 304]]
    assert snapshot(out) == before

    # Edited, added and removed between passes.
    edited = (LIBRARY[0], LIBRARY[1], [LIBRARY[2][0].replace("next month", "the first of next month"), LIBRARY[2][1]])
    feed(site, [edited, FERRY_ITEM, BAKERY])
    busy = run("watch", address, "--once", "--output", out, "--format", "mp3", check=True)
    assert counts(busy.stdout) == {"items": 3, "new": 1, "changed": 1, "unchanged": 1, "no longer listed": 1, "failed": 0}
    episodes = by_item(out)
    assert episodes["library"]["revision"] == 2 and episodes["library"]["history"][-1]["segmentsSynthesised"] == 1
    assert episodes["lanes"]["delisted"] and all((out / f["path"]).exists() for f in episodes["lanes"]["files"])
    assert episodes["bakery"]["revision"] == 1 and "delisted" not in episodes["ferry"]

    # The ferry's page is edited while the feed stays the same.
    site.write("watched-ferry.html", FERRY.replace("seven o'clock", "half past six"))
    page_edit = run("watch", address, "--once", "--output", out, "--format", "mp3", check=True)
    assert counts(page_edit.stdout)["changed"] == 1
    assert by_item(out)["ferry"]["revision"] == 2

    # Only the page's footer changes: nothing is made again, and the next pass is all 304s.
    site.write("watched-ferry.html", FERRY.replace("seven o'clock", "half past six").replace("Copyright", "Updated 08:31. Copyright"))
    noise = run("watch", address, "--once", "--output", out, "--format", "mp3", check=True)
    assert counts(noise.stdout)["changed"] == 0 and counts(noise.stdout)["unchanged"] == 3
    assert by_item(out)["ferry"]["revision"] == 2
    site.clear()
    run("watch", address, "--once", "--output", out, "--format", "mp3", check=True)
    assert all(status == 304 for _, _, status in site.log())

    # A feed that fails: the pass says so, exits 1 with --once, and nothing changes.
    before = snapshot(out)
    with site.failing("watched.xml"):
        failed = run("watch", address, "--once", "--output", out, "--format", "mp3")
    assert failed.returncode == 1 and f"{address}: HTTP 500" in failed.stderr
    assert counts(failed.stdout)["failed"] == 1
    assert snapshot(out) == before


def test_a_daily_briefing_is_made_from_the_newest_items(site, out):
    feed(site, [LANES, LIBRARY, BAKERY])
    done = run("watch", site.url("pages/watched.xml"), "--once", "--output", out, "--format", "mp3",
               "--briefing", "morning", "--briefing-at", "00:00", "--briefing-stories", "2", check=True)
    briefing = [e for e in manifest(out)["episodes"] if e["kind"] == "briefing"]
    assert len(briefing) == 1 and briefing[0]["id"] in done.stdout
    # Newest first: the bakery (3 December), then the library (2 December).
    assert [s["title"] for s in briefing[0]["stories"]] == [BAKERY[1], LIBRARY[1]]
    # Made once a day: the next pass leaves it.
    before = snapshot(out)
    run("watch", site.url("pages/watched.xml"), "--once", "--output", out, "--format", "mp3",
        "--briefing", "morning", "--briefing-at", "00:00", "--briefing-stories", "2", check=True)
    assert snapshot(out) == before


def test_the_watcher_survives_a_failed_fetch_and_stops_cleanly_on_sigterm(site, out):
    feed(site, [LANES])
    site.post("_fail/watched.xml")
    watcher = subprocess.Popen([EDITION, "watch", site.url("pages/watched.xml"), "--every", "1s", "--output", str(out),
                                "--format", "mp3", "--voices", str(ROOT / "Voices")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = watcher.stdout.readline()
        assert counts(first)["failed"] == 1
        site.post("_heal")
        second = watcher.stdout.readline()
        assert counts(second)["new"] == 1, second
        watcher.send_signal(signal.SIGTERM)
        started = time.monotonic()
        assert watcher.wait(timeout=10) == 0
        assert time.monotonic() - started < 5
    finally:
        watcher.kill()
    assert set(by_item(out)) == {"lanes"}


def test_sigterm_in_the_middle_of_a_pass_keeps_what_is_done_and_the_next_pass_makes_the_rest(site, out):
    stories = [(f"story-{n}", f"Story number {n} from the harbour",
                [f"Paragraph {p} of story {n} tells of the harbour, the ferry and the people who work there every day."
                 for p in range(1, 7)]) for n in range(1, 9)]
    feed(site, stories)
    watcher = subprocess.Popen([EDITION, "watch", site.url("pages/watched.xml"), "--output", str(out), "--format", "mp3",
                                "--workers", "1", "--voices", str(ROOT / "Voices")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (out / "manifest.json").exists() and time.monotonic() < deadline and watcher.poll() is None:
            time.sleep(0.05)
        watcher.send_signal(signal.SIGTERM)
        assert watcher.wait(timeout=30) == 0
    finally:
        watcher.kill()
    made = by_item(out)
    assert 1 <= len(made) < 8
    for episode in made.values():
        assert all((out / f["path"]).stat().st_size == f["bytes"] for f in episode["files"])
    assert not [p for p in out.rglob("*") if ".cache" not in p.parts and (".tmp" in p.name or p.name.startswith(".edition-"))]
    rest = run("watch", site.url("pages/watched.xml"), "--once", "--output", out, "--format", "mp3", check=True)
    assert counts(rest.stdout)["new"] == 8 - len(made)
    assert set(by_item(out)) == {s[0] for s in stories}


def test_an_item_whose_page_fails_is_tried_again_on_the_next_pass(site, out):
    site.write("flaky.html", FERRY)
    feed(site, [LANES, ("flaky", "Harbour ferry returns", "flaky.html")])
    address = site.url("pages/watched.xml")
    with site.failing("flaky.html"):
        first = run("watch", address, "--once", "--output", out, "--format", "mp3")
    assert first.returncode == 1 and f"{site.url('pages/flaky.html')}: HTTP 500" in first.stderr
    assert counts(first.stdout) == {"items": 2, "new": 1, "changed": 0, "unchanged": 0, "no longer listed": 0, "failed": 1}
    # The feed has not changed, but it is read whole again, so the item is not lost.
    second = run("watch", address, "--once", "--output", out, "--format", "mp3", check=True)
    assert counts(second.stdout)["new"] == 1 and counts(second.stdout)["unchanged"] == 1
    assert set(by_item(out)) == {"lanes", "flaky"}


def test_items_with_only_a_title_a_link_and_a_guid_are_read_from_their_pages(site, out):
    """Many sites publish exactly this shape, in RSS 2.0 and in RSS 1.0: the story is read
    from each item's page, and an item whose page is gone fails alone."""
    site.write("bare-ferry.html", FERRY)
    site.write("bare-rdf.html", page("Council approves new cycle lanes",
                                     "The council approved four new cycle lanes on Tuesday after a long debate in the town hall."))
    site.write("bare.xml", "\n".join([
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Coast News</title><link>' + site.url("pages/") + "</link>",
        f"<item><title>Harbour ferry returns</title><link>{site.url('pages/bare-ferry.html')}</link><guid>bare-ferry</guid></item>",
        f"<item><title>A story that is gone</title><link>{site.url('status/404')}</link><guid>gone</guid></item>",
        "</channel></rss>"]))
    site.write("bare.rdf", "\n".join([
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">',
        f'<channel rdf:about="{site.url("pages/")}"><title>Coast News</title><link>{site.url("pages/")}</link></channel>',
        f'<item rdf:about="{site.url("pages/bare-rdf.html")}"><title>Cycle lanes</title><link>{site.url("pages/bare-rdf.html")}</link></item>',
        "</rdf:RDF>"]), "application/rdf+xml")
    done = run("watch", site.url("pages/bare.xml"), site.url("pages/bare.rdf"), "--once", "--output", out, "--format", "mp3")
    assert done.returncode != 0, "one item failed"
    assert "status/404" in done.stderr and "HTTP 404" in done.stderr, done.stderr
    episodes = by_item(out)
    assert set(episodes) == {"bare-ferry", site.url("pages/bare-rdf.html")}
    assert episodes["bare-ferry"]["title"] == "Harbour ferry returns after winter repairs"
    assert episodes[site.url("pages/bare-rdf.html")]["source"]["path"] == site.url("pages/bare-rdf.html")
