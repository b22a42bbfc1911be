#!/bin/sh
# The individual-effects spatial Durbin panel, spillover against R spatialreg in one run.
#
#   bench/compare_r/panel.sh [BUILD_DIR] ["N,T" pairs] [R_METHOD]
#   defaults: build  "1000,10 3000,20 10000,10"  Matrix
#
# No R package fits fixed-effects spatial panels from Debian (splm is not packaged); lagsarlm on the
# unit-demeaned data with the block-diagonal W = I_T (x) W is the same estimator (direct approach,
# NT terms, T ln|I - rho W|). R is timed from its data frame (its reading of the files not counted),
# spillover end to end: `fit --panel id,year --effects individual --model sdm` reading the long CSV
# and the weights file, one fit with analytic standard errors (--no-lr-refit), JSON out.
set -eu
build=${1:-build}
sizes=${2:-"1000,10 3000,20 10000,10"}
method=${3:-Matrix}
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in $sizes; do
    n=${size%,*}
    t=${size#*,}
    "$build/bench/bench_logdet" --write-panel "$n" "$t" "$work"
    /usr/bin/time -f '%e' -o "$work/time" "$build/spillover" fit --data "$work/panel.csv" --panel id,year \
        --weights "$work/w.mtx" --formula "y ~ x1 + x2" --model sdm --effects individual --no-lr-refit --format json \
        > "$work/fit.json"
    r=$(Rscript "$here/panel_r.R" "$work" "$method")
    python3 - "$r" "$work/fit.json" "$work/time" <<'PY'
import json, sys
r, fit, wall = json.loads(sys.argv[1]), json.load(open(sys.argv[2])), float(open(sys.argv[3]).read())
r_s = r["prepare_s"] + r["fit_s"]
print(json.dumps({"N": r["N"], "T": r["T"], "R_method": r["method"], "R_s": round(r_s, 3), "R_rho": r["rho"],
                  "ours_s": wall, "ours_rho": fit["rho"]["estimate"], "ratio": round(r_s / wall, 1),
                  "abs_drho": abs(r["rho"] - fit["rho"]["estimate"])}))
PY
done
