# Reference values for the spatial impacts (direct, indirect and total effects of LeSage & Pace
# 2009) of the Columbus cross-section models, from R's spatialreg.
# Run from the repository root:  Rscript tests/reference/impacts_columbus.R
# Writes tests/fixtures/impacts_columbus.json (committed). Reads tests/fixtures/columbus_knn4.gal
# (written by spatial_models_columbus.R) and does not rewrite it.
# Doubles are written with up to 17 significant digits, so they read back as the same doubles.
# Run with R 4.2.2, spatialreg 1.2-6, spdep 1.2-7, MASS 7.3-58.2, coda 0.19-4, jsonlite 1.8.4
# (Debian packages); the versions actually used are also written to the fixture's "source".
#
# Data, weights and fits are those of spatial_models_columbus.R, with the same call texts:
# - Model CRIME ~ INC + HOVAL on data/columbus/columbus.csv (49 rows, POLYID = 1..49 in row order).
# - Weights, row-standardised (style "W"): col = data/columbus/COL.gal; knn4 =
#   tests/fixtures/columbus_knn4.gal read back with read.gal (checked equal to knn2nb(knearneigh(k = 4))).
# - Models: sar = lagsarlm; sdm = lagsarlm(Durbin = TRUE); sdm_inc = lagsarlm(Durbin = ~ INC), only
#   INC lagged; sac = sacsarlm(listw2 = lw); sdem = errorsarlm(Durbin = TRUE); slx = lmSLX(Durbin = TRUE).
#   All ML fits use method = "eigen" and the tight tolerances of tests/reference/columbus_calls.R
#   (shared with that script); r_call is the fit's call.
# - Names: "(Intercept)", "INC", "HOVAL" as in R; spatialreg's "lag.X" becomes "W_X" ("lag.(Intercept)"
#   of lagsarlm and "lag..Intercept." of lmSLX, present only for a W that is not row-standardised,
#   become "W_(Intercept)"). Impacts are reported for INC and HOVAL (spatialreg drops the intercept).
#
# Layout: {"source", "data", "formula", "method", "weights", "variables", "seed", "rng" (RNGkind),
# "cases": [...], "binary_w": [...]}.
# Every case has name ("<model>_<weights>"), model, weights, n, r_call, coefficients (the fit's beta,
# named; W_HOVAL absent for sdm_inc), and rho (sar/sdm/sdm_inc/sac) and/or lambda (sac/sdem).
# Each effect block is {"INC": {"direct", "indirect", "total"}, "HOVAL": {...}}.
# For the rho models (sar, sdm, sdm_inc, sac), with S_k = (I - rho W)^-1 (beta_k I + theta_k W),
# theta_k = 0 for sar/sac and for HOVAL in sdm_inc; direct = tr(S_k)/n, total = 1'S_k 1/n,
# indirect = total - direct:
# - "exact": impacts(fit, listw = lw). spatialreg takes the eigenvalues e of W and returns
#   direct = beta_k mean(1/(1 - rho e)) + theta_k mean(e/(1 - rho e)) (real parts) and
#   total = (beta_k + theta_k)/(1 - rho), which is right only when every row of W sums to 1.
# - "dense_truth": the definition above evaluated with dense algebra here (solve(I - rho W)), a check
#   on "exact". "checks" holds the largest absolute differences over INC/HOVAL and the three effects
#   (exact - dense; traces - exact, with truncation_bound = 2 max_k(|beta_k| + |theta_k|) rho^30/(1-rho);
#   traces - dense series cut after 30 terms; components summed over 30 orders - traces).
# - "traces": tr = trW(as(lw, "CsparseMatrix"), type = "mult", m = 30), the traces tr(W^j), j = 1..30,
#   NOT divided by n (stored as "tr"), and impacts(fit, tr = tr). spatialreg then uses the powers
#   j = 0..29: direct = sum_j rho^j (beta_k tr(W^j) + theta_k tr(W^(j+1)))/n (tr(W^0) = n, so tr[30]
#   enters only through theta), total = (beta_k + theta_k) sum_{j=0..29} rho^j, a truncated geometric
#   series that does not use the traces at all. It differs from "exact" by the tail of the series,
#   about (|beta_k| + |theta_k|) rho^30 / (1 - rho): ~2e-11 on col, but ~2e-6 for sdm/sdm_inc on knn4
#   (rho ~ 0.648). The checks compare it to the same series cut after 30 terms with dense algebra.
# - "components": impacts(fit, tr = tr, Q = 5) and its attr(, "Qres"): per variable, arrays over the
#   orders j = 0..4 (spatialreg's Q1..Q5) of direct_j = rho^j (beta_k tr(W^j) + theta_k tr(W^(j+1)))/n,
#   total_j = rho^j (beta_k + theta_k), indirect_j = total_j - direct_j; so order j groups the W^j term
#   of beta and the W^(j+1) term of theta. Summed over all 30 orders they give "traces" (checked);
#   the five stored orders are only the leading part. "point" repeats the Q = 5 call's point values.
# - "simulation": set.seed(seed) just before summary(impacts(fit, tr = tr, R = 5000), zstats = TRUE,
#   short = TRUE). spatialreg draws R vectors from MASS::mvrnorm(mu, Sigma, tol = 1e-6) with
#   mu = (s2, rho, [lambda,] beta) and Sigma = fit$resvar, the analytical asymptotic covariance
#   (inverse information matrix; rows sigma^2, rho, [lambda,] beta, s2 = SSE/n), both stored as
#   "mu_names", "mu", "sigma" (a list of rows). It drops draws whose rho is not strictly inside
#   "interval" (fit$interval = 1/range(eigenvalues of W) for lagsarlm; sacsarlm has no fit$interval,
#   so spatialreg falls back to c(-1, 0.999)); "kept" = draws left, "dropped" = R - kept. Each draw's
#   impacts use the trace formulas above. Per variable and effect: mean and sd of the kept draws
#   (coda summary's "Mean" and "SD"), z = mean/sd (zmat), p = 2 (1 - pnorm(|z|)) (pzmat), and q025,
#   q975 the 2.5% and 97.5% quantiles (coda: quantile type 7). The draws depend on the seed, on R's
#   RNG ("rng") and on LAPACK's eigen decomposition inside mvrnorm: compare statistically.
# - sac: spatialreg's impacts use rho and beta only (the error lambda does not enter), i.e. the sar
#   formulas at sacsarlm's estimates; lambda is sampled but not used.
# For sdem and slx (no rho): "impacts" is impacts(fit), a WXimpact object: per variable and effect
# {"estimate", "se"}; direct = beta_k, indirect = theta_k, total = beta_k + theta_k, and se is
# sqrt(c' V c) with V "vcov_impacts" = summary.lm's covariance sigma^2 (X'X)^-1 with the
# df-adjusted sigma^2 = SSE/(n - k), k = 5 coefficients, of a linear regression:
#   slx:  lmSLX's lm of y on [1, X, WX] itself (V = vcov(fit), same as in spatial_models_columbus.json);
#   sdem: errorsarlm's final regression of (I - lambda W) y on (I - lambda W)[1, X, WX] at the
#         estimated lambda (summary.lm of lm.target), i.e. conditional on lambda and with n - k, so
#         these se are the summary() Std. Errors (ML s2 = SSE/n) times sqrt(n/(n - k)) (checked).
#   "vcov_fit" for sdem is vcov(fit) (rows lambda and beta, ML s2), stored for comparison only.
# "dense_truth" for sdem/slx: S_k = beta_k I + theta_k W, direct = beta_k (diag W = 0), total =
# beta_k + theta_k mean(rowSums(W)) = beta_k + theta_k here.
# "binary_w": the col weights with style "B" (not row-standardised), where spatialreg's totals are
# wrong:
# - sdm_col_binary: lagsarlm(Durbin = TRUE) with binary W (spatialreg adds the regressor W 1 =
#   "W_(Intercept)", since W 1 is not constant). "spatialreg" is impacts(fit, listw = lw_binary)
#   (without listw spatialreg refuses: "Only row-standardised weights supported"); its direct is
#   right, its total (beta_k + theta_k)/(1 - rho) is not. "dense_truth" is the definition above,
#   "difference" = spatialreg - dense_truth. (impacts() finds the intercept with grep("(Intercept)"),
#   a regular expression, so it also drops "lag.(Intercept)"; that is what keeps the pairs aligned.)
# - slx_col_binary: lmSLX with binary W (also with "W_(Intercept)"). "spatialreg" is impacts(fit):
#   total = beta_k + theta_k; "dense_truth": total = beta_k + theta_k mean(rowSums(W)).
suppressMessages({
  library(spdep)
  library(spatialreg)
  library(jsonlite)
})
started <- proc.time()

columbus <- read.csv("data/columbus/columbus.csv")
stopifnot(nrow(columbus) == 49, identical(columbus$POLYID, 1:49))
ids <- as.character(columbus$POLYID)
n <- nrow(columbus)
vars <- c("INC", "HOVAL")

# --- Weights --------------------------------------------------------------------------------------
col_nb <- read.gal("data/columbus/COL.gal", region.id = ids)
gal_knn <- "tests/fixtures/columbus_knn4.gal"
knn_nb <- read.gal(gal_knn, region.id = ids)
knn_fresh <- knn2nb(knearneigh(cbind(columbus$X, columbus$Y), k = 4), row.names = ids)
same_nb <- all.equal(lapply(knn_nb, as.integer), lapply(knn_fresh, as.integer), check.attributes = FALSE)
stopifnot(isTRUE(same_nb))
weights <- list(col = nb2listw(col_nb, style = "W"), knn4 = nb2listw(knn_nb, style = "W"))
lw_binary <- nb2listw(col_nb, style = "B")
weights_info <- list(
  col = list(file = "data/columbus/COL.gal", style = "W", links = sum(card(col_nb))),
  knn4 = list(file = gal_knn, style = "W", links = sum(card(knn_nb))),
  col_binary = list(file = "data/columbus/COL.gal", style = "B", links = sum(card(col_nb))))

# --- Calls (tests/reference/columbus_calls.R, shared with spatial_models_columbus.R) --------------
source("tests/reference/columbus_calls.R")
impact_models <- c("sar", "sdm", "sdm_inc", "sac", "sdem", "slx")  # sem has no spillover
rho_models <- c("sar", "sdm", "sdm_inc", "sac")

seed <- 20240611L
R_draws <- 5000L
m_traces <- 30L
Q <- 5L

our_names <- function(r) {
  r <- sub("^lag\\.\\.Intercept\\.$", "W_(Intercept)", r)
  sub("^lag\\.", "W_", r)
}
named <- function(v) as.list(setNames(unname(v), our_names(names(v))))

# The beta of a fit (without rho), for lagsarlm/sacsarlm/errorsarlm and lmSLX alike.
betas <- function(fit) if (inherits(fit, "SlX")) coef(fit) else fit$coefficients

# (beta_k, theta_k) for each reported variable; theta_k = 0 when X_k is not lagged.
beta_theta <- function(b) {
  t(vapply(vars, function(v) {
    th <- b[paste0("lag.", v)]
    c(beta = unname(b[v]), theta = if (is.na(th)) 0 else unname(th))
  }, c(beta = 0, theta = 0)))
}

# Point impacts of a LagImpact object regrouped by variable. spatialreg's direct/indirect/total are
# vectors (or one-column matrices, for sar/sac) in the order of attr(, "bnames"), not always named.
point_of <- function(imp) {
  x <- if (is.null(imp$res)) imp else imp$res
  j <- match(vars, attr(imp, "bnames"))
  stopifnot(!anyNA(j))
  setNames(lapply(j, function(i) list(direct = as.vector(x$direct)[i], indirect = as.vector(x$indirect)[i],
                                       total = as.vector(x$total)[i])), vars)
}

# Definition of the impacts with dense algebra: S_k = (I - rho W)^-1 (beta_k I + theta_k W).
dense_impacts <- function(W, rho, P) {
  A <- solve(diag(nrow(W)) - rho * W)
  setNames(lapply(vars, function(v) {
    S <- A %*% (P[v, "beta"] * diag(nrow(W)) + P[v, "theta"] * W)
    d <- mean(diag(S))
    t <- mean(rowSums(S))
    list(direct = d, indirect = t - d, total = t)
  }), vars)
}
# The same with the series (I - rho W)^-1 = sum_j rho^j W^j cut after j = terms - 1, as the trace
# formulas of spatialreg do.
dense_truncated <- function(W, rho, P, terms) {
  I <- diag(nrow(W))
  A <- I
  Wj <- I
  for (j in seq_len(terms - 1)) {
    Wj <- Wj %*% W
    A <- A + rho^j * Wj
  }
  setNames(lapply(vars, function(v) {
    S <- A %*% (P[v, "beta"] * I + P[v, "theta"] * W)
    d <- mean(diag(S))
    t <- mean(rowSums(S))
    list(direct = d, indirect = t - d, total = t)
  }), vars)
}
max_abs_diff <- function(a, b) max(abs(unlist(a) - unlist(b)))
matrix_rows <- function(M) lapply(seq_len(nrow(M)), function(i) unname(M[i, ]))

rho_case <- function(model, wname, fit) {
  lw <- weights[[wname]]
  W <- listw2mat(lw)
  b <- betas(fit)
  P <- beta_theta(b)
  rho <- unname(fit$rho)

  exact <- point_of(impacts(fit, listw = lw))
  truth <- dense_impacts(W, rho, P)

  tr <- trW(as(lw, "CsparseMatrix"), type = "mult", m = m_traces)
  trace_imp <- point_of(impacts(fit, tr = tr))

  # Components: orders 0..Q-1, and over all 30 orders as a check that they add up to "traces".
  qimp <- impacts(fit, tr = tr, Q = Q)
  qres <- attr(qimp, "Qres")
  components <- list(Q = Q, orders = 0:(Q - 1), point = point_of(qimp))
  # Qres matrices have one column per attr(, "bnames") entry (not always with column names).
  col_of <- match(vars, attr(qimp, "bnames"))
  for (i in seq_along(vars)) {
    components[[vars[i]]] <- list(direct = unname(qres$direct[, col_of[i]]),
                                  indirect = unname(qres$indirect[, col_of[i]]),
                                  total = unname(qres$total[, col_of[i]]))
  }
  qall <- attr(impacts(fit, tr = tr, Q = m_traces), "Qres")
  qsum <- setNames(lapply(col_of, function(j) list(direct = sum(qall$direct[, j]),
                                                   indirect = sum(qall$indirect[, j]),
                                                   total = sum(qall$total[, j]))), vars)

  set.seed(seed)
  simp <- impacts(fit, tr = tr, R = R_draws)
  s <- summary(simp, zstats = TRUE, short = TRUE)
  smp <- attr(simp, "samples")
  kept <- nrow(smp$samples)
  lams <- if (is.null(fit$lambda)) NULL else "lambda"
  mu_names <- c("sigma2", "rho", lams, names(b))
  mu <- c(fit$s2, rho, if (is.null(lams)) NULL else unname(fit$lambda), unname(b))
  stopifnot(identical(dim(fit$resvar), rep(length(mu), 2L)))
  interval <- if (is.null(fit$interval)) c(-1, 0.999) else fit$interval
  sums <- list(direct = s$direct_sum, indirect = s$indirect_sum, total = s$total_sum)
  cols <- c(direct = "Direct", indirect = "Indirect", total = "Total")
  simulation <- list(R = R_draws, seed = seed, kept = kept, dropped = R_draws - kept,
                     interval = unname(interval), mu_names = our_names(mu_names), mu = mu,
                     sigma = matrix_rows(fit$resvar))
  for (v in vars) {
    simulation[[v]] <- lapply(setNames(names(sums), names(sums)), function(e) list(
      mean = unname(sums[[e]]$statistics[v, "Mean"]),
      sd = unname(sums[[e]]$statistics[v, "SD"]),
      z = unname(s$zmat[v, cols[[e]]]),
      p = unname(s$pzmat[v, cols[[e]]]),
      q025 = unname(sums[[e]]$quantiles[v, "2.5%"]),
      q975 = unname(sums[[e]]$quantiles[v, "97.5%"])))
  }

  out <- list(name = paste0(model, "_", wname), model = model, weights = wname, n = n,
              r_call = calls[[model]], rho = rho)
  if (!is.null(fit$lambda)) out$lambda <- unname(fit$lambda)
  c(out, list(
    coefficients = named(b),
    exact = exact,
    traces = c(list(m = m_traces, tr = as.numeric(tr)), trace_imp),
    simulation = simulation,
    components = components,
    dense_truth = truth,
    checks = list(exact_minus_dense = max_abs_diff(exact, truth),
                  traces_minus_exact = max_abs_diff(trace_imp, exact),
                  truncation_bound = 2 * max(abs(P[, "beta"]) + abs(P[, "theta"])) * abs(rho)^m_traces / (1 - abs(rho)),
                  traces_minus_dense_truncated = max_abs_diff(trace_imp, dense_truncated(W, rho, P, m_traces)),
                  components_all_orders_minus_traces = max_abs_diff(qsum, trace_imp),
                  components_point_minus_traces = max_abs_diff(components$point, trace_imp))))
}

# Covariance actually behind the WXimpact standard errors (see the header).
wx_vcov <- function(fit) {
  if (inherits(fit, "SlX")) return(vcov(fit))
  # errorsarlm's lm.target, refitted from the stored transformed data (its column names carry a
  # prefix "I(x - lambda * WX)"; the columns are those of the coefficients, in order).
  tar <- lm(fit$tary ~ fit$tarX - 1)
  stopifnot(ncol(fit$tarX) == length(fit$coefficients),
            max(abs(coef(tar) - fit$coefficients)) < 1e-8 * max(abs(fit$coefficients)))
  V <- vcov(tar)
  dimnames(V) <- list(names(fit$coefficients), names(fit$coefficients))
  V
}

wx_case <- function(model, wname, fit, lw, name = paste0(model, "_", wname), r_call = calls[[model]]) {
  W <- listw2mat(lw)
  b <- betas(fit)
  P <- beta_theta(b)
  imp <- impacts(fit)
  V <- wx_vcov(fit)
  stopifnot(identical(our_names(rownames(V)), our_names(names(b))))
  est <- setNames(lapply(vars, function(v) lapply(
    list(direct = "direct", indirect = "indirect", total = "total"),
    function(e) list(estimate = unname(imp$impacts[[e]][v]), se = unname(imp$se[[e]][v])))), vars)
  # Recompute every se from V: sqrt(c' V c) with c picking beta_k, theta_k or both.
  se_check <- 0
  for (v in vars) {
    pick <- list(direct = v, indirect = paste0("lag.", v), total = c(v, paste0("lag.", v)))
    for (e in names(pick)) {
      cvec <- as.numeric(names(b) %in% pick[[e]])
      se_check <- max(se_check, abs(sqrt(drop(t(cvec) %*% V %*% cvec)) - est[[v]][[e]]$se))
    }
  }
  rs <- rowSums(W)
  truth <- setNames(lapply(vars, function(v) {
    tot <- P[v, "beta"] + P[v, "theta"] * mean(rs)
    list(direct = P[v, "beta"], indirect = tot - P[v, "beta"], total = tot)
  }), vars)
  point <- lapply(est, function(x) lapply(x, function(y) y$estimate))
  out <- list(name = name, model = model, weights = wname, n = n, r_call = r_call)
  if (!is.null(fit$lambda)) out$lambda <- unname(fit$lambda)
  out <- c(out, list(coefficients = named(b), impacts = est,
                     vcov_impacts = list(names = our_names(rownames(V)), matrix = matrix_rows(V))))
  if (model == "sdem") {
    Vf <- vcov(fit)
    out$vcov_fit <- list(names = our_names(rownames(Vf)), matrix = matrix_rows(Vf))
    se_ratio <- unlist(lapply(est, function(x) x$direct$se)) / unname(summary(fit)$Coef[vars, 2])
    out$se_ratio_to_summary <- unname(se_ratio)
    stopifnot(max(abs(se_ratio - sqrt(n / (n - length(b))))) < 1e-12)
  }
  c(out, list(dense_truth = truth,
              checks = list(se_recomputed_minus_r = se_check,
                            estimate_minus_dense = max_abs_diff(point, truth))))
}

# --- Row-standardised cases -------------------------------------------------------------------------
cases <- list()
for (wname in names(weights)) {
  for (model in impact_models) {
    fit <- suppressMessages(fit_call(calls[[model]], weights[[wname]]))
    cases[[length(cases) + 1]] <- if (model %in% rho_models) rho_case(model, wname, fit)
                                  else wx_case(model, wname, fit, weights[[wname]])
  }
}

# --- Binary W: spatialreg's totals assume row sums of 1 ---------------------------------------------
Wb <- listw2mat(lw_binary)
sdm_b_call <- calls$sdm
sdm_b <- suppressMessages(fit_call(sdm_b_call, lw_binary))
refused <- tryCatch({ impacts(sdm_b); "" }, error = function(e) conditionMessage(e))
stopifnot(nzchar(refused))
sdm_b_sr <- point_of(impacts(sdm_b, listw = lw_binary))
sdm_b_truth <- dense_impacts(Wb, unname(sdm_b$rho), beta_theta(sdm_b$coefficients))
diff_of <- function(a, b) setNames(lapply(vars, function(v) lapply(
  setNames(names(a[[v]]), names(a[[v]])), function(e) a[[v]][[e]] - b[[v]][[e]])), vars)
binary <- list(
  list(name = "sdm_col_binary", model = "sdm", weights = "col_binary", n = n, r_call = sdm_b_call,
       mean_row_sum = mean(rowSums(Wb)), rho = unname(sdm_b$rho), interval = unname(sdm_b$interval),
       coefficients = named(sdm_b$coefficients),
       spatialreg = sdm_b_sr, dense_truth = sdm_b_truth, difference = diff_of(sdm_b_sr, sdm_b_truth),
       impacts_without_listw_error = refused))
slx_b <- fit_call(calls$slx, lw_binary)
slx_b_case <- wx_case("slx", "col_binary", slx_b, lw_binary, name = "slx_col_binary")
slx_b_case$checks$estimate_minus_dense <- NULL  # here the difference is the point: see "difference"
slx_b_case$mean_row_sum <- mean(rowSums(Wb))
slx_b_case$spatialreg <- lapply(slx_b_case$impacts, function(x) lapply(x, function(y) y$estimate))
slx_b_case$difference <- diff_of(slx_b_case$spatialreg, slx_b_case$dense_truth)
binary[[2]] <- slx_b_case

# --- Checks -----------------------------------------------------------------------------------------
for (k in cases) {
  ch <- k$checks
  if (k$model %in% rho_models) {
    stopifnot(ch$exact_minus_dense < 1e-12, ch$traces_minus_dense_truncated < 1e-12,
              ch$traces_minus_exact <= ch$truncation_bound,
              ch$components_all_orders_minus_traces < 1e-12, ch$components_point_minus_traces == 0,
              k$simulation$kept > 0.99 * R_draws)
  } else {
    stopifnot(ch$se_recomputed_minus_r < 1e-12, ch$estimate_minus_dense < 1e-12)
  }
}
# The binary-W discrepancy: direct agrees, total does not.
stopifnot(max(abs(unlist(lapply(binary[[1]]$difference, function(x) x$direct)))) < 1e-12,
          min(abs(unlist(lapply(binary[[1]]$difference, function(x) x$total)))) > 1e-3,
          min(abs(unlist(lapply(binary[[2]]$difference, function(x) x$total)))) > 1e-3)

# --- Output -----------------------------------------------------------------------------------------
rng <- RNGkind()
out <- list(
  source = paste0("R ", getRversion(), ", spatialreg ", packageVersion("spatialreg"), ", spdep ",
                  packageVersion("spdep"), ", MASS ", packageVersion("MASS"), ", coda ",
                  packageVersion("coda"), ", jsonlite ", packageVersion("jsonlite")),
  data = "data/columbus/columbus.csv",
  formula = "CRIME ~ INC + HOVAL",
  method = "eigen",
  weights = weights_info,
  variables = vars,
  seed = seed,
  rng = paste(rng[1:3], collapse = "/"),
  cases = cases,
  binary_w = binary)
source("tests/reference/exact_json.R")
fixture <- "tests/fixtures/impacts_columbus.json"
write_exact_json(out, fixture)
back <- fromJSON(fixture, simplifyVector = FALSE)
stopifnot(identical(back$cases[[2]]$exact$INC$direct, cases[[2]]$exact$INC$direct),
          identical(unlist(back$cases[[1]]$traces$tr), cases[[1]]$traces$tr),
          length(back$cases) == 12L, length(back$binary_w) == 2L)

# --- Summary on the console -------------------------------------------------------------------------
for (k in cases) {
  if (k$model %in% rho_models) {
    cat(sprintf("%-12s rho %.6f  INC d/i/t %.6f %.6f %.6f  kept %d  |exact-dense| %.1e  |tr-exact| %.1e\n",
                k$name, k$rho, k$exact$INC$direct, k$exact$INC$indirect, k$exact$INC$total,
                k$simulation$kept, k$checks$exact_minus_dense, k$checks$traces_minus_exact))
  } else {
    cat(sprintf("%-12s INC d/i/t %.6f %.6f %.6f  se %.6f %.6f %.6f\n", k$name,
                k$impacts$INC$direct$estimate, k$impacts$INC$indirect$estimate, k$impacts$INC$total$estimate,
                k$impacts$INC$direct$se, k$impacts$INC$indirect$se, k$impacts$INC$total$se))
  }
}
for (k in binary) {
  cat(sprintf("%-15s total INC spatialreg %.6f dense %.6f; HOVAL %.6f vs %.6f\n", k$name,
              k$spatialreg$INC$total, k$dense_truth$INC$total, k$spatialreg$HOVAL$total, k$dense_truth$HOVAL$total))
}
cat("elapsed", round((proc.time() - started)[["elapsed"]], 1), "s\n")
