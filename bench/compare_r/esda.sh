#!/bin/sh
# Moran's I, global and local, analytic and by permutation: spdep against `spillover moran`, the
# same data and W in one run, with the ratio for each n.
#
#   bench/compare_r/esda.sh [BUILD_DIR] [SIZES] [PERMUTATIONS] [R_LOCAL_PERM_MAX_N]
#   defaults: build  "1000 10000 100000"  999  10000
#
# bench_logdet --write gives random points' kNN-6 W (symmetrised, binary links; row-standardised on
# both sides) and a column y with spatial dependence. spillover is timed end to end as a user runs
# it (reading the CSV and W, JSON out); R without reading (see esda_r.R). R's localmoran_perm above
# R_LOCAL_PERM_MAX_N is skipped (minutes). Needs R with spdep, Matrix and jsonlite.
set -eu
build=${1:-build}
sizes=${2:-"1000 10000 100000"}
nsim=${3:-999}
local_perm_max=${4:-10000}
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ours() {  # ours STATISTIC ARGS...: seconds of one `spillover moran` run
    name=$1
    shift
    /usr/bin/time -f '%e' -o "$work/time" "$build/spillover" moran --data "$work/data.csv" --var y --id id \
        --weights "$work/w.mtx" --format json "$@" > "$work/$name.json"
    cat "$work/time"
}

printf '%-8s %-24s %10s %10s %9s\n' n statistic R_s ours_s ratio
for n in $sizes; do
    "$build/bench/bench_logdet" --write "$n" sym "$work" >/dev/null
    t_moran=$(ours moran --permutations 0)
    t_moran_perm=$(ours moran_permutation --permutations "$nsim" --seed 1)
    t_local=$(ours local_moran --local --permutations 0)
    t_local_perm=$(ours local_moran_permutation --local --permutations "$nsim" --seed 1)
    Rscript "$here/esda_r.R" "$work" "$nsim" "$local_perm_max" | while read -r line; do
        python3 - "$line" "$t_moran" "$t_moran_perm" "$t_local" "$t_local_perm" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
ours = dict(zip(["moran", "moran_permutation", "local_moran", "local_moran_permutation"], map(float, sys.argv[2:])))
o = ours[r["statistic"]]
print(f"{r['n']:<8} {r['statistic']:<24} {r['seconds']:10.2f} {o:10.3f} {r['seconds'] / max(o, 1e-3):9.1f}")
PY
    done
done
