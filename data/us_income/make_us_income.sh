#!/bin/sh
# Regenerates data/us_income/ from libpysal's example (Debian's python3-libpysal):
#   sh data/us_income/make_us_income.sh [LIBPYSAL_US_INCOME_DIR]
# usjoin.csv is wide (one row per state, one column per year); this writes it long, one row per
# state and year, sorted by state (the file's row order) then year. The `id` column is the state's
# 0-based row number in usjoin.csv, which is how states48.gal numbers the states.
set -eu
src=${1:-/usr/lib/python3/dist-packages/libpysal/examples/us_income}
out=$(dirname "$0")
awk -F, '
NR == 1 { for (c = 3; c <= NF; c++) year[c] = $c; next }
{
    name = $1; gsub(/"/, "", name)
    for (c = 3; c <= NF; c++) printf "%d,%s,%s,%s,%s\n", NR - 2, name, $2, year[c], $c
}' "$src/usjoin.csv" | { echo "id,state,fips,year,income"; cat; } >"$out/us_income.csv"
cp "$src/states48.gal" "$out/states48.gal"
