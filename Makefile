# The README's two commands are `make demo` and `make test`; each installs what it needs.
SWIFT      ?= swift
BUILD_DEPS := libespeak-ng-dev libsndfile1-dev libxml2-dev libebur128-dev libsoxr-dev libopusenc-dev libcurl4-openssl-dev libmp3lame-dev libflac-dev libpq-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libssl-dev pkg-config
# ffprobe and ffmpeg's ebur128 meter check the masters independently in the tests; the
# player pages are tested in Debian's Chromium, driven by Playwright (PyPI), which is told
# where Chromium is and downloads no browser of its own. The queue's tests start their own
# throwaway PostgreSQL server.
TEST_DEPS  := ffmpeg chromium postgresql wrk
TEST_PYPI  := playwright pytest feedparser schemathesis
BENCH_DEPS := espeak-ng time bc ffmpeg wrk nginx
EXAMPLE    := Tests/EditionCLITests/Fixtures/example-article.txt

.PHONY: deps voices build release test demo bench score fuzz clean

# The neural voices' C library (sherpa-onnx's C API and ONNX Runtime, from PyPI) and the
# bundled Piper voice: see .ci/install-neural for where they go.
deps:
	@./.ci/install-deps $(BUILD_DEPS)
	@./.ci/install-neural

voices:
	@./.ci/install-neural

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product edition

test: deps
	@./.ci/install-deps $(TEST_DEPS)
	@./.ci/install-python $(TEST_PYPI)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest
	EDITION=./.build/debug/edition python3 -m pytest -q Tests/Publishing
	@# Sources by address, against a news site the tests start on 127.0.0.1 (their own conftest).
	EDITION=./.build/debug/edition python3 -m pytest -q Tests/Fetching
	@# Bad input kind by kind, 10 kills at random moments, a full disk, two runs at once.
	EDITION=./.build/debug/edition KILLS=10 python3 -m pytest -q Tests/Reliability
	@# The job queue on a throwaway PostgreSQL server: workers killed, stopped, reconnecting.
	EDITION=./.build/debug/edition python3 -m pytest -q Tests/Queue
	@# `edition serve` on loopback: the API, its refusals, the published files, webhooks, kills.
	EDITION=./.build/debug/edition python3 -m pytest -q Tests/Server
	@# Every fuzz target, briefly: `make fuzz` runs them for longer.
	FUZZ_JOBS=2 ./Tests/Fuzz/fuzz.sh 15

demo: release
	./.build/release/edition article $(EXAMPLE) --output Output --format mp3,flac
	@echo "Episode written under Output/: open Output/index.html to play it (manifest: Output/manifest.json)."

bench: release
	@./.ci/install-deps $(BENCH_DEPS)
	@./.ci/install-python numpy
	./Tests/Benchmarks/bench.sh
	python3 Tests/Benchmarks/bench_mp3.py ./.build/release/edition
	./Tests/Benchmarks/bench-regenerate.sh
	python3 Tests/Benchmarks/bench_watch.py ./.build/release/edition
	python3 Tests/Reliability/kill_campaign.py ./.build/release/edition 100
	python3 Tests/Benchmarks/bench_queue.py ./.build/release/edition
	python3 Tests/Benchmarks/bench_neural.py ./.build/release/edition
	python3 Tests/Benchmarks/bench_serve.py ./.build/release/edition

# libFuzzer and AddressSanitizer on every reader and decoder: FUZZ_SECONDS a target,
# FUZZ_JOBS at once. Crashes are kept in .build-fuzz/crashes/ (see Tests/Fuzz/fuzz.sh).
FUZZ_SECONDS ?= 600
FUZZ_JOBS    ?= 2
fuzz: deps
	FUZZ_JOBS=$(FUZZ_JOBS) ./Tests/Fuzz/fuzz.sh $(FUZZ_SECONDS)

TN_EVAL    := ../shared/eval/tn_eval.py
NORMALISE  := ./.build/release/edition normalise --lines

score: release
	@./.ci/install-deps espeak-ng
	python3 Tests/Benchmarks/score_readers.py ./.build/release/edition Tests/AudioEditionTests/Fixtures/pages
	@# The normaliser, scored through espeak-ng's phonemes: the public development set and our own cases.
	@if [ -f $(TN_EVAL) ]; then \
	  python3 $(TN_EVAL) ../shared/eval/dev_cases.tsv -n '$(NORMALISE)' && \
	  python3 $(TN_EVAL) Tests/AudioEditionTests/Fixtures/normalisation/news_cases.tsv -n '$(NORMALISE)' && \
	  python3 $(TN_EVAL) Tests/AudioEditionTests/Fixtures/normalisation/uk_cases.tsv --voice uk -n '$(NORMALISE) --language uk'; \
	else echo "$(TN_EVAL) not found: normaliser scores skipped"; fi

clean:
	rm -rf .build
