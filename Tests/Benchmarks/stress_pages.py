#!/usr/bin/env python3
"""Writes the readers' stress pages: a large news-like HTML page, the same story 150 layout
divs deep (where any work repeated at every level of nesting shows), and a large scraped
page text.

    stress_pages.py FOLDER [--megabytes N]

Both are built the same way every time (seeded), from the shapes real pages have: menus,
teaser lists, share bars, nested layout divs, captions and a long story with links, lists,
subheadings and quotes. The HTML page repeats its sections until it reaches the size; so
does the text page. The story is long on purpose: the reader must read all of it.
"""
import pathlib
import random
import sys

WORDS = ("the council said on monday that officials would review the plan after residents "
         "raised concerns about traffic noise and the cost of repairs to the bridge which "
         "carries more than forty thousand vehicles a day across the river").split()


def sentence(rng, n=None):
    n = n or rng.randint(8, 24)
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    if n > 10:
        words[n // 2] += ","
    return " ".join(words) + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def html_page(rng, size):
    head = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bridge repairs to go ahead | Gazette</title>"
            "<meta property=\"og:title\" content=\"Bridge repairs to go ahead\"><meta name=\"author\" content=\"Sam Taylor\">"
            "<meta property=\"article:published_time\" content=\"2024-03-01T09:00:00Z\"></head><body>"
            "<header class=\"site-header\"><nav><ul>" + "".join(f"<li><a href=\"/s{i}\">Section {i}</a></li>" for i in range(30))
            + "</ul></nav></header><main><article class=\"story\"><h1>Bridge repairs to go ahead</h1>"
            "<div class=\"byline\">By Sam Taylor</div><div class=\"article-body\">")
    tail = "</div></article></main><footer><p>Copyright Gazette. All rights reserved.</p></footer></body></html>"
    parts = [head]
    total = len(head) + len(tail)
    section = 0
    while total < size:
        section += 1
        chunk = [f"<h2>Part {section} of the story</h2>"]
        for _ in range(8):
            chunk.append(f"<p>{paragraph(rng)} <a href=\"/related/{rng.randint(1, 999)}\">More on this</a>.</p>")
        chunk.append("<figure><img src=\"a.jpg\"><figcaption>Traffic on the bridge. Photo: Gazette</figcaption></figure>")
        chunk.append("<ul>" + "".join(f"<li>{sentence(rng, 10)}</li>" for _ in range(4)) + "</ul>")
        chunk.append(f"<blockquote><p>{sentence(rng)}</p></blockquote>")
        chunk.append("<div class=\"share-bar\"><a href=\"#\">Share</a><a href=\"#\">Tweet</a></div>")
        chunk.append("<div><div><div>" + paragraph(rng) + "<br><br>" + paragraph(rng) + "</div></div></div>")
        chunk.append("<aside class=\"related\"><ul>" + "".join(f"<li><a href=\"/t{i}\">{sentence(rng, 7)}</a></li>" for i in range(5)) + "</ul></aside>")
        text = "".join(chunk)
        parts.append(text)
        total += len(text)
    parts.append(tail)
    return "".join(parts)


def deep_page(rng, size):
    paragraphs = []
    total = 0
    while total < size:
        text = f"<p>{paragraph(rng)}</p>"
        paragraphs.append(text)
        total += len(text)
    return ("<html><head><meta charset=\"utf-8\"><title>Bridge repairs to go ahead</title></head><body>"
            + "<div class=\"layout\">" * 150 + "".join(paragraphs) + "</div>" * 150 + "</body></html>")


def text_page(rng, size):
    head = ["Home | News | Sport | Business | Weather", "", "Bridge repairs to go ahead", "", "By Sam Taylor",
            "1 March 2024", ""]
    parts = ["\n".join(head)]
    total = len(parts[0])
    while total < size:
        lines = [paragraph(rng) for _ in range(8)]
        lines += ["", "Traffic on the bridge. Photo: Gazette", "", "Read more: " + sentence(rng, 8), ""]
        lines += [paragraph(rng) for _ in range(4)]
        text = "\n\n".join(lines) + "\n\n"
        parts.append(text)
        total += len(text)
    parts.append("Share this article\nFollow us on Facebook, X and Instagram\n")
    return "".join(parts)


def main():
    folder = pathlib.Path(sys.argv[1])
    megabytes = float(sys.argv[sys.argv.index("--megabytes") + 1]) if "--megabytes" in sys.argv else 4
    folder.mkdir(parents=True, exist_ok=True)
    size = int(megabytes * 1024 * 1024)
    (folder / "stress.html").write_text(html_page(random.Random(1), size), encoding="utf-8")
    (folder / "stress-deep.html").write_text(deep_page(random.Random(3), size), encoding="utf-8")
    (folder / "stress.txt").write_text(text_page(random.Random(2), size), encoding="utf-8")


main()
