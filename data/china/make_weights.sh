#!/bin/sh
# Builds the weights matrices of the China demo's robustness over W with the spillover binary.
# Run from the repository root:
#   sh data/china/make_weights.sh [BINARY]        # default build/spillover
# china_contiguity.gal (land contiguity) is written by make_contiguity.R and only inspected here.
# The three others are stored untransformed (--transform none): a model row-standardises W when it
# reads it (fit's default --transform row), so the files keep the raw 1/d and 1/|g_i - g_j| values.
set -eu
bin=${1:-build/spillover}
dir=data/china

# Inverse great-circle distance (km) between every pair of provincial capitals.
"$bin" weights build --inverse-distance 1 --data "$dir/provinces.csv" --coords lon,lat --lonlat \
  --id province --transform none --output "$dir/china_inverse_distance.gwt"

# Economic distance 1/|g_i - g_j|, g = a province's mean GDP per capita over 2012-2023 (the builder
# averages the panel's rows of each province itself).
"$bin" weights build --economic gdppc --data "$dir/china_panel.csv" --id province \
  --transform none --output "$dir/china_economic.gwt"

# Nested economic-geographic weights, product form (1/d^phi) * g_j / mean(g) with phi = 1. This
# builder wants one row per unit, so the panel is first reduced to each province's capital
# coordinates and mean gdppc over 2012-2023 (the same means as the economic weights above).
units=$(mktemp "${TMPDIR:-/tmp}/china_units.XXXXXX")
trap 'rm -f "$units"' EXIT
awk -F, '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
    p = $col["province"]
    if (!(p in n)) { order[++k] = p; lon[p] = $col["lon"]; lat[p] = $col["lat"] }
    n[p]++; sum[p] += $col["gdppc"]
}
END {
    print "province,lon,lat,gdppc"
    for (i = 1; i <= k; i++) { p = order[i]; printf "%s,%s,%s,%.17g\n", p, lon[p], lat[p], sum[p] / n[p] }
}' "$dir/china_panel.csv" >"$units"
"$bin" weights build --nested product --phi 1 --economic-column gdppc --data "$units" \
  --coords lon,lat --lonlat --id province --sep , --transform none --output "$dir/china_nested.gwt"

for w in china_contiguity.gal china_inverse_distance.gwt china_economic.gwt china_nested.gwt; do
  "$bin" weights info "$dir/$w"
  echo
done
