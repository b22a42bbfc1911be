#!/bin/sh
# What exact traces cost against Hutchinson estimates, and what they change, on the data sets of
# issue 15: the 3107 US counties (tests/fixtures/large_n) and random points' kNN-6 (symmetrised,
# row-standardised) at the sizes given. For each: one SDM fit (--no-lr-refit) with --traces exact
# and with --traces stochastic; the "covariance" stage (the traces and the information matrix), the
# whole fit, and rho's standard error under each.
#
#   bench/exact_traces.sh [BUILD_DIR] [KNN_SIZES]      defaults: build  "10000 30000 100000"
set -eu
build=${1:-build}
sizes=${2:-"10000 30000 100000"}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {  # label, then the data options
    label=$1
    shift
    for traces in exact stochastic; do
        "$build/spillover" fit "$@" --id id --model sdm --no-lr-refit --traces "$traces" --format json \
            > "$work/fit.json" 2> /dev/null
        python3 - "$label" "$traces" "$work/fit.json" <<'PY'
import json, sys
label, traces, fit = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
t = fit["timings"]
print(f"{label:<22} {traces:<10} covariance {t['covariance']:8.3f} s   fit {t['total fit']:8.3f} s   "
      f"SE(rho) {fit['rho']['std_error']:.10f}   used {fit['traces']['method_used']}")
PY
    done
}

run "counties n=3107" --data "$here/tests/fixtures/large_n/counties.csv" \
    --weights "$here/tests/fixtures/large_n/counties.gal" \
    --formula "ln_turnout ~ ln_college + ln_homeownership + ln_income"
for n in $sizes; do
    "$build/bench/bench_logdet" --write "$n" sym "$work" > /dev/null
    run "knn6 n=$n" --data "$work/data.csv" --weights "$work/w.mtx" --formula "y ~ x"
done
