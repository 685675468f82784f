#!/usr/bin/env python3
"""Prints the readers' figures in one table: our own fixture pages, the two development sets
beside the repository (../shared/eval/html and ../shared/eval/pages, scored by their own
scorers), and the readers' speed on the stress pages.

    score_readers.py EDITION FIXTURES [--eval DIR] [--verbose]

Own fixtures: every PAGE with a PAGE-stem.expected.json beside it ({"title", "byline",
"published", "paragraphs"}). Title and byline must match exactly, the date where the page
shows one; R is the share of expected paragraphs found word for word, P the share of spoken
paragraphs that are expected, leak the share that are not.
Columns: F1, P, R (percent; for the HTML set bag-of-words as its scorer defines them, for
the page set R is anchor recall and P is 100 - leak), title, byline, date, leak. A set
whose folder is missing is listed as such.
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent


def pct(a, b):
    return 100.0 * a / b if b else 100.0


def own_fixtures(edition, folder, verbose):
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
        if verbose and (got["title"] != want["title"] or got.get("authors") != want["byline"] or got["published"] != want.get("published")
                        or extra or any(p not in got["paragraphs"] for p in expected)):
            print(f"-- {page.name}: title {got['title']!r}, authors {got.get('authors')!r}, published {got['published']!r}", file=sys.stderr)
            for p in expected:
                if p not in got["paragraphs"]:
                    print(f"   missed: {p[:70]}", file=sys.stderr)
            for p in extra:
                print(f"   leaked: {p[:70]}", file=sys.stderr)
    recall, precision = pct(found, expected_total), pct(spoken - leaked, spoken)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0
    return dict(n=pages, f1=f1, p=precision, r=recall, title=pct(titles, pages), byline=pct(bylines, pages),
                date=pct(dates, dated), leak=pct(leaked, spoken))


def html_set(edition, folder):
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "html.json"
        subprocess.run([sys.executable, str(folder / "score_html.py"), "--pages", str(folder / "pages"),
                        "-r", f"{edition} read {{}} --json", "-j", "2", "--json", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
        t = json.loads(out.read_text())["totals"]["articles"]
    return dict(n=t["pages"], f1=100 * t["mean_f1"], p=100 * t["mean_precision"], r=100 * t["mean_recall"],
                title=100 * t["title_lenient_acc"], byline=100 * t["byline_acc"], date=100 * t["date_acc"],
                leak=None, note=f"title exact {100 * t['title_acc']:.1f}, errors {t['errors']}")


def page_set(edition, folder):
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "pages.json"
        subprocess.run([sys.executable, str(folder / "score.py"), "-r", f"{edition} read --json", "--dir", str(folder),
                        "--json", str(out)], check=True, stdout=subprocess.DEVNULL)
        t = json.loads(out.read_text())["totals"]
    recall, precision = 100 * t["body_recall"], 100 * (1 - t["leakage"])
    return dict(n=t["pages"], f1=2 * precision * recall / (precision + recall), p=precision, r=recall,
                title=100 * t["title_acc"], byline=100 * t["byline_acc"], date=100 * t["date_acc_dated_pages"],
                leak=100 * t["leakage"], note=f"errors {t['reader_errors']}")


def speed(edition):
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(HERE / "stress_pages.py"), tmp, "--megabytes", "4"], check=True)
        for name in ("stress.html", "stress-deep.html", "stress.txt"):
            path = pathlib.Path(tmp) / name
            best = None
            for _ in range(3):
                start = time.monotonic()
                subprocess.run([edition, "read", "--json", str(path)], check=True, stdout=subprocess.DEVNULL)
                elapsed = time.monotonic() - start
                best = elapsed if best is None else min(best, elapsed)
            megabytes = path.stat().st_size / 1e6
            rows.append((name, megabytes, best))
    return rows


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    edition, fixtures = args[0], pathlib.Path(args[1])
    evals = pathlib.Path(sys.argv[sys.argv.index("--eval") + 1]) if "--eval" in sys.argv else HERE.parents[2] / "shared" / "eval"
    verbose = "--verbose" in sys.argv
    rows = [("own fixtures", own_fixtures(edition, fixtures, verbose))]
    for name, folder, scorer in (("eval/html (readability)", evals / "html", html_set), ("eval/pages (scraped)", evals / "pages", page_set)):
        rows.append((name, scorer(edition, folder) if folder.is_dir() else None))
    fmt = lambda v: "    -" if v is None else f"{v:5.1f}"
    print(f"{'set':24} {'n':>4} {'F1':>5} {'P':>5} {'R':>5} {'title':>5} {'bylin':>5} {'date':>5} {'leak':>5}")
    for name, row in rows:
        if row is None:
            print(f"{name:24}  (folder not found)")
            continue
        print(f"{name:24} {row['n']:4d} {fmt(row['f1'])} {fmt(row['p'])} {fmt(row['r'])} {fmt(row['title'])} "
              f"{fmt(row['byline'])} {fmt(row['date'])} {fmt(row['leak'])}  {row.get('note', '')}")
    print("(percent; eval/html title is lenient, the scorers' own definitions otherwise; bars: html F1 >= 95, "
          "title~ >= 85; pages title >= 90, date >= 85, R >= 95, leak <= 5)")
    for name, megabytes, seconds in speed(edition):
        print(f"speed {name:16} {megabytes:5.1f} MB in {seconds:5.2f} s = {megabytes / seconds:4.2f} MB/s (bar >= 1 MB/s; best of 3)")


main()
