#!/usr/bin/env python3
"""Scores `edition read --json` against hand-checked expectations.

For every PAGE with a PAGE-stem.expected.json beside it ({"title", "byline", "published",
"paragraphs"}), runs the reader and prints the issue's four figures:
  title right, published date right (pages that show one), body paragraphs found, and
  boilerplate leaking into the spoken text (paragraphs spoken that are not in the story).
Usage: score_readers.py EDITION FOLDER [--verbose]
"""
import json, pathlib, subprocess, sys

def main():
    edition, folder = sys.argv[1], pathlib.Path(sys.argv[2])
    verbose = "--verbose" in sys.argv
    pages = titles = bylines = dated = dates = expected_total = found = spoken = leaked = 0
    for want_path in sorted(folder.glob("*.expected.json")):
        stem = want_path.name[: -len(".expected.json")]
        page = next(p for p in folder.glob(stem + ".*") if not p.name.endswith(".expected.json"))
        want = json.loads(want_path.read_text())
        run = subprocess.run([edition, "read", "--json", str(page)], capture_output=True, text=True)
        got = json.loads(run.stdout) if run.returncode == 0 else {"title": None, "published": None, "authors": [], "paragraphs": []}
        pages += 1
        titles += got["title"] == want["title"]
        bylines += got.get("authors", []) == want["byline"]
        if want.get("published"):
            dated += 1
            dates += got["published"] == want["published"]
        expected = want["paragraphs"]
        expected_total += len(expected)
        found += sum(p in got["paragraphs"] for p in expected)
        spoken += len(got["paragraphs"])
        extra = [p for p in got["paragraphs"] if p not in expected]
        leaked += len(extra)
        if verbose and (got["title"] != want["title"] or got["authors"] != want["byline"] or got["published"] != want.get("published")
                        or extra or any(p not in got["paragraphs"] for p in expected)):
            print(f"-- {page.name}: title {got['title']!r}, authors {got['authors']!r}, published {got['published']!r}", file=sys.stderr)
            for p in expected:
                if p not in got["paragraphs"]:
                    print(f"   missed: {p[:70]}", file=sys.stderr)
            for p in extra:
                print(f"   leaked: {p[:70]}", file=sys.stderr)
    pct = lambda a, b: 100.0 * a / b if b else 100.0
    print(f"pages {pages}")
    print(f"title right      {titles}/{pages} = {pct(titles, pages):.1f}%  (bar >= 90%)")
    print(f"byline right     {bylines}/{pages} = {pct(bylines, pages):.1f}%")
    print(f"date right       {dates}/{dated} = {pct(dates, dated):.1f}%  (bar >= 85%)")
    print(f"paragraphs found {found}/{expected_total} = {pct(found, expected_total):.1f}%  (bar >= 95%)")
    print(f"boilerplate leak {leaked}/{spoken} = {pct(leaked, spoken):.1f}%  (bar <= 5%)")

main()
