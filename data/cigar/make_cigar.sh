#!/bin/sh
# Regenerates data/cigar/ (see README.md there). Run from the repository root after `make build`:
#   sh data/cigar/make_cigar.sh
# Needs R with Debian's r-cran-plm, r-cran-spdata, r-cran-sf and r-cran-spdep. Neither the build nor
# the tests run this; its outputs are committed.
set -eu
Rscript data/cigar/make_cigar.R
# Queen contiguity of the 46 polygons, ids = Cigar's state codes, stored binary (fits row-standardise).
# Snap 1e-6 degrees (about 0.1 m): the shared borders of spData's us_states have identical vertices,
# so any snap from poly2nb's default sqrt(eps) up to 1e-2 degrees gives the same 188 links.
build/spillover weights build --contiguity queen --shapes data/cigar/us_states46.gpkg \
  --id-field state --snap 1e-6 --transform binary --no-islands --format gal \
  --output data/cigar/cigar_queen.gal
build/spillover weights info data/cigar/cigar_queen.gal
# The same neighbour sets as spdep's poly2nb(queen = TRUE, snap = 1e-6)?
Rscript data/cigar/make_cigar.R --check
