# Reference values for the cross-section spatial models at n > 2000, from R's spatialreg: three cases
# (a rook lattice, a symmetrised kNN graph, the US counties with islands), each fitted as SAR, SDM,
# SEM and SAC with method = "eigen", with the SAR/SDM impacts of both of spatialreg's routes and the
# exact impacts computed here with dense algebra.
#
# Run from the repository root:
#     Rscript tests/reference/large_n_oracle.R [OUTDIR] [CASES]
#     defaults: tests/fixtures/large_n   lattice,knn,counties
# Writes, per case, OUTDIR/<case>.csv (the data), OUTDIR/<case>.gal (the neighbours, ids = the CSV's
# id column) and OUTDIR/<case>.json (the reference values). Takes 10-20 minutes on 2 cores
# (dense n x n algebra: spatialreg's "eigen" standard errors, the exact impacts and the checks).
# Run with R 4.2.2, spatialreg 1.2-6, spdep 1.2-7, spData 2.2.1, Matrix 1.5-3, jsonlite 1.8.4
# (Debian packages); the versions actually used are written to each fixture's "source".
#
# Cases (the RNG is set explicitly: RNGkind("Mersenne-Twister", "Inversion", "Rejection")):
# - lattice: spdep::cell2nb(60, 60) (rook, n = 3600, no torus). Unit i is cell2nb's i-th cell, whose
#   region id is "col:row" (column index fastest); the CSV gives id = i, row and col.
#   set.seed(seeds$lattice); then x1 = rnorm(n), x2 = rnorm(n), e = rnorm(n) in that order.
# - knn: set.seed(seeds$knn); px = runif(n), py = runif(n) (n = 2500 points in the unit square), then
#   x1, x2, e as above; nb = make.sym.nb(knn2nb(knearneigh(cbind(px, py), k = 6))).
# - counties: spData's elect80 (3107 US counties, in its row order) with e80_queen (queen contiguity,
#   symmetric, 4 islands: zero rows of W). The CSV holds id = 1..n, fips (text, leading zeros),
#   long, lat (the points' coordinates) and ln_turnout = log(pc_turnout), ln_college = log(pc_college),
#   ln_homeownership = log(pc_homeownership), ln_income = log(pc_income). Model
#   ln_turnout ~ ln_college + ln_homeownership + ln_income (log() done here, so that the formula is
#   plain column names).
# - lattice/knn model: y ~ x1 + x2, data from the SDM y = (I - rho W)^-1 (X beta + W X theta + sigma e)
#   with X = [1, x1, x2], rho = 0.45, beta = (1, 0.8, -0.5), theta = (0.3, 0.2) (for W x1, W x2),
#   sigma = 1; the solve is Matrix's sparse LU.
# - W: nb2listw(nb, style = "W", zero.policy = TRUE) everywhere (row-standardised; islands keep a
#   zero row, so for counties W 1 != 1 in 4 rows).
# - Every number in the CSV is written as the shortest of its 15/16/17-digit forms that reads back as
#   the same double (exact_json.R); the fits use the CSV read back with read.csv and the W read back
#   from the GAL with read.gal, so R fitted exactly what a reader of these files gets (checked).
#
# Fits (calls in "r_call"; data = the CSV read back, lw = W read back), all with method = "eigen",
# zero.policy = TRUE, quiet = TRUE, and the tight tolerances of tests/reference/columbus_calls.R:
# lagsarlm/errorsarlm control = list(tol.opt = .Machine$double.eps^0.9) (optimize still stops at
# about sqrt(.Machine$double.eps) * |rho|), sacsarlm control = list(opt_control = list(x.tol = 1e-14)).
#   sar = lagsarlm; sdm = lagsarlm(Durbin = TRUE) (type "mixed": with style "W" spatialreg does not
#   lag the intercept, islands or not); sem = errorsarlm; sac = sacsarlm(listw2 = lw).
# Per fit: estimate/std_error/z/p_value are summary()'s coefficient table (spatialreg's rest.se);
# rho, rho_se, lambda, lambda_se; sigma2 = fit$s2 = SSE/n; log_likelihood; r_seconds = elapsed time of
# the call (system.time, includes the standard errors); r_timings = spatialreg's own stage timings.
# "vcov" is fit$resvar, spatialreg's inverse information matrix (rows sigma2, rho/lambda, [lambda],
# beta; spatialreg labels the first row "sigma" but it is the variance parameter sigma^2).
#
# How spatialreg 1.2-6 gets its standard errors with method = "eigen" (read from the installed code):
# - lagsarlm (sar, sdm): do_asy is TRUE for "eigen" and con$fdHess defaults to
#   `method != "eigen" && !do_asy` = FALSE, so NO numerical Hessian. It forms dense
#   A = solve(diag(n) - rho W), AW = A W and the analytic information matrix of (sigma2, rho, beta)
#   (scaled by s2^2): [n/2, s2 tr(AW), 0; s2 tr(AW), V, s2 X'AW X b; 0, ., s2 X'X] with
#   V = s2 (s2 tr(AW'AW) + (AW X b)'(AW X b)) + omega s2^2, omega = sum((e/(1 - rho e))^2) over the
#   eigenvalues e of W (= tr(AW AW)); varb = s2^2 solve(inf); rho.se = sqrt(varb[2,2]),
#   rest.se = sqrt(diag(varb))[-(1:2)]. Only if solve() fails does it fall back to fdHess.
# - errorsarlm (sem): analytic as well, for (sigma2, lambda, beta): [n/(2 s2^2), tr(WA)/s2, 0;
#   tr(WA)/s2, tr(WA WA) + tr(WA'WA), 0; 0, 0, X_l'X_l/s2] with A = solve(I - lambda W), X_l =
#   (I - lambda W) X; lambda.se = sqrt(asyvar1[2,2]) (so it includes the sigma2-lambda cross term).
#   The beta SEs are NOT read from that matrix but are the GLS ones, rest.se =
#   summary(lm(y_l ~ X_l - 1))$coef[, 2] * sqrt((n - p)/n) = sqrt(s2 diag((X_l'X_l)^-1)); the
#   information matrix is block-diagonal, so they equal its beta block (checked: "se_check").
# - sacsarlm (sac): con$fdHess defaults to method != "eigen" = FALSE: analytic information matrix of
#   (sigma2, rho, lambda, beta) (Anselin 1988 form, dense A = I - rho W, B = I - lambda W, their
#   inverses), rho.se, lambda.se and rest.se from its inverse; fdHess (getVmatsac) only if the
#   solve fails. "se_route" records which one ran ("analytic" when fit$ase is TRUE and there is no
#   fdHess).
# - rho interval: method "eigen" uses 1/range(eigenvalues of W) moved in by .Machine$double.eps on
#   each side (jacobianSetup); the eigenvalues are those of the symmetric similar matrix when W is
#   a row-standardised symmetric neighbour list (all three cases). Recorded as "interval" (lag and
#   error models) or "interval_rho"/"interval_lambda" (sac).
#
# Impacts (sar and sdm), per variable {direct, indirect, total}, S_k = (I - rho W)^-1 (beta_k I +
# theta_k W) (theta_k = 0 for sar):
# - "spatialreg_exact": impacts(fit, listw = lw). intImpacts takes evalues = eigen(W) and calls
#   lagImpacts_e / mixedImpacts_e:
#       direct[i] <- (P[i, 1] * Re(sum(1/(1 - rho * evalues))))/n +
#                    (P[i, 2] * Re(sum(evalues/(1 - rho * evalues))))/n
#       total[i] <- P[i, 1]/(1 - rho) + P[i, 2]/(1 - rho)          # lagImpacts_e: total <- P/(1 - rho)
#   i.e. direct = mean diag S_k (exact), but total = (beta_k + theta_k)/(1 - rho), which equals the
#   mean row sum of S_k only when every row of W sums to 1.
# - "spatialreg_traces": tr = trW(as(lw, "CsparseMatrix"), type = "mult") (m = 30: exact traces
#   tr(W^j), j = 1..30, by repeated sparse products; stored as "traces") and impacts(fit, tr = tr);
#   intImpacts -> lagImpacts(T, g, P) with g = rho^(0:29), T = [1, tr(W^j)/n ...]:
#       direct <- apply(apply(PT, 1, function(x) x * g), 2, sum)
#       total <- c(apply(P, 1, sum) * sum(g))
#   i.e. direct = sum_j rho^j (beta_k tr(W^j) + theta_k tr(W^(j+1)))/n, and total =
#   (beta_k + theta_k) sum_{j=0..29} rho^j, the truncated geometric series of (beta+theta)/(1-rho):
#   the traces do not enter the total at all. (spatialreg also has lagImpactsExact/
#   mixedImpactsExact, which do take the mean row sum sum(x * SW)/n, but nothing in impacts.Sarlm
#   calls them.)
# - "dense": the definition evaluated here: A = solve(I - rho W) (dense), direct = mean(diag(S_k)),
#   total = mean(rowSums(S_k)) = beta_k mean(A 1) + theta_k mean(A W 1), indirect = total - direct.
#   "exact_total" repeats dense's totals; "total_closed_form" = (beta_k + theta_k)/(1 - rho).
#   "checks": spatialreg_exact's totals minus the closed form, spatialreg_traces' totals minus the
#   truncated series, spatialreg_exact's directs minus dense's, and spatialreg_exact's totals minus
#   the exact (dense) totals, which is where the counties case (islands) differs.
#
# "optimum_check" re-evaluates each concentrated log-likelihood here (sparse LU log-determinants
# from Matrix, not spatialreg's eigenvalues), reports ll_here - R's log-likelihood at R's estimate
# and the estimated offset from R's estimate to the maximiser (a local cubic on a 5-point (5 x 5)
# grid of step 1e-3): R's optimiser noise, so that a test can tell it from a real difference.
#
# Layout of <case>.json: {"source", "case", "description", "data", "weights", "formula", "seed",
# "rng", "generator" (lattice/knn), "method", "fits": {"sar", "sdm", "sem", "sac"}, "impacts":
# {"sar", "sdm"}, "traces"}; names: R's "(Intercept)" kept, "lag.x" -> "W_x" (r_names keeps R's).
suppressMessages({
  library(Matrix)
  library(sp)
  library(spdep)
  library(spatialreg)
  library(jsonlite)
})
source("tests/reference/exact_json.R")

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else "tests/fixtures/large_n"
wanted <- if (length(args) >= 2) strsplit(args[2], ",")[[1]] else c("lattice", "knn", "counties")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
seeds <- list(lattice = 20240601L, knn = 20240602L)
truth <- list(rho = 0.45, beta = c(1, 0.8, -0.5), theta = c(0.3, 0.2), sigma = 1)
tight <- "control = list(tol.opt = .Machine$double.eps^0.9)"
tight_sac <- "control = list(opt_control = list(x.tol = 1e-14))"
m_traces <- 30L

our_names <- function(r) sub("^lag\\.", "W_", r)

# --- Data and weights -----------------------------------------------------------------------------

# y from the SDM with the true parameters; draws x1, x2, e (in that order) from the current stream.
sdm_data <- function(W) {
  n <- nrow(W)
  x1 <- rnorm(n)
  x2 <- rnorm(n)
  e <- rnorm(n)
  X <- cbind(1, x1, x2)
  rhs <- X %*% truth$beta + W %*% cbind(x1, x2) %*% truth$theta + truth$sigma * e
  y <- as.numeric(solve(Diagonal(n) - truth$rho * W, as.numeric(rhs)))
  data.frame(y = y, x1 = x1, x2 = x2)
}

make_case <- function(name) {
  if (name == "lattice") {
    nb <- cell2nb(60, 60, type = "rook")
    rc <- do.call(rbind, strsplit(attr(nb, "region.id"), ":"))
    set.seed(seeds$lattice)
    lw0 <- nb2listw(nb, style = "W", zero.policy = TRUE)
    d <- sdm_data(as(lw0, "CsparseMatrix"))
    data <- data.frame(id = seq_along(nb), row = as.integer(rc[, 2]), col = as.integer(rc[, 1]), d)
    return(list(nb = nb, data = data, formula = "y ~ x1 + x2", vars = c("x1", "x2"),
                description = "spdep::cell2nb(60, 60) rook lattice, synthetic SDM data",
                seed = seeds$lattice))
  }
  if (name == "knn") {
    n <- 2500L
    set.seed(seeds$knn)
    px <- runif(n)
    py <- runif(n)
    nb <- make.sym.nb(knn2nb(knearneigh(cbind(px, py), k = 6)))
    lw0 <- nb2listw(nb, style = "W", zero.policy = TRUE)
    d <- sdm_data(as(lw0, "CsparseMatrix"))
    data <- data.frame(id = seq_len(n), px = px, py = py, d)
    return(list(nb = nb, data = data, formula = "y ~ x1 + x2", vars = c("x1", "x2"),
                description = "2500 uniform points in the unit square, make.sym.nb(knn2nb(knearneigh(k = 6))), synthetic SDM data",
                seed = seeds$knn))
  }
  if (name == "counties") {
    e <- new.env()
    data(elect80, package = "spData", envir = e)   # also brings e80_queen
    nb <- e$e80_queen
    ed <- e$elect80@data
    xy <- coordinates(e$elect80)
    stopifnot(length(nb) == nrow(ed), nrow(ed) == 3107)
    data <- data.frame(id = seq_len(nrow(ed)), fips = ed$FIPS, long = unname(xy[, 1]), lat = unname(xy[, 2]),
                       ln_turnout = log(ed$pc_turnout), ln_college = log(ed$pc_college),
                       ln_homeownership = log(ed$pc_homeownership), ln_income = log(ed$pc_income))
    return(list(nb = nb, data = data, formula = "ln_turnout ~ ln_college + ln_homeownership + ln_income",
                vars = c("ln_college", "ln_homeownership", "ln_income"),
                description = "spData elect80 (3107 US counties, 1980 election) with e80_queen (4 islands); logged variables",
                seed = NULL))
  }
  stop("unknown case ", name)
}

# Writes the CSV (shortest exact doubles, text and integers as they are, no quotes) and reads it back.
write_data_csv <- function(data, path) {
  cols <- lapply(data, function(v) if (is.double(v)) shortest_double_text(v) else as.character(v))
  stopifnot(!any(grepl("[,\" ]", unlist(cols))))
  writeLines(c(paste(names(data), collapse = ","), do.call(paste, c(cols, sep = ","))), path)
  back <- read.csv(path, colClasses = vapply(data, function(v) if (is.double(v)) "numeric" else
    if (is.integer(v)) "integer" else "character", ""))
  stopifnot(isTRUE(all.equal(back, data, tolerance = 0, check.attributes = FALSE)),
            identical(back$id, data$id))
  for (v in names(data)) stopifnot(identical(back[[v]], data[[v]]))
  back
}

# --- Fits -----------------------------------------------------------------------------------------

fit_calls <- function(f) list(
  sar = paste0("lagsarlm(", f, ", data = d, listw = lw, method = \"eigen\", zero.policy = TRUE, quiet = TRUE, ", tight, ")"),
  sdm = paste0("lagsarlm(", f, ", data = d, listw = lw, Durbin = TRUE, method = \"eigen\", zero.policy = TRUE, quiet = TRUE, ", tight, ")"),
  sem = paste0("errorsarlm(", f, ", data = d, listw = lw, method = \"eigen\", zero.policy = TRUE, quiet = TRUE, ", tight, ")"),
  sac = paste0("sacsarlm(", f, ", data = d, listw = lw, listw2 = lw, method = \"eigen\", zero.policy = TRUE, quiet = TRUE, ", tight_sac, ")"))

run_fit <- function(text, d, lw) {
  warns <- character()
  elapsed <- system.time(fit <- withCallingHandlers(
    eval(parse(text = text), envir = list(d = d, lw = lw)),
    warning = function(w) {
      warns <<- c(warns, conditionMessage(w))
      invokeRestart("muffleWarning")
    }))[["elapsed"]]
  list(fit = fit, seconds = elapsed, warnings = warns)
}

# log|I - a W| by Matrix's sparse LU (independent of spatialreg's eigenvalues).
ldet <- function(W, a) {
  if (a == 0) return(0)
  as.numeric(determinant(Diagonal(nrow(W)) - a * W, logarithm = TRUE)$modulus)
}
# Concentrated log-likelihood from the model definitions: y* = (I - lambda W)(I - rho W) y,
# X* = (I - lambda W) X, sigma^2 = SSE/n.
conc_ll <- function(rho, lambda, y, X, W) {
  n <- length(y)
  ys <- y - rho * as.numeric(W %*% y)
  ys <- ys - lambda * as.numeric(W %*% ys)
  Xs <- X - lambda * as.matrix(W %*% X)
  sse <- sum(qr.resid(qr(Xs), ys)^2)
  -n / 2 * (log(2 * pi) + 1 + log(sse / n)) + ldet(W, rho) + ldet(W, lambda)
}
source("tests/reference/optimum_offset.R")

describe_fit <- function(label, text, run, W) {
  fit <- run$fit
  s <- summary(fit)
  ct <- s$Coef
  ll <- logLik(fit)
  has_rho <- fit$type %in% c("lag", "mixed", "sac", "sacmixed")
  has_lambda <- fit$type %in% c("error", "sac", "sacmixed")
  analytic <- isTRUE(fit$ase) && isFALSE(fit$fdHess)
  out <- list(
    model = label, r_type = fit$type, r_call = text, n = length(fit$y),
    r_seconds = run$seconds,
    r_timings = as.list(setNames(unname(fit$timings[, "elapsed"]), rownames(fit$timings))),
    names = our_names(rownames(ct)), r_names = rownames(ct),
    estimate = unname(ct[, 1]), std_error = unname(ct[, 2]), z = unname(ct[, 3]), p_value = unname(ct[, 4]))
  if (has_rho) {
    out$rho <- unname(fit$rho)
    out$rho_se <- unname(fit$rho.se)
  }
  if (has_lambda) {
    out$lambda <- unname(fit$lambda)
    out$lambda_se <- unname(fit$lambda.se)
  }
  out <- c(out, list(sigma2 = fit$s2, log_likelihood = as.numeric(ll), parameters = attr(ll, "df"),
                     aic = AIC(fit), bic = BIC(fit)))
  if (is.null(fit$interval)) {
    out$interval_rho <- fit$interval1
    out$interval_lambda <- fit$interval2
  } else {
    out$interval <- fit$interval
  }
  out$se_route <- if (analytic) "analytic" else "fdHess"
  out$se_detail <- switch(label,
    sar = , sdm = "lagsarlm eigen: inverse of the analytic information matrix of (sigma2, rho, beta), dense A = (I - rho W)^-1; no fdHess",
    sem = "errorsarlm eigen: lambda_se from the inverse analytic information matrix of (sigma2, lambda, beta); beta SEs = GLS lm SEs * sqrt((n - p)/n) (= that matrix's beta block)",
    sac = "sacsarlm eigen: inverse of the analytic information matrix of (sigma2, rho, lambda, beta); no fdHess")
  V <- fit$resvar
  vn <- c("sigma2", if (has_rho) "rho", if (has_lambda) "lambda", our_names(rownames(ct)))
  stopifnot(is.matrix(V), nrow(V) == length(vn))
  out$vcov <- list(names = vn, rows = lapply(seq_len(nrow(V)), function(i) unname(V[i, ])))
  # The reported SEs are the square roots of the diagonal of vcov (for sem: of its beta block).
  out$se_check <- max(abs(sqrt(diag(V))[-seq_len(length(vn) - nrow(ct))] - unname(ct[, 2])) / unname(ct[, 2]))
  if (!is.null(fit$opt$message)) out$optimizer_message <- fit$opt$message
  if (length(run$warnings)) out$warnings <- run$warnings
  # Optimum check.
  y <- fit$y
  X <- fit$X
  rho0 <- if (has_rho) unname(fit$rho) else 0
  lambda0 <- if (has_lambda) unname(fit$lambda) else 0
  check <- list(ll_here_minus_r = conc_ll(rho0, lambda0, y, X, W) - as.numeric(ll))
  if (has_rho && has_lambda) {
    off <- optimum_offset(function(r, l) conc_ll(r, l, y, X, W), c(rho0, lambda0))
    check$rho_offset <- off[1]
    check$lambda_offset <- off[2]
  } else if (has_rho) {
    check$rho_offset <- optimum_offset(function(r) conc_ll(r, 0, y, X, W), rho0)
  } else {
    check$lambda_offset <- optimum_offset(function(l) conc_ll(0, l, y, X, W), lambda0)
  }
  out$optimum_check <- check
  out
}

# --- Impacts --------------------------------------------------------------------------------------

beta_theta <- function(b, vars) {
  t(vapply(vars, function(v) {
    th <- b[paste0("lag.", v)]
    c(beta = unname(b[v]), theta = if (is.na(th)) 0 else unname(th))
  }, c(beta = 0, theta = 0)))
}
point_of <- function(imp, vars) {
  x <- if (is.null(imp$res)) imp else imp$res
  j <- match(vars, attr(imp, "bnames"))
  stopifnot(!anyNA(j))
  setNames(lapply(j, function(i) list(direct = as.vector(x$direct)[i], indirect = as.vector(x$indirect)[i],
                                       total = as.vector(x$total)[i])), vars)
}
dense_impacts <- function(Wd, rho, P, vars) {
  n <- nrow(Wd)
  A <- solve(diag(n) - rho * Wd)
  dA <- mean(diag(A))
  dAW <- mean(rowSums(A * t(Wd)))      # mean diag(A W)
  tA <- mean(rowSums(A))               # mean A 1
  tAW <- mean(A %*% rowSums(Wd))       # mean A W 1
  setNames(lapply(vars, function(v) {
    d <- P[v, "beta"] * dA + P[v, "theta"] * dAW
    t <- P[v, "beta"] * tA + P[v, "theta"] * tAW
    list(direct = d, indirect = t - d, total = t)
  }), vars)
}
field <- function(blocks, what) vapply(blocks, function(b) b[[what]], 0)

impacts_case <- function(fit, lw, Wd, tr, vars) {
  P <- beta_theta(fit$coefficients, vars)
  rho <- unname(fit$rho)
  t_exact <- system.time(exact <- point_of(impacts(fit, listw = lw), vars))[["elapsed"]]
  t_traces <- system.time(traces <- point_of(impacts(fit, tr = tr), vars))[["elapsed"]]
  dense <- dense_impacts(Wd, rho, P, vars)
  closed <- (P[, "beta"] + P[, "theta"]) / (1 - rho)
  series <- (P[, "beta"] + P[, "theta"]) * sum(rho^(0:(length(tr) - 1)))
  list(
    rho = rho, beta = as.list(P[, "beta"]), theta = as.list(P[, "theta"]),
    spatialreg_exact = exact, spatialreg_traces = traces, dense = dense,
    exact_total = as.list(field(dense, "total")), total_closed_form = as.list(closed),
    r_seconds = list(exact = t_exact, traces = t_traces),
    checks = list(
      exact_total_minus_closed_form = max(abs(field(exact, "total") - closed)),
      traces_total_minus_truncated_series = max(abs(field(traces, "total") - series)),
      exact_direct_minus_dense = max(abs(field(exact, "direct") - field(dense, "direct"))),
      traces_direct_minus_dense = max(abs(field(traces, "direct") - field(dense, "direct"))),
      spatialreg_total_minus_exact_total = as.list(field(exact, "total") - field(dense, "total")),
      spatialreg_traces_total_minus_exact_total = as.list(field(traces, "total") - field(dense, "total"))))
}

# --- One case -------------------------------------------------------------------------------------

source_text <- paste0("R ", getRversion(), ", spatialreg ", packageVersion("spatialreg"), ", spdep ",
                      packageVersion("spdep"), ", spData ", packageVersion("spData"), ", Matrix ",
                      packageVersion("Matrix"), ", jsonlite ", packageVersion("jsonlite"))

run_case <- function(name) {
  cat("==", name, "\n")
  k <- make_case(name)
  n <- nrow(k$data)
  ids <- as.character(k$data$id)
  csv <- file.path(out_dir, paste0(name, ".csv"))
  gal <- file.path(out_dir, paste0(name, ".gal"))
  d <- write_data_csv(k$data, csv)

  nb <- k$nb
  attr(nb, "region.id") <- ids
  write.nb.gal(nb, gal, oldstyle = FALSE, shpfile = name, ind = "id")
  nb_back <- read.gal(gal, region.id = ids)
  same <- all.equal(lapply(nb_back, as.integer), lapply(nb, as.integer), check.attributes = FALSE)
  stopifnot(isTRUE(same), identical(attr(nb_back, "region.id"), ids))
  lw <- nb2listw(nb_back, style = "W", zero.policy = TRUE)
  W <- as(lw, "CsparseMatrix")
  Wd <- as.matrix(W)
  rs <- rowSums(W)
  islands <- which(card(nb_back) == 0)

  calls <- fit_calls(k$formula)
  fits <- list()
  described <- list()
  for (label in names(calls)) {
    run <- run_fit(calls[[label]], d, lw)
    fits[[label]] <- run$fit
    described[[label]] <- describe_fit(label, calls[[label]], run, W)
    cat(sprintf("  %-4s %7.2f s  rho %s lambda %s  logLik %.10g  se %s\n", label, run$seconds,
                format(run$fit$rho, digits = 10), format(run$fit$lambda, digits = 10),
                as.numeric(logLik(run$fit)), described[[label]]$se_route))
  }

  t_tr <- system.time(tr <- trW(W, type = "mult", m = m_traces))[["elapsed"]]
  imps <- list(sar = impacts_case(fits$sar, lw, Wd, tr, k$vars), sdm = impacts_case(fits$sdm, lw, Wd, tr, k$vars))

  out <- list(
    source = source_text, case = name, description = k$description,
    data = csv, weights = list(
      file = gal, style = "W", zero_policy = TRUE, n = n, links = sum(card(nb_back)),
      symmetric = is.symmetric.nb(nb_back, force = TRUE), islands = length(islands),
      island_ids = as.integer(ids[islands]), row_sum_min = min(rs), row_sum_max = max(rs)),
    formula = k$formula, id = "id", method = "eigen",
    rng = as.list(RNGkind()))
  if (!is.null(k$seed)) {
    out$seed <- k$seed
    out$generator <- list(model = "sdm", rho = truth$rho, beta = truth$beta, theta = truth$theta,
                          sigma = truth$sigma, draws = if (name == "knn") "px, py, x1, x2, e" else "x1, x2, e")
  }
  out$fits <- described
  out$impacts <- imps
  out$traces <- list(call = "trW(as(lw, \"CsparseMatrix\"), type = \"mult\", m = 30)", tr = as.numeric(tr),
                     r_seconds = t_tr)
  path <- file.path(out_dir, paste0(name, ".json"))
  write_exact_json(out, path)
  back <- fromJSON(path, simplifyVector = FALSE)
  stopifnot(identical(back$fits$sar$rho, unname(fits$sar$rho)),
            identical(unlist(back$fits$sdm$estimate), unname(summary(fits$sdm)$Coef[, 1])))

  for (m in c("sar", "sdm")) {
    im <- imps[[m]]
    cat(sprintf("  %s impacts: rho %.6f\n", m, im$rho))
    for (v in k$vars) {
      cat(sprintf("    %-17s direct %.10f  total: spatialreg %.10f traces %.10f exact %.10f  diff %.3g\n", v,
                  im$spatialreg_exact[[v]]$direct, im$spatialreg_exact[[v]]$total,
                  im$spatialreg_traces[[v]]$total, im$dense[[v]]$total,
                  im$spatialreg_exact[[v]]$total - im$dense[[v]]$total))
    }
  }
  invisible(out)
}

for (name in wanted) run_case(name)
