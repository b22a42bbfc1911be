# The R side of bench/compare_r/impacts.sh: fits the spatial Durbin model on DIR/data.csv with the
# row-standardised W from DIR/w.mtx (lagsarlm, method "Matrix"; not timed) and times what an effects
# table costs in spatialreg: the traces trW(type = "MC") (spatialreg's defaults m = 30, p = 16) and
# impacts(fit, tr = tr, R = 1000) with summary(zstats = TRUE). Prints one JSON line.
#
#   Rscript impacts_r.R DIR
suppressPackageStartupMessages({
  library(Matrix)
  library(spdep)
  library(spatialreg)
  library(jsonlite)
})
dir <- commandArgs(trailingOnly = TRUE)[1]
data <- read.csv(file.path(dir, "data.csv"))
binary <- as(readMM(file.path(dir, "w.mtx")), "CsparseMatrix")
listw <- mat2listw(binary, style = "W")
set.seed(1)
traces_s <- system.time(tr <- trW(as(listw, "CsparseMatrix"), type = "MC"))[["elapsed"]]
# trs = tr: the asymptotic covariance from the traces (without it, method "Matrix" takes a numerical
# Hessian that was not positive definite at 10^4 units, and impacts() stops).
fit <- lagsarlm(y ~ x, data = data, listw = listw, method = "Matrix", Durbin = TRUE, zero.policy = TRUE, quiet = TRUE,
                trs = tr)
impacts_s <- system.time(s <- summary(impacts(fit, tr = tr, R = 1000), zstats = TRUE, short = TRUE))[["elapsed"]]
cat(toJSON(list(n = nrow(data), traces_s = traces_s, impacts_s = impacts_s,
                direct = unname(s$res$direct[1]), indirect = unname(s$res$indirect[1]),
                direct_se = unname(s$semat[1, 1]), indirect_se = unname(s$semat[1, 2])),
           auto_unbox = TRUE, digits = NA), "\n")
