#!/usr/bin/env bash
# Regeneration benchmark: 20 article episodes and a 20-story briefing (57 minutes) built
# cold, one sentence edited in one story, then `edition regenerate`, with the MP3s spliced
# and, on a copy of the same folder, encoded whole (EDITION_SPLICE=off). Prints the episodes
# re-made, the segments synthesised, what the splice copied, whether the spliced MP3 is the
# whole encode byte for byte, whether every other audio file is byte-identical, and both
# times as shares of the cold build. Figures, not pass/fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${EDITION_BIN:-./.build/release/edition}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 Tests/Benchmarks/make_stories.py "$WORK/src" 20 8 7
now() { date +%s.%N; }
OUT="$WORK/out"
T0=$(now)
"$BIN" article --voice newsreader "$WORK"/src/*.txt --output "$OUT" --quiet >/dev/null 2>&1
"$BIN" briefing "$WORK"/src/*.txt --date 2023-12-15 --output "$OUT" >/dev/null 2>&1
T1=$(now)
find "$OUT" -name '*.wav' -o -name '*.flac' -o -name '*.mp3' | grep -v '/\.' | sort | xargs sha256sum > "$WORK/before"
# One sentence changes in one story: its third paragraph gets a new last word.
python3 - "$WORK/src/story-07.txt" <<'PY'
import sys, pathlib
p = pathlib.Path(sys.argv[1]); parts = p.read_text().split("\n\n")
parts[3] = parts[3].rstrip(".") + ", officials said."
p.write_text("\n\n".join(parts))
PY
cp -a "$OUT" "$WORK/whole"
# Each timed step starts with the last step's writes on disk, so the kernel's writeback of
# the copy (400 MB) is not timed as part of a regeneration.
sync
W0=$(now)
EDITION_SPLICE=off "$BIN" regenerate --output "$WORK/whole" > /dev/null 2>&1
W1=$(now)
sync
T2=$(now)
"$BIN" regenerate --output "$OUT" > "$WORK/regen.txt" 2>&1
T3=$(now)
find "$OUT" -name '*.wav' -o -name '*.flac' -o -name '*.mp3' | grep -v '/\.' | sort | xargs sha256sum > "$WORK/after"
# The unavoidable part: the two changed episodes assembled and encoded again from a warm
# cache, into a fresh folder.
T4=$(now)
"$BIN" article --voice newsreader "$WORK/src/story-07.txt" --output "$WORK/re" --cache "$OUT/.cache/segments" --quiet >/dev/null 2>&1
"$BIN" briefing "$WORK"/src/*.txt --date 2023-12-15 --output "$WORK/re" --cache "$OUT/.cache/segments" >/dev/null 2>&1
T5=$(now)
cat "$WORK/regen.txt" | grep -v "up to date" || true
python3 - "$OUT/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
remade = [e for e in m["episodes"] if e["revision"] > 1]
print(f"episodes re-made: {len(remade)} ({', '.join(e['kind'] for e in remade)}); segments synthesised: "
      f"{sum(e['history'][-1]['segmentsSynthesised'] for e in remade)}")
for e in remade:
    spliced = e["history"][-1].get("spliced") or []
    print(f"  {e['kind']} ({e['files'][0]['duration'] / 60:.1f} min): " + ("; ".join(
        f"{s['format']} spliced, {s['framesEncoded']} frames encoded, {s['framesCopied']} copied" for s in spliced)
        + f"; {spliced[0]['pauseAdded']:.2f} s of pause added" if spliced else "encoded whole"))
PY
for f in $(cd "$OUT" && find . -name '*-r2.mp3' -o -name '*-r2.flac' | sort); do
  if cmp -s "$OUT/$f" "$WORK/whole/$f"; then echo "$f: the same bytes spliced and encoded whole"; else echo "$f: DIFFERS from the whole encode"; fi
done
CHANGED=$(diff <(awk '{print $2}' "$WORK/before") <(awk '{print $2}' "$WORK/after") | grep -c '^[<>]' || true)
SAME=$(comm -12 <(sort "$WORK/before") <(sort "$WORK/after") | wc -l)
echo "audio files byte-identical after regeneration: $SAME of $(wc -l < "$WORK/before") (the rest belong to the re-made episodes: $CHANGED names changed)"
python3 - "$T0" "$T1" "$T2" "$T3" "$T4" "$T5" "$W0" "$W1" <<'PY'
import sys
t = [float(x) for x in sys.argv[1:]]
cold, regen, reencode, whole = t[1] - t[0], t[3] - t[2], t[5] - t[4], t[7] - t[6]
print(f"cold build {cold:.2f} s; regenerate {regen:.2f} s spliced, {whole:.2f} s encoded whole; "
      f"the two episodes made from a warm cache into a fresh folder {reencode:.2f} s")
print(f"regenerate / cold: {regen / cold:.3f} spliced, {whole / cold:.3f} whole (target <= 0.05); spliced / whole {regen / whole:.2f}")
PY
