#!/usr/bin/env bash
# Fuzzes every reader and decoder of outside input with libFuzzer and AddressSanitizer.
#
#   Tests/Fuzz/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Each target starts from its seeds in Tests/Fuzz/corpus/<target>/ (the readers also from the
# reader fixtures; seeds are kept as they are) and grows its own corpus in
# .build-fuzz/corpus/<target>/. A crash, a hang past 10 s or a leak
# of memory past 2 GB leaves its input in .build-fuzz/crashes/<target>/; turn it into a
# regression test by committing it to Tests/Fuzz/regressions/<target>/, which the tests
# replay. Prints executions and crashes per target and exits 1 if any target crashed.
# Several targets run at once with FUZZ_JOBS (default 1).
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(html text markdown json rss atom jsonfeed normaliser manifest cache-entry pls lexicon-tsv charset ids)
jobs=${FUZZ_JOBS:-1}

# The package manager gives an executable its module's entry point, not libFuzzer's main, so
# the code is instrumented for coverage here and libFuzzer is linked without its main.
swift_bin=$(dirname "$(readlink -f "$(command -v swiftc)")")
libfuzzer=$(ls "$swift_bin"/../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a | head -n 1)
swift build -c release --scratch-path .build-fuzz --product edition-fuzz \
    -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
    -Xswiftc -DFUZZING -Xlinker "$libfuzzer" -Xlinker -lstdc++ 2>&1 | grep -E "error|Compiling edition_fuzz|Build" || true
fuzzer=.build-fuzz/release/edition-fuzz
[ -x "$fuzzer" ] || { echo "fuzz.sh: the fuzzer did not build" >&2; exit 2; }

max_len() {
    case $1 in
        cache-entry) echo 32768 ;;
        normaliser|lexicon-tsv) echo 2048 ;;
        *) echo 8192 ;;
    esac
}

# The readers also start from the reader fixtures the tests score.
seeds() {
    echo "Tests/Fuzz/corpus/$1"
    case $1 in html|text|markdown|json) echo Tests/AudioEditionTests/Fixtures/pages ;; esac
}

fuzz_one() {
    local target=$1 log=.build-fuzz/logs/$1.log
    mkdir -p ".build-fuzz/corpus/$target" ".build-fuzz/crashes/$target" .build-fuzz/logs
    # shellcheck disable=SC2046
    FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$fuzzer" \
        ".build-fuzz/corpus/$target" $(seeds "$target") \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
        -artifact_prefix=".build-fuzz/crashes/$target/" -print_final_stats=1 >"$log" 2>&1
    local status=$?
    local runs crashes
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    crashes=$(find ".build-fuzz/crashes/$target" -type f | wc -l)
    printf '%-12s %12s executions %3d crashes%s\n' "$target" "${runs:-?}" "$crashes" \
        "$([ $status -ne 0 ] && echo " (exit $status: see $log)")"
}

echo "fuzzing ${#targets[@]} targets for ${seconds}s each, $jobs at a time"
results=$(mktemp)
for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    fuzz_one "$target" | tee -a "$results" &
done
wait
total=$(awk '{ if ($2 ~ /^[0-9]+$/) sum += $2 } END { print sum + 0 }' "$results")
crashed=$(awk '{ sum += $4 } END { print sum + 0 }' "$results")
echo "total: $total executions, $crashed crashes"
rm -f "$results"
[ "$crashed" -eq 0 ]
