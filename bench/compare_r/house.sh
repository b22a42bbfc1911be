#!/bin/sh
# The Lucas County house sales (spData `house`, n = 25,357, neighbours LO_nb), spatial Durbin model
# lprice ~ age + age2 + lotsize + rooms + beds + TLA + syear, spillover against R spatialreg.
#
#   bench/compare_r/house.sh [BUILD_DIR] [RUNS] [FIT_OPTIONS]      defaults: build  5  (none)
#
# house_r.R exports the data once (house.csv, house.gal; syear written as the numeric year, see
# there), then times lagsarlm(type = "mixed", method = "Matrix") with spatialreg's defaults (its time
# includes its numerical-Hessian standard errors, not reading the CSV; "R+listw" adds nb2listw).
# spillover is timed end to end as a user runs it, with its default options: `spillover fit` reading
# the CSV and the GAL, the auto (exact) log-determinant, analytic standard errors, JSON out; RUNS runs,
# the median is reported (elapsed; the CPU seconds of both are printed too, a loaded machine hurts
# them less). ratio = R's lagsarlm seconds / our median seconds. Our defaults include the
# LR tests that refit the restricted models (sdm -> sar, sdm -> sem), which lagsarlm does not do;
# FIT_OPTIONS (e.g. "--no-lr-refit") is added to our command line to time one fit as R does.
# Needs R with spdep, spatialreg, spData, Matrix and jsonlite (Debian: r-cran-spatialreg
# r-cran-spdata r-cran-jsonlite) and python3.
set -eu
build=${1:-build}
runs=${2:-5}
options=${3:-}
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

Rscript "$here/house_r.R" export "$work"
Rscript "$here/house_r.R" fit "$work" > "$work/r.json"
i=1
while [ "$i" -le "$runs" ]; do
    /usr/bin/time -f '%e %U %S' -o "$work/time.$i" "$build/spillover" fit --data "$work/house.csv" \
        --formula "lprice ~ age + age2 + lotsize + rooms + beds + TLA + syear" --id id \
        --weights "$work/house.gal" --model sdm --format json $options > "$work/fit.json"
    i=$((i + 1))
done
python3 - "$options" "$work/r.json" "$work/fit.json" "$work"/time.* <<'PY'
import json, statistics, sys
r, f = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
runs = sorted(tuple(float(x) for x in open(p).read().split()[-3:]) for p in sys.argv[4:])
times = [t[0] for t in runs]
ours = statistics.median(times)
ours_cpu = statistics.median(t[1] + t[2] for t in runs)
rho = f["rho"]["estimate"]
print(f"n = {r['n']}, SDM, R lagsarlm method Matrix (SEs: {r['se_route']}), spillover ldet {f['ldet']['method_used']}"
      f" (status {f['status']}, options: {sys.argv[1] or 'defaults'}); our runs: {' '.join(f'{t:.2f}' for t in times)} s")
print(f"{'R_s':>8} {'R+listw_s':>10} {'ours_s':>8} {'ratio':>7} {'R_rho':>14} {'ours_rho':>14} {'abs_drho':>10}"
      f" {'R_rho_se':>10} {'ours_rho_se':>11} {'R_loglik':>14} {'ours_loglik':>14}")
print(f"{r['seconds']:8.2f} {r['seconds_with_listw']:10.2f} {ours:8.2f} {r['seconds'] / ours:7.1f} {r['rho']:14.9f}"
      f" {rho:14.9f} {abs(r['rho'] - rho):10.2e} {r['rho_se']:10.6f} {f['rho']['std_error']:11.6f}"
      f" {r['loglik']:14.6f} {f['log_likelihood']:14.6f}")
print(f"CPU seconds (user + system, all threads): R {r['cpu_seconds']:.2f}, ours (median) {ours_cpu:.2f},"
      f" ratio {r['cpu_seconds'] / ours_cpu:.1f}")
PY
