#!/bin/sh
# End-to-end timing of `spillover fit` on a fixed-effects spatial panel as a user runs it: read the
# long CSV and the weights file, lay the panel out, fit the two-way SDM, its effects (1000 draws),
# write JSON. One process per configuration, peak memory from /usr/bin/time.
#
#   bench/panel_end_to_end.sh [BUILD_DIR] ["N T" pairs] [EXTRA]
#   defaults: build  "3000,20 100000,10"  ""
#
# Data: bench_logdet --write-panel N T DIR (two-way SDM, rho = 0.4, on the symmetrised kNN-6 W of N
# random points; binary links in MatrixMarket, row-standardised at fit time). Two runs per size:
# "full" is the default command (LR refits sdm -> sar / sem and the LR tests of the unit and time
# effects: five more fits), "one fit" adds --no-lr-refit --no-effects-tests.
set -eu
build=${1:-build}
sizes=${2:-"3000,20 100000,10"}
extra=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for size in $sizes; do
    n=${size%,*}
    t=${size#*,}
    "$build/bench/bench_logdet" --write-panel "$n" "$t" "$work"
    for variant in full one-fit; do
        flags=""
        [ "$variant" = one-fit ] && flags="--no-lr-refit --no-effects-tests"
        /usr/bin/time -f '%e %M' -o "$work/time" "$build/spillover" fit --data "$work/panel.csv" --panel id,year \
            --weights "$work/w.mtx" --formula "y ~ x1 + x2" --model sdm --effects twoways --impacts $flags $extra \
            --format json > "$work/fit.json"
        python3 - "$n" "$t" "$variant" "$work/time" "$work/fit.json" <<'PY'
import json, sys
n, t, variant, (wall, kib), fit = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], open(sys.argv[4]).read().split(), json.load(open(sys.argv[5]))
print(json.dumps({"N": n, "T": t, "variant": variant, "wall_s": float(wall), "peak_mib": round(int(kib) / 1024),
                  "rho": fit["rho"]["estimate"], "rho_se": fit["rho"]["std_error"],
                  "ldet": fit.get("ldet", {}).get("method_used"), "status": fit["status"], "timings": fit["timings"]}))
PY
    done
done
