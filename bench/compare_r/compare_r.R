# The R side of bench/compare_r/run.sh: fits the lag (or Durbin) model on DIR/data.csv with the
# row-standardised W built from DIR/w.mtx (binary links, written by bench_logdet --write) through
# spatialreg::lagsarlm with each requested method, and prints one JSON line per method:
# elapsed seconds, rho and the log-likelihood.
#
#   Rscript compare_r.R DIR sar|sdm Matrix,LU,MC,Chebyshev
suppressPackageStartupMessages({
  library(Matrix)
  library(spdep)
  library(spatialreg)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
durbin <- args[2] == "sdm"
methods <- strsplit(args[3], ",")[[1]]
data <- read.csv(file.path(dir, "data.csv"))
binary <- as(readMM(file.path(dir, "w.mtx")), "CsparseMatrix")
listw <- mat2listw(binary, style = "W")
for (method in methods) {
  elapsed <- system.time(
    fit <- tryCatch(lagsarlm(y ~ x, data = data, listw = listw, method = method, Durbin = durbin,
                             zero.policy = TRUE, quiet = TRUE),
                    error = function(e) e)
  )[["elapsed"]]
  if (inherits(fit, "error")) {
    cat(toJSON(list(n = nrow(data), method = method, error = conditionMessage(fit)), auto_unbox = TRUE), "\n")
    next
  }
  cat(toJSON(list(n = nrow(data), method = method, seconds = elapsed, rho = unname(fit$rho),
                  log_likelihood = as.numeric(logLik(fit)), rho_se = unname(fit$rho.se)),
             auto_unbox = TRUE, digits = NA), "\n")
}
