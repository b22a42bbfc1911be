#!/bin/sh
# Same W and data through R spatialreg and through spillover, in one run, with the ratio for each n.
#
#   bench/compare_r/run.sh [BUILD_DIR] [MODEL] [SIZES] [R_METHODS]
#   defaults: build  sdm  "1000 10000 25000 100000"  "Matrix,LU,MC,Chebyshev"
#
# For each n, bench_logdet writes random points' kNN-6 W (symmetrised, binary links) and a lag-model
# data set; R builds the row-standardised W from the links (mat2listw style "W") and times lagsarlm
# with each method (its time includes the standard errors, but not reading the files); spillover is
# timed end to end as a user runs it: `spillover fit` reading the CSV and the weights file, the exact
# (auto) log-determinant, analytic standard errors, JSON out (--no-lr-refit: one fit, as lagsarlm).
# Needs R with spdep, spatialreg, Matrix and jsonlite (Debian: r-cran-spatialreg r-cran-jsonlite).
set -eu
build=${1:-build}
model=${2:-sdm}
sizes=${3:-"1000 10000 25000 100000"}
methods=${4:-"Matrix,LU,MC,Chebyshev"}
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-8s %-10s %10s %14s %10s %14s %9s %10s\n' n R_method R_s R_rho ours_s ours_rho ratio abs_drho
for n in $sizes; do
    "$build/bench/bench_logdet" --write "$n" sym "$work"
    /usr/bin/time -f '%e' -o "$work/time" "$build/spillover" fit --data "$work/data.csv" --formula "y ~ x" --id id \
        --weights "$work/w.mtx" --model "$model" --no-lr-refit --format json > "$work/fit.json"
    ours=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1])); print(json.dumps({"total_s": float(open(sys.argv[2]).read()), "rho": f["rho"]["estimate"]}))' "$work/fit.json" "$work/time")
    Rscript "$here/compare_r.R" "$work" "$model" "$methods" | while read -r line; do
        python3 - "$line" "$ours" <<'PY'
import json, sys
r, o = json.loads(sys.argv[1]), json.loads(sys.argv[2])
if "error" in r:
    print(f"{r['n']:<8} {r['method']:<10} error: {r['error']}")
else:
    print(f"{r['n']:<8} {r['method']:<10} {r['seconds']:10.2f} {r['rho']:14.9f} {o['total_s']:10.3f} "
          f"{o['rho']:14.9f} {r['seconds'] / o['total_s']:9.1f} {abs(r['rho'] - o['rho']):10.2e}")
PY
    done
done
