# The R side of bench/compare_r/workflow.sh: the steps of `spillover workflow` (cross-section) done
# with spdep and spatialreg, for each W in turn, on DIR/data.csv (columns id, y, x):
#   lm(y ~ x); lm.LMtests(test = "all") (this spdep, 1.2-7, has no lm.RStests);
#   lagsarlm (SAR), errorsarlm (SEM), lagsarlm(Durbin = TRUE) (SDM);
#   LR.Sarlm SDM vs SAR and SDM vs SEM; Wald tests of theta = 0 and theta + rho beta = 0 (from the
#   SDM's vcov, the second by the delta method, as the workflow does);
#   the workflow's selection rule (Elhorst 2010) and impacts() with R = 1000 draws for the SDM (and
#   for the SAR if it is the model selected).
# Log-determinant: method "eigen" for n <= 2000 (the eigenvalues of W computed once per W, passed to
# the three fits with control pre_eig and to impacts as evalues: what a careful user does), method
# "Matrix" (sparse Cholesky) above. With "Matrix", impacts need traces of powers of W:
# trW(W, type = TRACES), TRACES "mult" (exact, sparse powers; spatialreg's default) or "MC"
# (Monte Carlo, as the workflow's own Hutchinson estimates); computing them is timed as a step.
# The W files hold binary links; the listw is row-standardised (style "W") as the workflow does.
# Timings exclude reading the files and building the listw. Prints one JSON line.
#
#   Rscript workflow_r.R DIR [TRACES] [WFILE...]     defaults: mult  w.mtx w2.mtx
suppressPackageStartupMessages({
  library(Matrix)
  library(spdep)
  library(spatialreg)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
trace_type <- if (length(args) > 1) args[2] else "mult"
wfiles <- if (length(args) > 2) args[-(1:2)] else c("w.mtx", "w2.mtx")
alpha <- 0.05
draws <- 1000

data <- read.csv(file.path(dir, "data.csv"))
listws <- lapply(wfiles, function(f)
  mat2listw(as(readMM(file.path(dir, f)), "CsparseMatrix"), style = "W"))
n <- nrow(data)
use_eigen <- n <= 2000
method <- if (use_eigen) "eigen" else "Matrix"

steps <- c(lm = 0, lm_tests = 0, eigenvalues = 0, sar = 0, sem = 0, sdm = 0, lr_wald = 0,
           traces = 0, impacts = 0)
timed <- function(step, expr) {
  elapsed <- system.time(value <- expr)[["elapsed"]]
  steps[[step]] <<- steps[[step]] + elapsed
  value
}

num <- function(v) as.vector(unclass(v))  # a plain number (LR.Sarlm's statistic keeps class logLik)
# Wald statistic of g(par) = 0 with Jacobian G and the covariance V of par.
wald <- function(g, G, V) drop(t(g) %*% solve(G %*% V %*% t(G), g))

one_w <- function(listw, name) {
  ols <- timed("lm", lm(y ~ x, data = data))
  lm_tests <- timed("lm_tests", lm.LMtests(ols, listw, test = "all"))
  control <- list()
  if (use_eigen) {
    ev <- timed("eigenvalues", eigenw(listw))
    control <- list(pre_eig = ev)
  }
  sar <- timed("sar", lagsarlm(y ~ x, data = data, listw = listw, method = method, control = control))
  sem <- timed("sem", errorsarlm(y ~ x, data = data, listw = listw, method = method, control = control))
  sdm <- timed("sdm", lagsarlm(y ~ x, data = data, listw = listw, method = method, Durbin = TRUE,
                               control = control))
  tests <- timed("lr_wald", {
    lr_sar <- LR.Sarlm(sdm, sar)
    lr_sem <- LR.Sarlm(sdm, sem)
    b <- coef(sdm)
    # Above control small = 1500 units, method "Matrix" gives no asymptotic covariance (vcov is
    # FALSE) but the inverse of a finite-difference Hessian, as summary() does.
    V <- if (is.matrix(vcov(sdm))) vcov(sdm) else sdm$fdHess
    xs <- "x"
    th <- paste0("lag.", xs)
    k <- length(b)
    G_theta <- matrix(0, length(th), k, dimnames = list(th, names(b)))
    G_theta[cbind(th, th)] <- 1
    G_cf <- G_theta
    G_cf[, "rho"] <- b[xs]
    G_cf[cbind(th, xs)] <- b[["rho"]]
    df <- length(th)
    w_theta <- wald(b[th], G_theta, V)
    w_cf <- wald(b[th] + b[["rho"]] * b[xs], G_cf, V)
    list(lr_sar = num(lr_sar$statistic), p_lr_sar = num(lr_sar$p.value),
         lr_sem = num(lr_sem$statistic), p_lr_sem = num(lr_sem$p.value),
         wald_theta = w_theta, p_wald_theta = pchisq(w_theta, df, lower.tail = FALSE),
         wald_cf = w_cf, p_wald_cf = pchisq(w_cf, df, lower.tail = FALSE))
  })
  # The workflow's rule: the robust LM tests give the direction (the classic ones if neither
  # rejects); SAR if theta = 0 stands by LR and Wald and the direction is the lag, SEM if the common
  # factor stands by both and the direction is the error, else SDM; no direction: OLS.
  p <- sapply(lm_tests, function(t) t$p.value)
  pick <- function(p_lag, p_err)
    if (p_lag < alpha && p_err < alpha) "both" else if (p_lag < alpha) "lag" else if (p_err < alpha) "error" else "none"
  direction <- pick(p[["RLMlag"]], p[["RLMerr"]])
  if (direction == "none") direction <- pick(p[["LMlag"]], p[["LMerr"]])
  theta_zero <- tests$p_lr_sar >= alpha && tests$p_wald_theta >= alpha
  common_factor <- tests$p_lr_sem >= alpha && tests$p_wald_cf >= alpha
  selected <- if (direction == "none") "ols" else if (direction == "lag" && theta_zero) "sar" else
    if (direction == "error" && common_factor) "sem" else "sdm"

  tr <- NULL
  if (!use_eigen) tr <- timed("traces", trW(as(listw, "CsparseMatrix"), type = trace_type))
  effects <- function(fit) {
    set.seed(1)
    if (use_eigen) impacts(fit, evalues = ev, R = draws) else impacts(fit, tr = tr, R = draws)
  }
  sdm_impacts <- timed("impacts", effects(sdm))
  if (selected == "sar") timed("impacts", effects(sar))
  list(name = name, lm_lag = num(lm_tests$LMlag$statistic), lm_error = num(lm_tests$LMerr$statistic),
       sdm_rho = num(sdm$rho), sdm_loglik = num(logLik(sdm)),
       lr_sdm_sar = tests$lr_sar, lr_sdm_sem = tests$lr_sem,
       wald_sdm_sar = tests$wald_theta, wald_sdm_sem = tests$wald_cf, selected = selected,
       sdm_direct_x = sdm_impacts$res$direct[[1]], sdm_indirect_x = sdm_impacts$res$indirect[[1]])
}

results <- Map(one_w, listws, sub("\\.[^.]*$", "", wfiles))
cat(toJSON(list(n = n, method = method, traces = if (use_eigen) "eigen" else trace_type,
                steps = as.list(steps), total = sum(steps), w = unname(results)),
           auto_unbox = TRUE, digits = NA), "\n")
