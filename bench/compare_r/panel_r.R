# The individual-effects spatial Durbin panel (direct approach) in R, for bench/compare_r/panel.sh:
# spatialreg's lagsarlm on the unit-demeaned data with the block-diagonal W = I_T (x) W, which is the
# same estimator (tests/reference/panel_fe_oracle.R checks the numbers). Prints one JSON line.
#   Rscript panel_r.R DIR METHOD   (DIR holds panel.csv and w.mtx from bench_logdet --write-panel)
suppressPackageStartupMessages({library(spatialreg); library(spdep); library(Matrix); library(jsonlite)})
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
method <- if (length(args) > 1) args[2] else "Matrix"
d <- read.csv(file.path(dir, "panel.csv"))
links <- readMM(file.path(dir, "w.mtx"))
N <- nrow(links)
T <- nrow(d) / N
start <- proc.time()[["elapsed"]]
d <- d[order(d$year, as.integer(d$id)), ]  # period by period, units as in w.mtx (ids 1..N)
w_block <- kronecker(Diagonal(T), as(links, "CsparseMatrix"))
listw <- mat2listw(w_block, style = "W")
demean <- function(v) v - ave(v, d$id)
wx <- function(v) as.vector(w_block %*% v) / rowSums(w_block)
data <- data.frame(y = demean(d$y), x1 = demean(d$x1), x2 = demean(d$x2),
                   W_x1 = demean(wx(d$x1)), W_x2 = demean(wx(d$x2)))
prepared <- proc.time()[["elapsed"]]
fit <- lagsarlm(y ~ x1 + x2 + W_x1 + W_x2 - 1, data = data, listw = listw, method = method)
done <- proc.time()[["elapsed"]]
cat(toJSON(list(N = N, T = T, method = method, prepare_s = prepared - start, fit_s = done - prepared,
                rho = unname(fit$rho), rho_se = unname(fit$rho.se)), auto_unbox = TRUE, digits = NA), "\n")
