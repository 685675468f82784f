#!/usr/bin/env python3
"""How LAME's quality setting and bit reservoir were chosen for our MP3s (64 kbps CBR, mono,
44.1 kHz), measured with ffmpeg's libmp3lame on speech: encoding time, and the decoded
stream's signal-to-noise ratio against its source. Figures, not pass/fail.

usage: bench_mp3.py EDITION_BINARY   (speaks a few fixture articles to get the speech)"""
import json, pathlib, subprocess, sys, tempfile, time

import numpy as np

edition = sys.argv[1]
root = pathlib.Path(__file__).resolve().parents[2]
with tempfile.TemporaryDirectory() as work:
    work = pathlib.Path(work)
    # About five minutes of our own speech, mastered to FLAC, then at 44.1 kHz as the MP3 chain gets it.
    paras = [p for f in sorted((root / "Tests/AudioEditionTests/Fixtures/pages").glob("*.expected.json"))
             for p in json.loads(f.read_text())["paragraphs"] if len(p.split()) > 12]
    (work / "speech.txt").write_text("Speech for the encoder\n\n" + "\n\n".join(paras[:60]) + "\n")
    subprocess.run([edition, "article", str(work / "speech.txt"), "--output", str(work / "out"), "--format", "flac", "--quiet"],
                   check=True, capture_output=True)
    flac = next((work / "out").glob("*/*.flac"))
    wav = work / "speech.wav"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(flac), "-ar", "44100", str(wav)], check=True)

    def pcm(path):
        out = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"],
                             capture_output=True, check=True).stdout
        return np.frombuffer(out, dtype=np.int16).astype(np.float64)

    source = pcm(wav)
    print(f"== LAME on {len(source) / 44100 / 60:.1f} minutes of speech, 64 kbps CBR mono 44.1 kHz (ffmpeg libmp3lame)")
    print(f"{'quality':>7} {'reservoir':>9} {'encode s':>9} {'x realtime':>10} {'SNR dB':>7}")
    for quality in [2, 5, 7]:
        for reservoir in [1, 0]:
            out = work / f"q{quality}r{reservoir}.mp3"
            t0 = time.monotonic()
            subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), "-c:a", "libmp3lame", "-b:a", "64k",
                            "-compression_level", str(quality), "-reservoir", str(reservoir), str(out)], check=True)
            seconds = time.monotonic() - t0
            decoded = pcm(out)
            n = min(len(decoded), len(source))
            noise = ((decoded[:n] - source[:n]) ** 2).sum()
            snr = 10 * np.log10((source[:n] ** 2).sum() / noise)
            print(f"{quality:>7} {('on' if reservoir else 'off'):>9} {seconds:>9.2f} {len(source) / 44100 / seconds:>10.0f} {snr:>7.2f}")
    print("ours: quality 7, reservoir off (frames independent, so chunks encode on every core and join byte for byte)")
