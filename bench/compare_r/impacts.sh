#!/bin/sh
# The effects of an SDM with 1000 simulated draws, spatialreg against spillover, on the data and W of
# bench/compare_r/run.sh (random points' kNN-6, symmetrised, row-standardised).
#
#   bench/compare_r/impacts.sh [BUILD_DIR] [SIZES]      defaults: build  "10000 100000"
#
# R: trW(type = "MC") and impacts(fit, tr = tr, R = 1000) + summary, after the fit (impacts_r.R).
# spillover: the "impacts" stage of `spillover fit --model sdm --impacts` (traces and draws).
# Prints one line per n: seconds for each, and the direct and indirect effects of x from both.
set -eu
build=${1:-build}
sizes=${2:-"10000 100000"}
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in $sizes; do
    "$build/bench/bench_logdet" --write "$n" sym "$work"
    "$build/spillover" fit --data "$work/data.csv" --formula "y ~ x" --id id --weights "$work/w.mtx" --model sdm \
        --no-lr-refit --impacts --format json > "$work/fit.json"
    Rscript "$here/impacts_r.R" "$work" > "$work/r.json"
    python3 - "$work/fit.json" "$work/r.json" <<'PY'
import json, sys
f, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
x = f["impacts"][0]
print(json.dumps({"n": r["n"], "r_traces_s": r["traces_s"], "r_impacts_s": r["impacts_s"],
                  "spillover_impacts_s": round(f["timings"]["impacts"], 3),
                  "r_direct": r["direct"], "direct": x["direct"]["estimate"],
                  "r_indirect": r["indirect"], "indirect": x["indirect"]["estimate"],
                  "r_direct_se": r["direct_se"], "direct_se": x["direct"]["std_error"],
                  "r_indirect_se": r["indirect_se"], "indirect_se": x["indirect"]["std_error"]}))
PY
done
