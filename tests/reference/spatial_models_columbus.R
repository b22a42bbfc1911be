# Reference values for the cross-section spatial models (SAR, SDM, SEM, SDEM, SLX, SAC) on the
# bundled Columbus data, from R's spatialreg.
# Run from the repository root:  Rscript tests/reference/spatial_models_columbus.R
# Writes tests/fixtures/spatial_models_columbus.json and tests/fixtures/columbus_knn4.gal (committed).
# Doubles are written with up to 17 significant digits, so they read back as the same doubles.
# Run with R 4.2.2, spatialreg 1.2-6, spdep 1.2-7, jsonlite 1.8.4 (Debian packages); the versions
# actually used are also written to the fixture's "source".
#
# Conventions:
# - Model: CRIME ~ INC + HOVAL on data/columbus/columbus.csv (49 rows, POLYID = 1..49 in row order).
# - Weights, both row-standardised (style "W"):
#     col  = data/columbus/COL.gal (Anselin's COL.nb, 232 links), read with read.gal(region.id = POLYID);
#     knn4 = knn2nb(knearneigh(cbind(X, Y), k = 4), row.names = POLYID), asymmetric; written to
#            tests/fixtures/columbus_knn4.gal (write.nb.gal, ids = POLYID) and checked on reading back.
# - Every ML fit uses method = "eigen". The one-dimensional searches (lagsarlm, errorsarlm, optimize)
#   get control = list(tol.opt = .Machine$double.eps^0.9); optimize still stops at about
#   sqrt(.Machine$double.eps) * |rho|. sacsarlm (nlminb) gets opt_control = list(x.tol = 1e-14): adding
#   rel.tol = 1e-14 returns the same iterate bit for bit but reports "singular convergence".
#   "default_tolerance" repeats the col SAR with spatialreg's default tolerance.
# - "optimum_check" re-evaluates each concentrated log-likelihood here (eigenvalues of W, not
#   spatialreg's code), fits a local cubic around R's estimate and reports the estimated distance from
#   R's estimate to the true maximiser (offset = maximiser - estimate): this is R's own optimiser noise.
# - names: R's "(Intercept)", "INC", "HOVAL" are kept; spatialreg's lagged regressors "lag.INC",
#   "lag.HOVAL" become "W_INC", "W_HOVAL". R's own names are in r_names.
# - std_error is spatialreg's rest.se, the "Std. Error" column of summary() (without adj.se);
#   z and p_value are that table's columns (normal p-values). For slx (an lm fit) std_error, t and
#   p_value are summary.lm's, and sigma2 is summary.lm's sigma^2 (denominator n - k), while
#   log_likelihood/aic/bic are logLik.lm's (ML variance, denominator n; df = k + 1).
# - fitted/residuals are spatialreg's: residuals are the innovations e (for sem/sdem/sac the filtered
#   (I - lambda W)(...) residuals) and fitted = y - e, e.g. X b + lambda W (y - X b) for sem.
#   pseudo_r2 = cor(y, fitted)^2 with these fitted values.
suppressMessages({
  library(spdep)
  library(spatialreg)
  library(jsonlite)
})

columbus <- read.csv("data/columbus/columbus.csv")
stopifnot(nrow(columbus) == 49, identical(columbus$POLYID, 1:49))
ids <- as.character(columbus$POLYID)

# --- Weights --------------------------------------------------------------------------------------
col_nb <- read.gal("data/columbus/COL.gal", region.id = ids)
knn_nb <- knn2nb(knearneigh(cbind(columbus$X, columbus$Y), k = 4), row.names = ids)
gal_knn <- "tests/fixtures/columbus_knn4.gal"
write.nb.gal(knn_nb, gal_knn, oldstyle = FALSE, shpfile = "columbus", ind = "POLYID")
knn_back <- read.gal(gal_knn, region.id = ids)
same_nb <- all.equal(lapply(knn_back, as.integer), lapply(knn_nb, as.integer), check.attributes = FALSE)
stopifnot(isTRUE(same_nb), identical(attr(knn_back, "region.id"), attr(knn_nb, "region.id")))
weights <- list(col = nb2listw(col_nb, style = "W"), knn4 = nb2listw(knn_back, style = "W"))
weights_info <- list(
  col = list(file = "data/columbus/COL.gal", style = "W", links = sum(card(col_nb)), symmetric = is.symmetric.nb(col_nb)),
  knn4 = list(file = gal_knn, k = 4, coords = c("X", "Y"), style = "W", links = sum(card(knn_nb)),
              symmetric = is.symmetric.nb(knn_nb, force = TRUE)))

# --- Calls (tests/reference/columbus_calls.R: tight, calls, fit_call) ----------------------------
source("tests/reference/columbus_calls.R")
default_call <- "lagsarlm(CRIME ~ INC + HOVAL, data = columbus, listw = lw, method = \"eigen\")"

our_names <- function(r) sub("^lag\\.", "W_", r)
htest <- function(h) if (is.null(h)) NULL else
  list(statistic = as.numeric(h$statistic), df = as.numeric(h$parameter), p_value = as.numeric(h$p.value))

# Concentrated log-likelihood, written from the model definitions (not spatialreg's code):
# y* = (I - lambda W)(I - rho W) y, X* = (I - lambda W) X, sigma^2 = SSE / n;
# LL = -n/2 (log(2 pi) + 1 + log(SSE / n)) + log|I - rho W| + log|I - lambda W|, log-dets from eigenvalues.
conc_ll <- function(rho, lambda, y, X, W, ev) {
  n <- length(y)
  ys <- y - rho * W %*% y
  ys <- ys - lambda * W %*% ys
  Xs <- X - lambda * W %*% X
  sse <- sum(qr.resid(qr(Xs), ys)^2)
  -n / 2 * (log(2 * pi) + 1 + log(sse / n)) + sum(log(Mod(1 - rho * ev))) + sum(log(Mod(1 - lambda * ev)))
}
source("tests/reference/optimum_offset.R")

describe_sarlm <- function(label, wname, text, fit) {
  lw <- weights[[wname]]
  s <- summary(fit)
  ct <- s$Coef
  ll <- logLik(fit)
  y <- fit$y
  fv <- unname(as.numeric(fitted(fit)))
  has_rho <- !is.null(fit$rho)
  has_lambda <- fit$type %in% c("error", "sac", "sacmixed")
  W <- listw2mat(lw)
  ev <- eigen(W, only.values = TRUE)$values
  rho0 <- if (has_rho) unname(fit$rho) else 0
  lambda0 <- if (has_lambda) unname(fit$lambda) else 0
  ll_here <- conc_ll(rho0, lambda0, y, fit$X, W, ev)
  check <- list(ll_here_minus_r = ll_here - fit$LL[1])
  if (has_rho && has_lambda) {
    off <- optimum_offset(function(r, l) conc_ll(r, l, y, fit$X, W, ev), c(rho0, lambda0))
    check$rho_offset <- off[1]
    check$lambda_offset <- off[2]
  } else if (has_rho) {
    check$rho_offset <- optimum_offset(function(r) conc_ll(r, 0, y, fit$X, W, ev), rho0)
  } else {
    check$lambda_offset <- optimum_offset(function(l) conc_ll(0, l, y, fit$X, W, ev), lambda0)
  }
  out <- list(
    label = label, weights = wname, model = fit$type, r_call = text, n = length(y),
    names = our_names(rownames(ct)), r_names = rownames(ct),
    estimate = unname(ct[, 1]), std_error = unname(ct[, 2]), z = unname(ct[, 3]), p_value = unname(ct[, 4]),
    se_kind = s$coeftitle)
  if (has_rho) {
    out$rho <- unname(fit$rho)
    out$rho_se <- fit$rho.se
  }
  if (has_lambda) {
    out$lambda <- unname(fit$lambda)
    out$lambda_se <- fit$lambda.se
  }
  out <- c(out, list(
    sigma2 = fit$s2,
    log_likelihood = as.numeric(ll), aic = AIC(fit), bic = BIC(fit), parameters = attr(ll, "df"),
    lr_test = c(htest(s$LR1), list(base_log_likelihood = as.numeric(fit$logLik_lm.model),
                                   base_parameters = attr(fit$logLik_lm.model, "df")))))
  if (!is.null(s$Wald1)) {
    out$wald_test <- c(htest(s$Wald1), list(of = if (fit$type %in% c("lag", "mixed")) "rho" else "lambda"))
  }
  if (!is.null(fit$LMtest)) {
    out$lm_residual_test <- list(statistic = drop(fit$LMtest), df = 1,
                                 p_value = 1 - pchisq(drop(fit$LMtest), 1))
  }
  if (is.null(fit$interval)) {
    out$interval <- fit$interval1
    out$interval_lambda <- fit$interval2
  } else {
    out$interval <- fit$interval
  }
  if (!is.null(fit$opt$message)) out$optimizer_message <- fit$opt$message
  out$optimum_check <- check
  c(out, list(fitted = fv, residuals = unname(as.numeric(residuals(fit))), pseudo_r2 = cor(y, fv)^2))
}

describe_slx <- function(label, wname, text, fit) {
  s <- summary(fit)
  ct <- coef(s)
  ll <- logLik(fit)
  y <- model.response(model.frame(fit))
  fv <- unname(fitted(fit))
  list(
    label = label, weights = wname, model = "slx", r_call = text, n = nobs(fit),
    names = our_names(rownames(ct)), r_names = rownames(ct),
    estimate = unname(ct[, 1]), std_error = unname(ct[, 2]), t = unname(ct[, 3]), p_value = unname(ct[, 4]),
    df_residual = fit$df.residual,
    sigma2 = s$sigma^2, sigma2_ml = deviance(fit) / nobs(fit),
    log_likelihood = as.numeric(ll), aic = AIC(fit), bic = BIC(fit), parameters = attr(ll, "df"),
    fitted = fv, residuals = unname(residuals(fit)), pseudo_r2 = cor(y, fv)^2)
}

# --- Fits ------------------------------------------------------------------------------------------
cases <- list()
fits <- list()
for (wname in names(weights)) {
  fits[[wname]] <- list()
  for (label in names(calls)) {
    fit <- suppressMessages(fit_call(calls[[label]], weights[[wname]]))
    fits[[wname]][[label]] <- fit
    cases[[length(cases) + 1]] <- suppressMessages(
      if (label == "slx") describe_slx(label, wname, calls[[label]], fit)
      else describe_sarlm(label, wname, calls[[label]], fit))
  }
}

spec_tests <- lapply(fits, function(f) list(
  lr_sdm_sar = htest(LR.Sarlm(f$sdm, f$sar)),
  lr_sdm_sem = htest(LR.Sarlm(f$sdm, f$sem)),
  lr_sdem_sem = htest(LR.Sarlm(f$sdem, f$sem))))

ols <- lm(CRIME ~ INC + HOVAL, data = columbus)
ols_ll <- logLik(ols)

default_fit <- suppressMessages(fit_call(default_call, weights$col))
default_case <- suppressMessages(describe_sarlm("sar_default_tol", "col", default_call, default_fit))
default_case$rho_minus_tight_rho <- unname(default_fit$rho - fits$col$sar$rho)
default_case$log_likelihood_minus_tight <- default_fit$LL[1] - fits$col$sar$LL[1]

# Sanity: sem's summary SEs are rest.se = lm SE * sqrt((n - p) / n), i.e. the beta block of the
# inverse information matrix (block-diagonal for the error model).
for (wname in names(fits)) {
  e <- fits[[wname]]$sem
  stopifnot(isTRUE(all.equal(unname(e$rest.se), unname(sqrt(diag(e$resvar))[-(1:2)]))))
}

out <- list(
  source = paste0("R ", getRversion(), ", spatialreg ", packageVersion("spatialreg"), ", spdep ",
                  packageVersion("spdep"), ", jsonlite ", packageVersion("jsonlite")),
  data = "data/columbus/columbus.csv",
  formula = "CRIME ~ INC + HOVAL",
  method = "eigen",
  weights = weights_info,
  ols = list(r_call = "lm(CRIME ~ INC + HOVAL, data = columbus)", log_likelihood = as.numeric(ols_ll),
             parameters = attr(ols_ll, "df"), aic = AIC(ols), bic = BIC(ols)),
  cases = cases,
  specification_tests = spec_tests,
  default_tolerance = default_case)
source("tests/reference/exact_json.R")
write_exact_json(out, "tests/fixtures/spatial_models_columbus.json")
back <- fromJSON("tests/fixtures/spatial_models_columbus.json", simplifyVector = FALSE)
stopifnot(identical(back$cases[[1]]$rho, unname(fits$col$sar$rho)),
          identical(unlist(back$cases[[1]]$fitted), unname(as.numeric(fitted(fits$col$sar)))))

# --- Summary on the console ------------------------------------------------------------------------
num <- function(x) if (is.null(x)) NA_real_ else x
tab <- do.call(rbind, lapply(cases, function(k) data.frame(
  weights = k$weights, label = k$label, rho = num(k$rho), lambda = num(k$lambda),
  logLik = k$log_likelihood, k = k$parameters,
  rho_off = num(k$optimum_check$rho_offset), lambda_off = num(k$optimum_check$lambda_offset))))
print(tab, digits = 8, row.names = FALSE)
cat("OLS logLik", as.numeric(ols_ll), "\n")
cat("col SAR rho: tight", format(fits$col$sar$rho, digits = 17), "default", format(default_fit$rho, digits = 17),
    "difference", format(default_case$rho_minus_tight_rho, digits = 3), "\n")
