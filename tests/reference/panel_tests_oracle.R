# Independent reference ("oracle") for the spatial-panel specification tests (spillover issue 14):
#   1. panel LM tests (LM-error, LM-lag, robust forms, SARMA) on the residuals of the non-spatial
#      within model (effects individual, time, twoways) and of pooled OLS with an intercept ("none");
#   2. LR tests of the unit and time fixed effects (two-way vs one-way) for the direct SAR, SDM and the
#      non-spatial within model;
#   3. LR and Wald tests SDM -> SAR (theta = 0) and SDM -> SEM (common factor theta + rho beta = 0)
#      on Cigar, two-way, direct, demean-lag.
# Run from the repository root:  Rscript tests/reference/panel_tests_oracle.R
# Reads  tests/fixtures/panel/synthetic.csv + synthetic_knn4.gal, data/cigar/cigar.csv + cigar_queen.gal
# Writes tests/fixtures/panel/tests_reference.json (committed).
#
# Everything is computed from the formulas (dense matrices, explicit Kronecker products). The data
# reading, within transformation, direct-approach ML fits (concentrated likelihood, analytic
# information matrix) and the exact JSON number writer are the FUNCTION DEFINITIONS of
# tests/reference/panel_fe_oracle.R, evaluated here without running that script's main part.
# Cross-checks: spdep::lm.LMtests with the block-diagonal listw of I_T (x) W (pooled OLS with intercept,
# and OLS without intercept on the within-transformed data), plm::plm(model = "within") residuals, the
# stated ML nestings (LR >= 0), and a numerical-Hessian check of the information matrix used by the Wald
# tests.
# References: Anselin L, Bera AK, Florax R, Yoon MJ (1996) Simple diagnostic tests for spatial
#             dependence, Reg. Sci. Urban Econ. 26: 77-104 (LM and robust LM tests);
#             Debarsy N, Ertur C (2010) Testing for spatial autocorrelation in a fixed effects panel
#             data model, Reg. Sci. Urban Econ. 40: 453-470;
#             Elhorst JP (2014) Spatial Econometrics: From Cross-Sectional Data to Spatial Panels,
#             ch. 3 (LMsarsem_panel; LR tests of the fixed effects; Wald/LR tests SDM -> SAR, SEM).
#
# LM-test formulas (the brief; Elhorst's LMsarsem_panel), n = NT:
#   e = residuals of OLS of y* on X* (y* = Q y_raw, X* = Q X_raw; "none": Q = I, X* = [1, X]);
#   sigma2 = e'e/n; Ttr = T tr(W'W + W W); WXb = (I_T (x) W) X* b; M = I - X*(X*'X*)^{-1} X*';
#   J = (WXb' M WXb + Ttr sigma2)/sigma2; EWE = e'(I_T (x) W) e; EWY = e' Q (I_T (x) W) y_raw (demean-lag);
#   LMerr = (EWE/sigma2)^2/Ttr; LMlag = (EWY/sigma2)^2/J;
#   RLMerr = (EWE - (Ttr/J) EWY)^2/(sigma2^2 Ttr (1 - Ttr/J)); RLMlag = (EWY - EWE)^2/(sigma2^2 (J - Ttr));
#   SARMA = RLMlag + LMerr (df 2); all other df 1; p-values chi-square upper tail.
suppressMessages({
  library(spdep)
  library(plm)
  library(jsonlite)
})
started <- proc.time()

# --- helper functions of panel_fe_oracle.R (function definitions only; its main part is not run) ----
local({
  exprs <- parse("tests/reference/panel_fe_oracle.R", keep.source = FALSE)
  for (e in exprs) {
    if (is.call(e) && as.character(e[[1]]) %in% c("<-", "=") && is.name(e[[2]]) &&
        is.call(e[[3]]) && identical(e[[3]][[1]], as.name("function")))
      eval(e, envir = globalenv())
  }
})
needed <- c("read_panel", "read_gal_matrix", "within", "within_matrix", "panel_lag", "direct_data",
            "fit_ml", "info_lag", "info_error", "loglik_direct", "loglik_error", "lag_residuals",
            "err_residuals", "sym_inverse", "close_enough")
stopifnot(all(vapply(needed, exists, TRUE)))

upper <- function(stat, df) pchisq(stat, df, lower.tail = FALSE)
test_record <- function(stat, df) list(statistic = unname(stat), df = df, p_value = upper(stat, df))

# ==================================================================================================
# 1. Panel LM tests
# ==================================================================================================

# Regressors and transformed data per effects ("none" = pooled OLS with an intercept, Q = I).
lm_design <- function(d, effects) {
  if (effects == "none") {
    X <- cbind("(Intercept)" = 1, d$X)
    list(y = d$y, X = X, Q = function(v) as.matrix(v))
  } else {
    Q <- function(v) within(v, d$N, d$T, effects)
    list(y = as.vector(Q(d$y)), X = Q(d$X), Q = Q)
  }
}

panel_lm_tests <- function(d, effects) {
  N <- d$N; T <- d$T; n <- N * T
  W <- d$W
  des <- lm_design(d, effects)
  X <- des$X; y <- des$y
  qx <- qr(X)
  b <- as.vector(qr.coef(qx, y))
  e <- as.vector(qr.resid(qx, y))
  stopifnot(max(abs(as.vector(des$Q(e)) - e)) < 1e-10)          # e = Q e
  sigma2 <- sum(e^2) / n
  Ttr <- T * (sum(W * W) + sum(W * t(W)))                      # T tr(W'W + W W)
  WXb <- as.vector(panel_lag(X %*% b, W, T))                   # (I_T (x) W) X* b
  # M WXb by QR (Householder): WXb'M WXb is a small difference of large numbers for the pooled
  # Cigar model (WXb'WXb ~ 3e4, WXb'M WXb ~ 5.3); the normal-equations form (spdep's
  # WXb'WXb - WXb'X (X'X)^{-1} X'WXb) loses ~9 digits there. Checked against a centred QR below.
  MWXb <- qr.resid(qx, WXb)
  J <- (sum(MWXb^2) + Ttr * sigma2) / sigma2
  if (effects == "none") {                 # same quadratic form without the intercept's constant:
    v <- as.vector(panel_lag(X[, -1, drop = FALSE] %*% b[-1], W, T))     # (W 1 = 1)
    alt <- sum(qr.resid(qr(scale(X[, -1, drop = FALSE], scale = FALSE)), v - mean(v))^2)
    stopifnot(abs(alt - sum(MWXb^2)) < 1e-12 * sum(MWXb^2))
  }
  EWE <- sum(e * panel_lag(e, W, T))
  Wy_dl <- as.vector(des$Q(panel_lag(d$y, W, T)))              # demean-lag: Q (I_T (x) W) y_raw
  EWY <- sum(e * Wy_dl)
  # For a row-standardised W the lag-demeaned variant (I_T (x) W) Q y_raw gives the same e'Wy.
  EWY_ld <- sum(e * panel_lag(y, W, T))
  stopifnot(abs(EWY - EWY_ld) < 1e-9 * max(1, abs(EWY)))
  lm_err <- (EWE / sigma2)^2 / Ttr
  lm_lag <- (EWY / sigma2)^2 / J
  rlm_err <- (EWE - (Ttr / J) * EWY)^2 / (sigma2^2 * Ttr * (1 - Ttr / J))
  rlm_lag <- (EWY - EWE)^2 / (sigma2^2 * (J - Ttr))
  sarma <- rlm_lag + lm_err
  # Information only (not the target): WXb projected into the within space first, Q (I_T(x)W) X* b
  # (= Q (I_T(x)W) X_raw b, the demean-lag lag of the fit; M then acts as Q - P_X*). For individual
  # effects and "none" it equals the brief's J; for time / twoways (I_T(x)W) X* b has a component
  # constant within each period that M = I - P_X* does not remove, so the two J differ.
  WXb_q <- as.vector(des$Q(WXb))
  J_q <- (sum(qr.resid(qx, WXb_q)^2) + Ttr * sigma2) / sigma2
  if (effects %in% c("none", "individual")) stopifnot(abs(J_q - J) < 1e-9 * J)
  alt <- c(J = J_q, lm_lag = (EWY / sigma2)^2 / J_q,
           robust_lm_error = (EWE - (Ttr / J_q) * EWY)^2 / (sigma2^2 * Ttr * (1 - Ttr / J_q)),
           robust_lm_lag = (EWY - EWE)^2 / (sigma2^2 * (J_q - Ttr)))
  alt[["sarma"]] <- alt[["robust_lm_lag"]] + lm_err
  list(alt = alt, effects = effects, sigma2 = sigma2, Ttr = Ttr, J = J, EWE = EWE, EWY = EWY, e = e, b = b,
       X = X, y = y,
       stats = c(lm_error = lm_err, lm_lag = lm_lag, robust_lm_error = rlm_err,
                 robust_lm_lag = rlm_lag, sarma = sarma))
}
lm_df <- c(lm_error = 1, lm_lag = 1, robust_lm_error = 1, robust_lm_lag = 1, sarma = 2)

# spdep::lm.LMtests on an lm() of the (transformed) data with the block-diagonal listw of I_T (x) W.
# Its Wy is (I_T (x) W) y*, its yhat = X* b, its M the projection off X*: the same statistics as above
# (for the within cases e'(I(x)W)y* = e'Q(I(x)W)y_raw because W is row-standardised; asserted above).
spdep_check <- function(r, lwbig) {
  df <- data.frame(y = r$y, r$X, check.names = FALSE)
  xn <- paste0("x", seq_len(ncol(r$X)))
  names(df) <- c("y", xn)
  f <- if (r$effects == "none") as.formula(paste("y ~", paste(xn[-1], collapse = " + "))) else
    as.formula(paste("y ~", paste(xn, collapse = " + "), "- 1"))
  fit <- lm(f, data = df)
  stopifnot(max(abs(residuals(fit) - r$e)) < 1e-10)
  t <- lm.LMtests(fit, lwbig, test = c("LMerr", "LMlag", "RLMerr", "RLMlag", "SARMA"))
  sp <- c(lm_error = t$LMerr$statistic, lm_lag = t$LMlag$statistic, robust_lm_error = t$RLMerr$statistic,
          robust_lm_lag = t$RLMlag$statistic, sarma = t$SARMA$statistic)
  sp_df <- c(t$LMerr$parameter, t$LMlag$parameter, t$RLMerr$parameter, t$RLMlag$parameter,
             t$SARMA$parameter)
  stopifnot(all(sp_df == lm_df))
  rel <- max(abs(unname(sp) - unname(r$stats)) / pmax(1, abs(unname(r$stats))))
  # tolerance 1e-8: lm.LMtests forms WXb'M WXb by the normal equations (see panel_lm_tests), which
  # for the pooled Cigar model is accurate to ~1e-9 only.
  if (rel > 1e-8) stop("lm.LMtests differs from the formulas (", r$effects, "): ", rel)
  rel
}

# ==================================================================================================
# 2. LR tests of the fixed effects; 3. SDM -> SAR / SEM tests
# ==================================================================================================

ols_within_loglik <- function(d, effects) {
  y <- as.vector(within(d$y, d$N, d$T, effects))
  X <- within(d$X, d$N, d$T, effects)
  e <- y - X %*% solve(crossprod(X), crossprod(X, y))
  n <- d$N * d$T
  list(loglik = -(n / 2) * (log(2 * pi) + log(sum(e^2) / n) + 1), rss = sum(e^2))
}

effects_lr <- function(name, d, model, ll) {
  # ll: named log-likelihoods individual, time, twoways
  list(dataset = name, model = model, method = if (model == "ols") "within" else "direct",
       convention = "demean-lag",
       log_likelihood = list(individual = ll[["individual"]], time = ll[["time"]],
                             twoways = ll[["twoways"]]),
       unit = test_record(2 * (ll[["twoways"]] - ll[["time"]]), d$N - 1),
       time = test_record(2 * (ll[["twoways"]] - ll[["individual"]]), d$T - 1))
}

run_dataset <- function(name, d) {
  cat("\n==== ", name, ": N = ", d$N, ", T = ", d$T, " ====\n", sep = "")
  N <- d$N; T <- d$T
  d$eig <- eigen(d$W, only.values = TRUE)$values
  stopifnot(max(abs(rowSums(d$W) - 1)) < 1e-12)

  # --- 1. LM tests ---------------------------------------------------------------------------------
  lwbig <- mat2listw(kronecker(diag(T), d$W), row.names = seq_len(N * T), style = "W")
  pdat <- pdata.frame(d$frame, index = c("id", "time"))
  fml <- as.formula(paste("y ~", paste(d$xnames, collapse = " + ")))
  lm_recs <- list()
  for (eff in c("none", "individual", "time", "twoways")) {
    r <- panel_lm_tests(d, eff)
    # the residuals are those of plm (pooling / within)
    p <- if (eff == "none") plm(fml, data = pdat, model = "pooling") else
      plm(fml, data = pdat, model = "within", effect = eff)
    pr <- as.vector(residuals(p))
    pidx <- index(p)
    ord <- order(match(as.character(pidx[[2]]), as.character(d$years)),
                 match(as.character(pidx[[1]]), d$ids))                 # period-major, W order
    stopifnot(max(abs(pr[ord] - r$e)) < 1e-10)
    rel <- spdep_check(r, lwbig)
    cat(sprintf("LM %-10s LMerr %12.6f LMlag %12.6f RLMerr %12.6f RLMlag %12.6f SARMA %12.6f | lm.LMtests rel diff %.1e\n",
                eff, r$stats[1], r$stats[2], r$stats[3], r$stats[4], r$stats[5], rel))
    lm_recs[[length(lm_recs) + 1]] <- list(
      dataset = name, effects = eff,
      regression = if (eff == "none") "pooled OLS with intercept" else
        sprintf("OLS of the %s-demeaned y on the %s-demeaned X, no intercept", eff, eff),
      observations = N * T, sigma2 = r$sigma2, Ttr = r$Ttr, J = r$J, EWE = r$EWE, EWY = r$EWY,
      tests = setNames(lapply(names(lm_df), function(k) test_record(r$stats[[k]], lm_df[[k]])),
                       names(lm_df)),
      within_projected_variant = c(
        list(note = paste("information only, not a target: J with WXb = Q (I_T(x)W) X* b (the demean-lag",
                          "lag of the fit); equals J for none/individual")),
        as.list(r$alt)),
      checked_against = sprintf(paste("spdep %s lm.LMtests(lm(%s), mat2listw(kronecker(diag(T), W),",
                                      "style = 'W')): max relative difference %.1e"),
                                packageVersion("spdep"),
                                if (eff == "none") "y ~ X" else "y* ~ X* - 1", rel))
  }

  # --- 2. LR tests of the fixed effects --------------------------------------------------------------
  fits <- list()
  lr_recs <- list()
  for (model in c("sar", "sdm")) {
    ll <- c()
    for (eff in c("individual", "time", "twoways")) {
      fit <- fit_ml(direct_data(d, model, eff), "lag")
      fits[[paste(model, eff)]] <- fit
      ll[[eff]] <- fit$loglik
    }
    lr_recs[[length(lr_recs) + 1]] <- effects_lr(name, d, model, ll)
  }
  ll <- sapply(c(individual = "individual", time = "time", twoways = "twoways"),
               function(eff) ols_within_loglik(d, eff)$loglik)
  lr_recs[[length(lr_recs) + 1]] <- effects_lr(name, d, "ols", ll)
  for (r in lr_recs)
    cat(sprintf("LR effects %-4s unit %12.4f (df %d)  time %12.4f (df %d)\n", r$model,
                r$unit$statistic, r$unit$df, r$time$statistic, r$time$df))
  # the two-way model nests each one-way model (demean-lag: the one-way data are in the span)
  for (r in lr_recs) stopifnot(r$unit$statistic > -1e-8, r$time$statistic > -1e-8)

  # --- 3. SDM -> SAR, SDM -> SEM (two-way, direct, demean-lag) -----------------------------------
  sdm <- fits[["sdm twoways"]]
  sar <- fits[["sar twoways"]]
  sem <- fit_ml(direct_data(d, "sem", "twoways"), "error")
  k <- ncol(d$X)
  beta <- sdm$b[1:k]; theta <- sdm$b[k + 1:k]; rho <- sdm$rho
  V <- sdm$cov                                           # order (beta, theta, rho, sigma2)
  stopifnot(identical(names(sdm$b), c(d$xnames, paste0("W_", d$xnames))))
  ith <- k + 1:k; irho <- 2 * k + 1
  wald_theta <- as.numeric(t(theta) %*% solve(V[ith, ith], theta))
  g <- theta + rho * beta
  Rj <- matrix(0, k, 2 * k + 2)                          # d g / d (beta, theta, rho, sigma2)
  Rj[, 1:k] <- rho * diag(k)
  Rj[, ith] <- diag(k)
  Rj[, irho] <- beta
  wald_cf <- as.numeric(t(g) %*% solve(Rj %*% V %*% t(Rj), g))
  lr_theta <- 2 * (sdm$loglik - sar$loglik)
  lr_cf <- 2 * (sdm$loglik - sem$loglik)
  stopifnot(lr_theta > -1e-8, lr_cf > -1e-8)

  # Check of the full (unconcentrated) log-likelihood logL(beta, theta, rho, sigma2) against the fit,
  # and of the analytic information against minus its numerical Hessian on the (beta, theta) block,
  # where they agree exactly (Z'Z/s2); the rho rows are expected values (tr terms), not observed ones,
  # so the Wald with the numerical-Hessian covariance is reported for information only.
  md <- direct_data(d, "sdm", "twoways")
  full_ll <- function(par) {
    b <- par[1:(2 * k)]; r <- par[irho]; s2 <- par[irho + 1]
    e <- md$y - r * md$Wy - md$Z %*% b
    -(md$n / 2) * log(2 * pi * s2) - sum(e^2) / (2 * s2) + md$m * sum(log(Mod(1 - r * md$eig)))
  }
  p0 <- c(sdm$b, sdm$rho, sdm$s2)
  stopifnot(abs(full_ll(p0) - sdm$loglik) < 1e-8 * abs(sdm$loglik))
  h <- 1e-4 * pmax(1e-2, abs(p0))
  H <- matrix(0, length(p0), length(p0))
  for (i in seq_along(p0)) for (j in seq_along(p0)) {
    pp <- p0; pp[i] <- pp[i] + h[i]; pp[j] <- pp[j] + h[j]; fpp <- full_ll(pp)
    pm <- p0; pm[i] <- pm[i] + h[i]; pm[j] <- pm[j] - h[j]; fpm <- full_ll(pm)
    mp <- p0; mp[i] <- mp[i] - h[i]; mp[j] <- mp[j] + h[j]; fmp <- full_ll(mp)
    mm <- p0; mm[i] <- mm[i] - h[i]; mm[j] <- mm[j] - h[j]; fmm <- full_ll(mm)
    H[i, j] <- (fpp - fpm - fmp + fmm) / (4 * h[i] * h[j])
  }
  stopifnot(close_enough(-H[1:(2 * k), 1:(2 * k)], sdm$info[1:(2 * k), 1:(2 * k)], 1e-5))
  wald_cf_hess <- {
    Vh <- sym_inverse(-H)
    as.numeric(t(g) %*% solve(Rj %*% Vh %*% t(Rj), g))
  }
  cat(sprintf("SDM->SAR  LR %12.6f  Wald %12.6f (df %d)\nSDM->SEM  LR %12.6f  Wald %12.6f (df %d); Wald with the numerical-Hessian covariance %12.6f\n",
              lr_theta, wald_theta, k, lr_cf, wald_cf, k, wald_cf_hess))

  sdm_tests <- list(
    dataset = name, effects = "twoways", method = "direct", convention = "demean-lag",
    log_likelihood = list(sdm = sdm$loglik, sar = sar$loglik, sem = sem$loglik),
    sdm_rho = rho, sdm_coefficients = as.list(sdm$b), sem_lambda = sem$rho,
    common_factor_g = as.list(setNames(g, paste0("W_", d$xnames))),
    lr_theta = test_record(lr_theta, k),
    wald_theta = test_record(wald_theta, k),
    lr_common_factor = test_record(lr_cf, k),
    wald_common_factor = test_record(wald_cf, k),
    wald_common_factor_numerical_hessian = wald_cf_hess,
    notes = c("Wald: covariance = inverse of the analytic direct information matrix of (beta, theta, rho, sigma2) (panel_fe_oracle.R info_lag)",
              "wald_common_factor: delta method, g = theta + rho beta, dg/d(beta, theta, rho, sigma2) = [rho I, I, beta, 0]",
              "LR against the direct two-way SAR (theta = 0) and SEM (demean-lag filter Q (I(x)W) X_raw, nested in the SDM with theta = -rho beta)",
              "wald_common_factor_numerical_hessian: the same Wald with the inverse of minus the numerical Hessian (information only; not a target)"))
  list(lm = lm_recs, lr = lr_recs, sdm_tests = sdm_tests)
}

# ==================================================================================================
# Main
# ==================================================================================================

panels <- list(
  synthetic = read_panel("tests/fixtures/panel/synthetic.csv", "tests/fixtures/panel/synthetic_knn4.gal",
                         "id", "year", "y", c("x1", "x2")),
  cigar = read_panel("data/cigar/cigar.csv", "data/cigar/cigar_queen.gal", "state", "year", "logc",
                     c("logp", "logy")))
stopifnot(panels$synthetic$N == 40, panels$synthetic$T == 8, panels$cigar$N == 46, panels$cigar$T == 30)
results <- lapply(setNames(names(panels), names(panels)), function(nm) run_dataset(nm, panels[[nm]]))

# plm's summary of the within model: R-squared, adjusted R-squared (plm adjusts with n - 1), F.
plm_summaries <- unlist(lapply(c("synthetic", "cigar"), function(nm) {
  f <- if (nm == "cigar") logc ~ logp + logy else y ~ x1 + x2
  file <- if (nm == "cigar") "data/cigar/cigar.csv" else "tests/fixtures/panel/synthetic.csv"
  index <- if (nm == "cigar") c("state", "year") else c("id", "year")
  lapply(c("individual", "time", "twoways"), function(e) {
    s <- summary(plm::plm(f, data = read.csv(file), index = index, model = "within", effect = e))
    list(dataset = nm, effects = e, r_squared = unname(s$r.squared["rsq"]),
         adj_r_squared = unname(s$r.squared["adjrsq"]), f_statistic = unname(s$fstatistic$statistic),
         f_df = unname(s$fstatistic$parameter))
  })
}), recursive = FALSE)

out <- list(
  generated_by = "tests/reference/panel_tests_oracle.R",
  spec = paste("Panel specification tests of issue 14: LM tests on within / pooled residuals (Elhorst's",
               "LMsarsem_panel; demean-lag e'Q(I(x)W)y_raw), LR tests of the fixed effects (direct,",
               "demean-lag), SDM -> SAR / SEM LR and Wald tests (two-way, direct, demean-lag)"),
  source = list(R = R.version.string, spdep = as.character(packageVersion("spdep")),
                plm = as.character(packageVersion("plm")),
                jsonlite = as.character(packageVersion("jsonlite")),
                helpers = "function definitions of tests/reference/panel_fe_oracle.R"),
  datasets = list(
    synthetic = list(N = 40L, T = 8L, data = "tests/fixtures/panel/synthetic.csv",
                     weights = "tests/fixtures/panel/synthetic_knn4.gal", formula = "y ~ x1 + x2",
                     id = "id", time = "year"),
    cigar = list(N = 46L, T = 30L, data = "data/cigar/cigar.csv", weights = "data/cigar/cigar_queen.gal",
                 formula = "logc ~ logp + logy", id = "state", time = "year")),
  notes = c(
    "W row-standardised; rows period-major in the GAL order; n = NT",
    "lm_tests: sigma2 = e'e/(NT); Ttr = T tr(W'W + WW); J = (WXb' M WXb + Ttr sigma2)/sigma2 with WXb = (I_T(x)W) X* b and M = I - X*(X*'X*)^{-1}X*'; EWE = e'(I_T(x)W)e; EWY = e'Q(I_T(x)W)y_raw",
    "lm_tests effects 'none': pooled OLS with an intercept (X* = [1, X], Q = I)",
    "effects_lr: unit = 2(logL_twoways - logL_time), df N-1; time = 2(logL_twoways - logL_individual), df T-1; direct log-likelihoods with NT terms and T ln|I - rho W|; ols: -NT/2 (ln 2pi + ln(e'e/NT) + 1)",
    "sdm_tests: Cigar, two-way, direct, demean-lag; df = number of X columns (2)"),
  lm_tests = c(results$synthetic$lm, results$cigar$lm),
  effects_lr = c(results$synthetic$lr, results$cigar$lr),
  sdm_tests = results$cigar$sdm_tests,
  sdm_tests_synthetic = results$synthetic$sdm_tests,
  plm_within = plm_summaries)

target <- "tests/fixtures/panel/tests_reference.json"
source("tests/reference/exact_json.R")
write_exact_json(out, target)
back <- fromJSON(target, simplifyVector = FALSE)
stopifnot(identical(back$lm_tests[[1]]$sigma2, out$lm_tests[[1]]$sigma2),
          identical(back$sdm_tests$wald_common_factor$statistic, out$sdm_tests$wald_common_factor$statistic))
cat(sprintf("\nwrote %s: %d LM records, %d LR records; %.1f s\n", target, length(out$lm_tests),
            length(out$effects_lr), (proc.time() - started)[["elapsed"]]))
