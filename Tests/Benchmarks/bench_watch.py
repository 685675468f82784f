#!/usr/bin/env python3
"""Watch benchmark: a 50-item feed on a news site started on 127.0.0.1 (Tests/Fetching/
newsroom.py), every item a page of 6 paragraphs the feed links to. Times a cold
`edition watch --once` pass, an unchanged pass (a 304 for the feed and for every page),
and a pass after one sentence of one page is edited, beside the curl command fetching the same 51 addresses.
Figures, not pass/fail.
Usage: bench_watch.py [EDITION]"""
import pathlib
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
EDITION = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build" / "release" / "edition")
ITEMS = 50

work = pathlib.Path(tempfile.mkdtemp(prefix="edition-bench-watch-"))
site = work / "site"
subprocess.run([sys.executable, ROOT / "Tests/Benchmarks/make_stories.py", work / "stories", str(ITEMS), "6", "11"], check=True, cwd=ROOT)
site.mkdir()
server = subprocess.Popen([sys.executable, ROOT / "Tests/Fetching/newsroom.py", site], stdout=subprocess.PIPE, text=True)
base = f"http://127.0.0.1:{server.stdout.readline().split()[1]}"


def html(story):
    title, *paragraphs = story.read_text().strip().split("\n\n")
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><article><h1>{title}</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>\n")


items = []
for n, story in enumerate(sorted((work / "stories").glob("*.txt")), start=1):
    (site / f"story-{n}.html").write_text(html(story))
    items.append(f"<item><title>Story {n}</title><guid>story-{n}</guid><link>{base}/pages/story-{n}.html</link>"
                 f"<description>Summary {n}.</description></item>")
(site / "feed.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>' + "".join(items) + "</channel></rss>\n")


def watch():
    started = time.perf_counter()
    done = subprocess.run([EDITION, "watch", f"{base}/pages/feed.xml", "--once", "--output", work / "out", "--format", "mp3,flac",
                           "--voices", ROOT / "Voices"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - started, done.stdout.strip()


try:
    cold, cold_line = watch()
    calm, calm_line = watch()
    page = site / "story-17.html"
    page.write_text(re.sub(r"\.</p>", ", officials said.</p>", page.read_text(), count=1))
    edit, edit_line = watch()
    # The floor for an unchanged pass: the same 51 addresses fetched by the curl command, one
    # process, no conditions.
    started = time.perf_counter()
    subprocess.run(["curl", "-s", "-o", "/dev/null"] + [f"{base}/pages/feed.xml"] + [f"{base}/pages/story-{n}.html" for n in range(1, ITEMS + 1)]
                   + ["-o", "/dev/null"] * ITEMS, check=True)
    floor = time.perf_counter() - started
    print(f"cold pass      {cold:7.2f} s   {cold_line.split(': ', 1)[1]}")
    print(f"unchanged pass {calm:7.2f} s   {calm_line.split(': ', 1)[1]}")
    print(f"one-item edit  {edit:7.2f} s   {edit_line.split(': ', 1)[1]}")
    print(f"curl, 51 GETs  {floor:7.2f} s   the same addresses fetched whole by the curl command")
    print(f"unchanged / cold = {calm / cold:.4f}; one-item edit / cold = {edit / cold:.3f}; unchanged / curl = {calm / floor:.2f}")
finally:
    server.kill()
    subprocess.run(["rm", "-rf", str(work)])
