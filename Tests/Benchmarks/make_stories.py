#!/usr/bin/env python3
"""Writes COUNT benchmark stories of PARAGRAPHS paragraphs into FOLDER.

Each paragraph is three sentences drawn (with SEED) from the reader fixtures' story
paragraphs, so every story is clean article text and no two paragraphs repeat one another.
Usage: make_stories.py FOLDER COUNT PARAGRAPHS SEED
"""
import json, pathlib, random, re, sys

out, count, paragraphs, seed = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
out.mkdir(parents=True, exist_ok=True)
sentences = []
for f in sorted(pathlib.Path("Tests/AudioEditionTests/Fixtures/pages").glob("*.expected.json")):
    for p in json.loads(f.read_text())["paragraphs"]:
        sentences += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", p) if len(s.split()) >= 6]
rng = random.Random(seed)
for n in range(count):
    body = [" ".join(rng.sample(sentences, 3)) for _ in range(paragraphs)]
    (out / f"story-{n + 1:02}.txt").write_text(f"Benchmark story number {n + 1}\n\n" + "\n\n".join(body) + "\n")
