# The R side of bench/compare_r/esda.sh: spdep's Moran statistics on DIR/data.csv (column y) with
# the row-standardised W built from DIR/w.mtx (binary links, written by bench_logdet --write), each
# timed on its own, one JSON line each: moran.test (analytic, randomisation), moran.mc (999
# permutations), localmoran (analytic) and localmoran_perm (999 conditional permutations).
# Timings exclude reading the files and building the listw, as the lead's other R benches do.
#
#   Rscript esda_r.R DIR PERMUTATIONS [LOCAL_PERM_MAX_N]
suppressPackageStartupMessages({
  library(Matrix)
  library(spdep)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
nsim <- as.integer(args[2])
local_perm_max <- if (length(args) > 2) as.numeric(args[3]) else Inf
y <- read.csv(file.path(dir, "data.csv"))$y
listw <- mat2listw(as(readMM(file.path(dir, "w.mtx")), "CsparseMatrix"), style = "W")
timed <- function(name, expr) {
  set.seed(1)
  elapsed <- system.time(value <- expr)[["elapsed"]]
  cat(toJSON(list(n = length(y), statistic = name, seconds = elapsed, value = value), auto_unbox = TRUE,
             digits = NA), "\n")
}
timed("moran", unname(moran.test(y, listw)$estimate[1]))
timed("moran_permutation", unname(moran.mc(y, listw, nsim = nsim)$p.value))
timed("local_moran", sum(localmoran(y, listw)[, "Ii"]))
if (length(y) <= local_perm_max)
  timed("local_moran_permutation", sum(localmoran_perm(y, listw, nsim = nsim)[, "Ii"]))
