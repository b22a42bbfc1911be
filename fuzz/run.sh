#!/bin/sh
# Runs the libFuzzer harnesses built in BUILD_DIR (make fuzz; fuzz/README.md), one after another, each
# for SECONDS (and at most RUNS inputs when RUNS is not empty), and prints one line per harness:
# executions, seconds, coverage edges, and the result. Exits 1 when any harness found something.
#
#     sh fuzz/run.sh BUILD_DIR SECONDS [RUNS] [HARNESS...]      e.g. sh fuzz/run.sh build-fuzz 60 "" gal gwt
#
# Each harness starts from its committed seeds (fuzz/seeds/NAME/) and its regressions
# (fuzz/regressions/NAME/: every input that once crashed it, replayed first), and keeps the inputs it
# finds in BUILD_DIR/fuzz-corpus/NAME/, so that the next run goes on from there. A crash, a time-out
# or an out-of-memory input goes to BUILD_DIR/fuzz-artifacts/NAME/, the log to BUILD_DIR/fuzz-logs/.
set -u

build=${1:?usage: run.sh BUILD_DIR SECONDS [RUNS] [HARNESS...]}
seconds=${2:?usage: run.sh BUILD_DIR SECONDS [RUNS] [HARNESS...]}
runs=${3:-}
[ $# -ge 3 ] && shift 3 || shift $#
here=$(cd "$(dirname "$0")" && pwd)
names=${*:-$(cd "$here" && ls fuzz_*.cpp | sed 's/^fuzz_//; s/\.cpp$//')}

# Stacks with files and lines; leaks reported (libFuzzer's default), UBSan stops at the first report.
symbolizer=/usr/lib/llvm-14/bin/llvm-symbolizer
[ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH="$symbolizer"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

mkdir -p "$build/fuzz-logs"
failed=""
printf '%-22s %12s %8s %7s  %s\n' harness executions seconds edges result
for name in $names; do
    program="$build/fuzz/fuzz_$name"
    if [ ! -x "$program" ]; then
        echo "run.sh: no harness $program (make fuzz builds them)" >&2
        failed="$failed $name"
        continue
    fi
    corpus="$build/fuzz-corpus/$name"
    artifacts="$build/fuzz-artifacts/$name"
    log="$build/fuzz-logs/$name.log"
    mkdir -p "$corpus" "$artifacts"
    set -- "$corpus"
    for dir in "$here/regressions/$name" "$here/seeds/$name"; do
        [ -d "$dir" ] && set -- "$@" "$dir"
    done
    [ -f "$here/dictionaries/$name.dict" ] && set -- "$@" "-dict=$here/dictionaries/$name.dict"
    [ -n "$runs" ] && set -- "$@" "-runs=$runs"
    start=$(date +%s)
    "$program" "$@" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1
    status=$?
    elapsed=$(( $(date +%s) - start ))
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    edges=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | sed 's/cov: //')
    if [ "$status" -eq 0 ]; then
        result=ok
    else
        result="FOUND (exit $status): $(grep -m 1 -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|fuzz check failed|uncaught exception|libFuzzer: ' "$log" | cut -c 1-120)"
        failed="$failed $name"
    fi
    printf '%-22s %12s %8s %7s  %s\n' "$name" "${executions:-?}" "$elapsed" "${edges:-?}" "$result"
done

if [ -n "$failed" ]; then
    echo "fuzz: findings in:$failed (inputs in $build/fuzz-artifacts/, logs in $build/fuzz-logs/)" >&2
    exit 1
fi
