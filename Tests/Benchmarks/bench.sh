#!/usr/bin/env bash
# Foundation benchmark: our article pipeline against the espeak-ng command on the same text,
# with the espeak-ng voice (newsreader); bench_neural.py measures the neural one.
# Prints wall times (median of RUNS), their ratio, and peak RSS for 5,000 and 50,000 words.
# Figures, not pass/fail: this machine is shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${EDITION_BIN:-./.build/release/edition}
RUNS=${RUNS:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# A long text made from the fixture articles' paragraphs, numbered so no two are identical.
make_text() { # words file
  python3 - "$1" "$2" <<'PY'
import sys, re, pathlib
target, out = int(sys.argv[1]), sys.argv[2]
import json
# The story paragraphs of the reader fixtures: clean article text, so the reader keeps all of it.
paras = [p for f in sorted(pathlib.Path("Tests/AudioEditionTests/Fixtures/pages").glob("*.expected.json"))
         for p in json.loads(f.read_text())["paragraphs"] if len(p.split()) > 12]
lines, words, i = ["A long benchmark article"], 4, 0
while words < target:
    p = f"Part {i + 1}. " + paras[i % len(paras)]
    lines.append(p); words += len(p.split()); i += 1
pathlib.Path(out).write_text("\n\n".join(lines) + "\n")
print(words)
PY
}

# Profile settings, so espeak-ng speaks at the same rate and pitch as the newsreader voice.
read -r RATE PITCH VOLUME GAP < <(python3 -c '
import json; p = json.load(open("Voices/newsreader.json"))
print(p["rate"], p["pitch"], p["volume"], p["wordGap"])')

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # label command... -> "wall_seconds peak_kb" of the median run
  local times=() i
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
    times+=("$(cat "$WORK/time")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'
}

W5=$(make_text 5000 "$WORK/5k.txt")
W50=$(make_text 50000 "$WORK/50k.txt")

# The baseline speaks the same spoken text (normalised, as the workers get it) in one call.
"$BIN" normalise "$WORK/5k.txt" > "$WORK/5k-spoken.txt"

PAIRS=${PAIRS:-3}
echo "== the podcast pipeline, ${W5} words, cold cache: ours against the shell pipeline a user would write, alternating ($PAIRS pairs)"
# Shell: espeak-ng to WAV, then ffmpeg's loudnorm, 44.1 kHz and libmp3lame at 64 kbps, and FLAC.
shell_pipeline() {
  espeak-ng -v en-us -s "$RATE" -p "$PITCH" -a "$VOLUME" -g "$GAP" -w "$WORK/sh.wav" -f "$WORK/5k-spoken.txt" &&
  ffmpeg -hide_banner -loglevel error -y -i "$WORK/sh.wav" -af loudnorm=I=-16:TP=-1,aresample=44100 -c:a libmp3lame -b:a 64k "$WORK/sh.mp3" &&
  ffmpeg -hide_banner -loglevel error -y -i "$WORK/sh.wav" -c:a flac "$WORK/sh.flac"
}
our_pipeline() { rm -rf "$WORK/pod" && "$BIN" article --voice newsreader "$WORK/5k.txt" --output "$WORK/pod" --format mp3,flac --quiet >/dev/null 2>&1; }
seconds() { local t0 t1; t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
RATIOS=()
for ((i = 1; i <= PAIRS; i++)); do
  OURS_P=$(seconds our_pipeline); SHELL_P=$(seconds shell_pipeline)
  RATIOS+=("$(echo "$OURS_P / $SHELL_P" | bc -l)")
  printf '  pair %d: edition article --format mp3,flac %6.2f s   shell %6.2f s   ratio %.3f\n' "$i" "$OURS_P" "$SHELL_P" "${RATIOS[-1]}"
done
printf 'ratio ours / shell, median of %d pairs: %.3f (goal <= 0.15, bar 0.20)\n' "$PAIRS" "$(printf '%s\n' "${RATIOS[@]}" | median)"
MP3=$(ls "$WORK"/pod/*/*.mp3)
ffmpeg -hide_banner -nostats -i "$MP3" -af ebur128=peak=true:dualmono=true -f null - 2>&1 \
  | awk '/^ +I:/ {i=$2} /Peak:/ {p=$2} END {printf "  our MP3: %s LUFS (dual mono), true peak %s dBTP, by ffmpeg ebur128 (contract: -16 +-1, <= -0.5)\n", i, p}'
ffprobe -v error -show_entries stream=sample_rate,bit_rate -of csv=p=0 "$MP3" | awk -F, '{printf "  our MP3: %s Hz, %d kbps\n", $1, $2 / 1000}'
/usr/bin/time -f "%M" -o "$WORK/rss" bash -c "rm -rf '$WORK/pod' && '$BIN' article '$WORK/5k.txt' --output '$WORK/pod' --format mp3,flac --quiet >/dev/null 2>&1"
printf '  peak RSS of edition article --format mp3,flac: %d KB (target < 64 MiB)\n' "$(cat "$WORK/rss")"

echo "== one article, ${W5} words, to WAV, cold cache (median of $RUNS runs)"
read -r ESPEAK_S ESPEAK_KB < <(measure espeak-ng -v en-us -s "$RATE" -p "$PITCH" -a "$VOLUME" -g "$GAP" -w "$WORK/espeak.wav" -f "$WORK/5k-spoken.txt")
printf '%-44s %8.2f s  %7d KB\n' "espeak-ng -w (baseline)" "$ESPEAK_S" "$ESPEAK_KB"
for N in 1 2; do
  read -r OURS_S OURS_KB < <(measure bash -c "rm -rf '$WORK/out' && '$BIN' article '$WORK/5k.txt' --output '$WORK/out' --format wav --workers $N")
  AUDIO_S=$(python3 -c "import json; print(round(json.load(open('$WORK/out/manifest.json'))['episodes'][0]['files'][0]['duration'], 1))")
  printf '%-44s %8.2f s  %7d KB (parent)\n' "edition article --format wav --workers $N" "$OURS_S" "$OURS_KB"
  printf '  ratio to espeak-ng: %.3f (target with 1 worker <= 1.15); audio %s s, %.0fx real time\n' \
    "$(echo "$OURS_S / $ESPEAK_S" | bc -l)" "$AUDIO_S" "$(echo "$AUDIO_S / $OURS_S" | bc -l)"
done
echo "  where the time goes, 1 worker:"
rm -rf "$WORK/out"
"$BIN" article --voice newsreader "$WORK/5k.txt" --output "$WORK/out" --format wav --workers 1 --timings 2>&1 >/dev/null | sed 's/^/    /'

echo "== a Ukrainian article, about 5,000 words, to WAV, cold cache: ours (Ukrainian normaliser, ukrainian profile) against espeak-ng -v uk on the same spoken text (median of $RUNS runs)"
python3 - "$WORK/uk5k.txt" <<'PY'
import sys, pathlib
paras = [
    "{n} листопада 2023 року Кабінет міністрів ухвалив рішення про відновлення шкіл. За даними міністерства, у 2022 році було пошкоджено понад {m} шкіл, а 21 школа зруйнована повністю.",
    "Уряд виділив кошти на відновлення шкіл, які були зруйновані під час обстрілів. Про це повідомили в міністерстві освіти, де також зазначили, що роботи триватимуть до кінця року.",
    "Засідання розпочалося о 14:{n:02d} і тривало 2 години. Депутати підтримали законопроєкт, який передбачає виділення {m} млн грн на ремонт укриттів у Харківській області.",
    "Як повідомляє Укрінформ, сили протиповітряної оборони збили {n} ракету та {m} дрони. Унаслідок атаки постраждали 5 людей, серед них дитина.",
]
lines, words, i = ["Уряд виділив кошти на відновлення шкіл"], 6, 0
while words < 5000:
    p = paras[i % len(paras)].format(n=i % 28 + 1, m=i + 3)
    lines.append(p); words += len(p.split()); i += 1
pathlib.Path(sys.argv[1]).write_text("\n\n".join(lines) + "\n")
PY
"$BIN" normalise --language uk "$WORK/uk5k.txt" > "$WORK/uk5k-spoken.txt"
read -r UK_RATE UK_PITCH < <(python3 -c 'import json; p = json.load(open("Voices/ukrainian.json")); print(p["rate"], p["pitch"])')
read -r UK_ESPEAK_S _ < <(measure espeak-ng -v uk -s "$UK_RATE" -p "$UK_PITCH" -w "$WORK/uk-espeak.wav" -f "$WORK/uk5k-spoken.txt")
read -r UK_OURS_S UK_OURS_KB < <(measure bash -c "rm -rf '$WORK/out' && '$BIN' article '$WORK/uk5k.txt' --output '$WORK/out' --format wav --workers 1")
python3 -c "import json; e = json.load(open('$WORK/out/manifest.json'))['episodes'][0]; print('  language', e['language'], 'voice', e['voice']['name'], 'audio', round(e['files'][0]['duration'], 1), 's')"
printf '  espeak-ng -v uk -w %.2f s; edition article --workers 1 %.2f s, peak %d KB; ratio %.3f\n' \
  "$UK_ESPEAK_S" "$UK_OURS_S" "$UK_OURS_KB" "$(echo "$UK_OURS_S / $UK_ESPEAK_S" | bc -l)"

echo "== peak RSS, edition article --format mp3,flac"
RUNS=1
read -r S5 KB5 < <(measure bash -c "rm -rf '$WORK/out' && '$BIN' article '$WORK/5k.txt' --output '$WORK/out' --format mp3,flac")
read -r S50 KB50 < <(measure bash -c "rm -rf '$WORK/out' && '$BIN' article '$WORK/50k.txt' --output '$WORK/out' --format mp3,flac")
AUDIO50=$(python3 -c "import json; print(round(json.load(open('$WORK/out/manifest.json'))['episodes'][0]['files'][0]['duration'] / 60, 1))")
printf '%6d words: %7d KB  (%.1f s)\n' "$W5" "$KB5" "$S5"
printf '%6d words: %7d KB  (%.1f s, %s min of audio)\n' "$W50" "$KB50" "$S50" "$AUDIO50"
printf 'RSS 50k / 5k: %.3f (target: within 10%%, both under 64 MB)\n' "$(echo "$KB50 / $KB5" | bc -l)"

echo "== normaliser throughput (edition normalise, 10 MB, median of 3 runs)"
# Two texts: news copy as written (the fixture articles' paragraphs), and a number-dense
# stress text where every paragraph opens with a date, a year, money and a time.
python3 - "$WORK" <<'PY'
import sys, re, pathlib
paras = []
for name in ["example-article.txt", "kyiv-independent-2023-11-17.txt"]:
    text = pathlib.Path("Tests/EditionCLITests/Fixtures", name).read_text()
    paras += [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if len(p.split()) > 5]
for name, dense in [("news.txt", False), ("dense.txt", True)]:
    out, size, i = [], 0, 0
    while size < 10_000_000:
        p = paras[i % len(paras)]
        if dense:
            p = f"On Nov. {i % 28 + 1}, {1990 + i % 35}, part {i} cost ${i % 900 + 1}.5 billion at 7:{i % 50 + 10} p.m. " + p
        out.append(p); size += len(p.encode()) + 2; i += 1
    pathlib.Path(sys.argv[1], name).write_text("\n\n".join(out) + "\n")
# Ukrainian: our development cases' written side, eight to a paragraph (nearly every token a
# number, a date or an abbreviation), through the Ukrainian normaliser.
cases = [line.split("\t")[1] for line in pathlib.Path("Tests/AudioEditionTests/Fixtures/normalisation/uk_cases.tsv").read_text().splitlines()
         if line and not line.startswith(("#", "category\t"))]
out, size, i = [], 0, 0
while size < 10_000_000:
    p = " ".join(cases[(i * 8 + k) % len(cases)] for k in range(8)) + "."
    out.append(p); size += len(p.encode()) + 2; i += 1
pathlib.Path(sys.argv[1], "uk.txt").write_text("\n\n".join(out) + "\n")
PY
RUNS=3
for text in news dense uk; do
  BYTES=$(stat -c %s "$WORK/$text.txt")
  LANGUAGE=$([ "$text" = uk ] && echo uk || echo en)
  read -r NORM_S NORM_KB < <(measure "$BIN" normalise --language "$LANGUAGE" "$WORK/$text.txt")
  printf '%-6s %.1f MB in %.2f s: %.1f MB/s (target >= 5 MB/s), peak RSS %d KB\n' "$text" \
    "$(echo "$BYTES / 1000000" | bc -l)" "$NORM_S" "$(echo "$BYTES / 1000000 / $NORM_S" | bc -l)" "$NORM_KB"
done

echo "== 20 articles (about 700 words each), flac and wav, cold cache, median of $RUNS runs"
python3 Tests/Benchmarks/make_stories.py "$WORK/batch" 20 12 20
WORDS=$(cat "$WORK"/batch/*.txt | wc -w)
# Twice: with the default formats (FLAC encoding in the parent competes with the workers for
# the two cores), and WAV only (speech alone).
declare -A COLD
for FORMATS in wav flac,wav; do
  for N in 1 2; do
    read -r COLD[$N] KB < <(measure bash -c "rm -rf '$WORK/bout' && '$BIN' article '$WORK'/batch/*.txt --output '$WORK/bout' --workers $N --format $FORMATS")
    printf '%-44s %8.2f s  (%d words)\n' "cold, --workers $N --format $FORMATS" "${COLD[$N]}" "$WORDS"
  done
  printf 'ratio 2 workers / 1 worker, %s: %.3f (target <= 0.6)\n' "$FORMATS" "$(echo "${COLD[2]} / ${COLD[1]}" | bc -l)"
done
read -r WARM KB < <(measure "$BIN" article --voice newsreader "$WORK"/batch/*.txt --output "$WORK/bout" --workers 2)
printf '%-44s %8.2f s\n' "warm rerun, nothing changed" "$WARM"
printf 'ratio warm / cold (2 workers): %.3f (target <= 0.05)\n' "$(echo "$WARM / ${COLD[2]}" | bc -l)"
read -r REENC KB < <(measure bash -c "rm -rf '$WORK/bout2' && '$BIN' article '$WORK'/batch/*.txt --output '$WORK/bout2' --cache '$WORK/bout/.cache/segments' --workers 2")
printf '%-44s %8.2f s  (every segment from the cache, every episode encoded)\n' "new output folder, warm cache" "$REENC"

echo "== 10,000 one-line paragraphs (per-segment costs), cold cache, against espeak-ng -w on the same spoken text"
python3 -c '
import sys, pathlib
lines = ["Ten thousand short items"] + [f"Item {i}." for i in range(1, 10001)]
pathlib.Path(sys.argv[1]).write_text("\n\n".join(lines) + "\n")' "$WORK/lines.txt"
"$BIN" normalise "$WORK/lines.txt" > "$WORK/lines-spoken.txt"
RUNS=1
read -r LESPEAK_S LESPEAK_KB < <(measure espeak-ng -v en-us -s "$RATE" -p "$PITCH" -a "$VOLUME" -g "$GAP" -w "$WORK/lines.wav" -f "$WORK/lines-spoken.txt")
printf '%-44s %8.2f s\n' "espeak-ng -w (one call, no pauses)" "$LESPEAK_S"
for FORMATS in wav mp3,flac; do
  read -r LINES_S LINES_KB < <(measure bash -c "rm -rf '$WORK/lines' && '$BIN' article '$WORK/lines.txt' --output '$WORK/lines' --format $FORMATS --quiet")
  printf '%-44s %8.2f s  %7d KB  ratio to espeak-ng %.2f\n' "edition article --format $FORMATS" "$LINES_S" "$LINES_KB" "$(echo "$LINES_S / $LESPEAK_S" | bc -l)"
done
RUNS=3

echo "== the cost of mastering and encoding: one ${W5}-word article, warm cache (median of $RUNS runs)"
# Speech is in the cache from the runs above, so both runs are assembly, mastering and encoding.
rm -rf "$WORK/m0" && "$BIN" article --voice newsreader "$WORK/5k.txt" --output "$WORK/m0" --format flac --quiet >/dev/null 2>&1
read -r FLAC_S FLAC_KB < <(measure bash -c "rm -rf '$WORK/m1' && '$BIN' article '$WORK/5k.txt' --output '$WORK/m1' --cache '$WORK/m0/.cache/segments' --format flac --quiet")
read -r MP3_S MP3_KB < <(measure bash -c "rm -rf '$WORK/m2' && '$BIN' article '$WORK/5k.txt' --output '$WORK/m2' --cache '$WORK/m0/.cache/segments' --format mp3,flac --quiet")
printf '%-44s %8.2f s  %7d KB\n' "edition article --format flac" "$FLAC_S" "$FLAC_KB"
printf '%-44s %8.2f s  %7d KB\n' "edition article --format mp3,flac" "$MP3_S" "$MP3_KB"
printf 'ratio mp3,flac / flac: %.3f (the MP3 chain: resampling to 44.1 kHz and LAME)\n' "$(echo "$MP3_S / $FLAC_S" | bc -l)"
ffmpeg -hide_banner -nostats -i "$(ls "$WORK"/m2/*/*.mp3)" -af ebur128=peak=true:dualmono=true -f null - 2>&1 \
  | awk '/^ +I:/ {i=$2} /Peak:/ {p=$2} END {printf "  article MP3: %s LUFS (dual mono), true peak %s dBTP, by ffmpeg ebur128\n", i, p}'

echo "== mastering a ${AUDIO_MIN:-32}-minute episode: loudness pass, gain, resampling, MP3 and FLAC (median of $RUNS runs)"
# The 5,000-word article's WAV from the first section, mastered by us and by ffmpeg.
rm -rf "$WORK/out" && "$BIN" article --voice newsreader "$WORK/5k.txt" --output "$WORK/out" --format wav --quiet 2>/dev/null >/dev/null
cp "$WORK"/out/*/*.wav "$WORK/long.wav"
MINUTES=$(python3 -c "import wave; w = wave.open('$WORK/long.wav'); print(round(w.getnframes() / w.getframerate() / 60, 1))")
read -r FF_S FF_KB < <(measure ffmpeg -hide_banner -nostats -loglevel error -y -i "$WORK/long.wav" -af loudnorm=I=-16:TP=-1,aresample=44100 -c:a libmp3lame -b:a 64k "$WORK/ff.mp3")
read -r OURS_S OURS_KB < <(measure "$BIN" master "$WORK/long.wav" --output "$WORK/master" --format mp3,flac)
printf '%-44s %8.2f s  (%s min of audio, MP3 only)\n' "ffmpeg loudnorm + aresample + libmp3lame" "$FF_S" "$MINUTES"
printf '%-44s %8.2f s  (MP3 and FLAC)\n' "edition master --format mp3,flac" "$OURS_S"
printf 'ratio edition / ffmpeg: %.3f (aim: below 1)\n' "$(echo "$OURS_S / $FF_S" | bc -l)"
for f in "$WORK/master/long.mp3" "$WORK/ff.mp3"; do
  ffmpeg -hide_banner -nostats -i "$f" -af ebur128=peak=true:dualmono=true -f null - 2>&1 | awk -v f="$(basename "$f")" '/^ +I:/ {i=$2} /Peak:/ {p=$2} END {printf "  %-10s %s LUFS (dual mono), true peak %s dBTP, by ffmpeg ebur128\n", f, i, p}'
done
