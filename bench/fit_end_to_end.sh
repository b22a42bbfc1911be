#!/bin/sh
# End-to-end timing of `spillover fit` as a user runs it: read the CSV and the weights file,
# row-standardise W, fit, write JSON. One process per configuration, peak memory from /usr/bin/time.
#
#   bench/fit_end_to_end.sh [BUILD_DIR] [SIZES] [MODELS] [LDET] [EXTRA]
#   defaults: build  "10000 100000 1000000"  "sdm"  auto  ""
#   EXTRA: more `fit` options, e.g. "--impacts" (the effects are then a stage of their own in "timings")
#
# Data: bench_logdet --write N sym DIR (random points in the unit square, in random order; kNN-6
# symmetrised, binary links in MatrixMarket; y from a lag model with rho = 0.5). Prints one JSON line
# per run: n, model, wall seconds, peak MiB, rho, the log-determinant method and evaluations, and the
# stage timings the fit reports. The LR refits of restricted models are off (--no-lr-refit), so the
# time is one fit with analytic standard errors, as R's lagsarlm reports it.
set -eu
build=${1:-build}
sizes=${2:-"10000 100000 1000000"}
models=${3:-sdm}
ldet=${4:-auto}
extra=${5:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for n in $sizes; do
    "$build/bench/bench_logdet" --write "$n" sym "$work"
    for model in $models; do
        /usr/bin/time -f '%e %M' -o "$work/time" "$build/spillover" fit --data "$work/data.csv" --formula "y ~ x" \
            --id id --weights "$work/w.mtx" --model "$model" --ldet "$ldet" --no-lr-refit --format json $extra > "$work/fit.json"
        python3 - "$n" "$work/time" "$work/fit.json" <<'PY'
import json, sys
n, (wall, kib), fit = int(sys.argv[1]), open(sys.argv[2]).read().split(), json.load(open(sys.argv[3]))
spatial = fit.get("rho") or fit.get("lambda") or {}
print(json.dumps({"n": n, "model": fit["model"], "wall_s": float(wall), "peak_mib": round(int(kib) / 1024),
                  "estimate": spatial.get("estimate"), "std_error": spatial.get("std_error"),
                  "ldet": fit.get("ldet", {}).get("method_used"), "ldet_evaluations": fit.get("ldet", {}).get("evaluations"),
                  "status": fit["status"], "timings": fit["timings"]}))
PY
    done
done
