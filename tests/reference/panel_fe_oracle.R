# Independent reference ("oracle") for the spatial-panel fixed-effects estimators (spillover issue 14).
# Run from the repository root:  Rscript tests/reference/panel_fe_oracle.R
# Reads  tests/fixtures/panel/synthetic.csv + synthetic_knn4.gal (tests/reference/make_panel_synthetic.R)
#        data/cigar/cigar.csv + data/cigar/cigar_queen.gal
# Writes tests/fixtures/panel/fe_reference.json (committed).
#
# Everything here is written from the formulas of the spec (docs: "Panel fixed-effects conventions",
# the issue-14 spec), with dense matrices and explicit Kronecker products; no estimator code of another
# package is used. Packages are used only (a) to read/write, (b) as independent cross-checks:
# plm::plm(model = "within") for the non-spatial FE and spatialreg::lagsarlm for the individual-effects
# SAR/SDM on the demeaned data with the block-diagonal W.
# References: Elhorst JP (2014) Spatial Econometrics: From Cross-Sectional Data to Spatial Panels, ch. 3
#             (demeaning, concentrated likelihood, information matrix, recovered fixed effects);
#             Lee L-f, Yu J (2010) Estimation of spatial autoregressive panel data models with fixed
#             effects, J. Econometrics 154: 165-185 (transformation approach, bias correction).
#
# Conventions (from the spec):
# - rows stacked PERIOD-MAJOR: row (t-1)*N + i is unit i (in the GAL file's order) in period t;
# - W row-standardised (each row divided by its sum), the same every period; (I_T (x) W) = per-period lag;
# - no intercept with fixed effects; SDM/SDEM regressors [X, WX], lag columns named "W_<x>";
# - rho (lambda) maximises the concentrated log-likelihood: optimize(tol = 1e-12) over
#   (1/min Re eig, 1/max Re eig) of W (of W* for the Lee-Yu time/twoways transformation), then refined
#   by a root of the analytic derivative (uniroot, tol 1e-15), so rho is accurate to ~1e-12;
# - log-determinants from eigenvalues: ln|I - rho W| = sum ln|1 - rho lambda_i|;
# - standard errors = sqrt(diag(inverse information matrix)), order (beta, rho, sigma2).
suppressMessages({
  library(spdep)
  library(spatialreg)
  library(plm)
  library(jsonlite)
})
started <- proc.time()

# ==================================================================================================
# Data
# ==================================================================================================

source("tests/reference/gal_matrix.R")                  # read_gal_matrix

# Balanced panel, period-major, units in W's order.
read_panel <- function(csv, gal, id, time, yname, xnames) {
  df <- read.csv(csv, stringsAsFactors = FALSE)
  B <- read_gal_matrix(gal)
  stopifnot(all(rowSums(B) > 0))
  W <- B / rowSums(B)                                    # row-standardised (spdep style "W")
  ids <- rownames(B)
  years <- sort(unique(df[[time]]))
  N <- length(ids); T <- length(years)
  key <- paste(df[[id]], df[[time]], sep = "\r")
  stopifnot(nrow(df) == N * T, !anyDuplicated(key), all(as.character(df[[id]]) %in% ids))
  rows <- match(paste(rep(ids, T), rep(years, each = N), sep = "\r"), key)   # period-major
  stopifnot(!anyNA(rows))
  df <- df[rows, ]
  X <- as.matrix(df[, xnames, drop = FALSE])
  list(N = N, T = T, ids = ids, years = years, W = W, y = df[[yname]], X = X, yname = yname,
       xnames = xnames, frame = data.frame(id = as.character(df[[id]]), time = df[[time]],
                                           y = df[[yname]], X, check.names = FALSE))
}

# ==================================================================================================
# Transformations
# ==================================================================================================

# Within transformation (spec; Elhorst 2014, ch. 3, demeaning for spatial/time fixed effects):
#   individual x_it - xbar_i. ; time x_it - xbar_.t ; twoways x_it - xbar_i. - xbar_.t + xbar_..
within <- function(x, N, T, effects) {
  x <- as.matrix(x)
  out <- x
  for (j in seq_len(ncol(x))) {
    M <- matrix(x[, j], N, T)                 # column t = period t (period-major stacking)
    unit_mean <- rowMeans(M)
    time_mean <- colMeans(M)
    R <- switch(effects,
                individual = M - unit_mean,
                time = sweep(M, 2, time_mean),
                twoways = sweep(M - unit_mean, 2, time_mean) + mean(M))
    out[, j] <- as.vector(R)
  }
  out
}

# The same operator as a matrix: Q = (I_T - J_T/T) (x) I_N, I_T (x) (I_N - J_N/N), or both.
centering <- function(n) diag(n) - matrix(1 / n, n, n)
within_matrix <- function(N, T, effects)
  switch(effects,
         individual = kronecker(centering(T), diag(N)),
         time = kronecker(diag(T), centering(N)),
         twoways = kronecker(centering(T), centering(N)))

# Orthonormal basis F_n (n x (n-1)) of the complement of 1_n: eigenvectors of I - J/n for eigenvalue 1
# (Lee & Yu 2010, the orthonormal F_{T,T-1}: F F' = I - J/T, F' 1 = 0, F' F = I).
orthonormal_complement <- function(n) {
  e <- eigen(centering(n), symmetric = TRUE)
  F <- e$vectors[, e$values > 0.5, drop = FALSE]
  stopifnot(ncol(F) == n - 1,
            max(abs(crossprod(F) - diag(n - 1))) < 1e-12,
            max(abs(tcrossprod(F) - centering(n))) < 1e-12,
            max(abs(crossprod(F, rep(1, n)))) < 1e-12)
  F
}

panel_lag <- function(x, W, T) kronecker(diag(T), W) %*% as.matrix(x)    # (I_T (x) W) x

# Raw regressors: X, or [X, (I_T (x) W) X] for the Durbin models.
raw_regressors <- function(d, model) {
  if (model %in% c("sdm", "sdem")) {
    WX <- panel_lag(d$X, d$W, d$T)
    colnames(WX) <- paste0("W_", colnames(d$X))
    cbind(d$X, WX)
  } else d$X
}

logdet <- function(rho, eig) sum(log(Mod(1 - rho * eig)))       # ln|I - rho W| from eigenvalues

# Estimation data of the DIRECT approach (spec "Direct approach"; Elhorst 2014, ch. 3.3):
#   y* = Q y, Z* = Q Z_raw (Durbin columns Q (I(x)W) X_raw in both conventions);
#   demean-lag:   Wy* = Q (I(x)W) y_raw,   filter WZ* = Q (I(x)W) Z_raw;
#   lag-demeaned: Wy* = (I(x)W) (Q y_raw), filter WZ* = (I(x)W) Z*.
#   n = NT, Jacobian multiplier m = T, eigenvalues of W.
direct_data <- function(d, model, effects, convention = "demean-lag") {
  Zraw <- raw_regressors(d, model)
  Q <- function(v) within(v, d$N, d$T, effects)
  y <- Q(d$y)
  Z <- Q(Zraw)
  if (convention == "demean-lag") {
    Wy <- Q(panel_lag(d$y, d$W, d$T))
    WZ <- Q(panel_lag(Zraw, d$W, d$T))
  } else {
    Wy <- panel_lag(y, d$W, d$T)
    WZ <- panel_lag(Z, d$W, d$T)
  }
  colnames(WZ) <- colnames(Z)
  list(y = as.vector(y), Z = Z, Wy = as.vector(Wy), WZ = WZ, Weff = d$W, m = d$T, n = d$N * d$T,
       eig = d$eig)
}

# Estimation data of the Lee-Yu TRANSFORMATION approach (Lee & Yu 2010, transformation approach), built
# explicitly: P = F_T' (x) I_N (individual), I_T (x) F_N' (time), F_T' (x) F_N' (twoways);
# y~ = P y_raw, Z~ = P Z_raw; W_eff = W (individual) or W* = F_N' W F_N; Wy~ = (I_m (x) W_eff) y~.
#   n = N(T-1), (N-1)T, (N-1)(T-1); m = T-1, T, T-1; Jacobian m ln|I - rho W_eff|.
leeyu_data <- function(d, model, effects) {
  N <- d$N; T <- d$T
  Zraw <- raw_regressors(d, model)
  F_T <- orthonormal_complement(T)
  F_N <- orthonormal_complement(N)
  P <- switch(effects,
              individual = kronecker(t(F_T), diag(N)),
              time = kronecker(diag(T), t(F_N)),
              twoways = kronecker(t(F_T), t(F_N)))
  Weff <- if (effects == "individual") d$W else crossprod(F_N, d$W %*% F_N)
  m <- if (effects == "time") T else T - 1
  y <- as.vector(P %*% d$y)
  Z <- P %*% Zraw
  colnames(Z) <- colnames(Zraw)
  Wy <- as.vector(panel_lag(y, Weff, m))
  WZ <- panel_lag(Z, Weff, m)
  colnames(WZ) <- colnames(Z)
  # The transformed model is the lag model in W_eff only because W is row-standardised (W 1 = 1):
  # F_N' W = W* F_N'. Check that the lag of the transformed data is the transformed lag.
  stopifnot(max(abs(Wy - P %*% panel_lag(d$y, d$W, T))) < 1e-10 * max(1, abs(Wy)),
            max(abs(WZ - P %*% panel_lag(Zraw, d$W, T))) < 1e-10 * max(1, abs(WZ)))
  eig <- eigen(Weff, only.values = TRUE)$values
  list(y = y, Z = Z, Wy = Wy, WZ = WZ, Weff = Weff, m = m, n = nrow(Z), eig = eig, P = P)
}

# ==================================================================================================
# Likelihoods (concentrated in beta and sigma2) and their rho-derivatives
# ==================================================================================================

# Lag model (SAR/SDM): beta(rho) = OLS of (y - rho Wy) on Z; e(rho); sigma2 = e'e/n
#   logL(rho) = -(n/2)(ln 2pi + ln(e'e/n) + 1) + m ln|I - rho W_eff|   (Elhorst 2014, ch. 3,
#   concentrated log-likelihood; Lee & Yu 2010 for the transformed likelihoods).
lag_residuals <- function(rho, md) {
  v <- md$y - rho * md$Wy
  b <- qr.coef(md$qr, v)
  list(b = b, e = as.vector(v - md$Z %*% b))
}
concentrated_loglik <- function(ee, n, m, rho, eig)
  -(n / 2) * (log(2 * pi) + log(ee / n) + 1) + m * logdet(rho, eig)
loglik_direct <- function(rho, md) {           # used for direct and (with the transformed md) Lee-Yu
  r <- lag_residuals(rho, md)
  concentrated_loglik(sum(r$e^2), md$n, md$m, rho, md$eig)
}
loglik_leeyu <- loglik_direct                  # same formula; md carries n, m, W* of the transformation
# d logL / d rho (envelope theorem: d(e'e)/d rho = -2 e'Wy at beta(rho)).
dloglik_lag <- function(rho, md) {
  r <- lag_residuals(rho, md)
  md$n * sum(r$e * md$Wy) / sum(r$e^2) - md$m * sum(Re(md$eig / (1 - rho * md$eig)))
}

# Error model (SEM/SDEM): y_l = y - lambda Wy, Z_l = Z - lambda WZ; beta(lambda) = OLS(y_l on Z_l);
#   logL(lambda) = -(n/2)(ln 2pi + ln(e'e/n) + 1) + m ln|I - lambda W_eff|   (Elhorst 2014, ch. 3).
err_residuals <- function(lam, md) {
  v <- md$y - lam * md$Wy
  Zl <- md$Z - lam * md$WZ
  b <- qr.coef(qr(Zl), v)
  list(b = b, e = as.vector(v - Zl %*% b), Zl = Zl)
}
loglik_error <- function(lam, md) {
  r <- err_residuals(lam, md)
  concentrated_loglik(sum(r$e^2), md$n, md$m, lam, md$eig)
}
# d logL / d lambda (envelope theorem: d(e'e)/d lambda = -2 e'(Wy - WZ beta)).
dloglik_error <- function(lam, md) {
  r <- err_residuals(lam, md)
  md$n * sum(r$e * (md$Wy - md$WZ %*% r$b)) / sum(r$e^2) -
    md$m * sum(Re(md$eig / (1 - lam * md$eig)))
}

# optimize(tol = 1e-12) over (1/min Re eig, 1/max Re eig), then the root of the analytic derivative.
maximise <- function(f, df, md) {
  bounds <- 1 / range(Re(md$eig))
  opt <- optimize(f, bounds, md = md, maximum = TRUE, tol = 1e-12)
  r0 <- opt$maximum
  h <- 1e-7
  while (sign(df(r0 - h, md)) == sign(df(r0 + h, md))) {
    h <- 4 * h
    if (h > 1e-2) stop("no sign change of the derivative near the optimize() maximum")
  }
  r <- uniroot(df, c(r0 - h, r0 + h), md = md, tol = 1e-15, maxiter = 1000)$root
  stopifnot(f(r, md) >= opt$objective - 1e-10)
  # remaining distance to the maximiser, estimated by a Newton step (second derivative by differences)
  d2 <- (df(r + 1e-4, md) - df(r - 1e-4, md)) / 2e-4
  list(par = r, optimize_par = r0, newton_step = df(r, md) / d2)
}

# ==================================================================================================
# Information matrices, order (beta, rho, sigma2)
# ==================================================================================================

# Lag model (Elhorst 2014, ch. 3; sar_panel_FE's analytic information; Lee & Yu 2010
# for the transformed model with G* = W*(I - rho W*)^{-1}):
#   I_bb = Z'Z/s2; I_brho = Z'(I_m(x)G)Z b/s2; I_rhorho = ||(I_m(x)G)Z b||^2/s2 + m(tr(GG) + tr(G'G));
#   I_rho,s2 = m tr(G)/s2; I_s2s2 = n/(2 s2^2).
info_lag <- function(b, rho, s2, md) {
  Nw <- nrow(md$Weff)
  G <- md$Weff %*% solve(diag(Nw) - rho * md$Weff)
  periods <- nrow(md$Z) / Nw                    # = m, except in the T -> T-1 check below
  GZb <- as.vector(kronecker(diag(periods), G) %*% (md$Z %*% b))
  k <- length(b)
  I <- matrix(0, k + 2, k + 2)
  I[1:k, 1:k] <- crossprod(md$Z) / s2
  I[1:k, k + 1] <- I[k + 1, 1:k] <- crossprod(md$Z, GZb) / s2
  I[k + 1, k + 1] <- sum(GZb^2) / s2 + md$m * (sum(diag(G %*% G)) + sum(G * G))
  I[k + 1, k + 2] <- I[k + 2, k + 1] <- md$m * sum(diag(G)) / s2
  I[k + 2, k + 2] <- md$n / (2 * s2^2)
  I
}
# Error model (Elhorst 2014, ch. 3; sem_panel_FE): Z_l = Z - lambda WZ; I_bb = Z_l'Z_l/s2;
#   I_b,lambda = 0; I_ll = m(tr(GG) + tr(G'G)); I_l,s2 = m tr(G)/s2; I_s2s2 = n/(2 s2^2).
info_error <- function(b, lam, s2, md) {
  Nw <- nrow(md$Weff)
  G <- md$Weff %*% solve(diag(Nw) - lam * md$Weff)
  Zl <- md$Z - lam * md$WZ
  k <- length(b)
  I <- matrix(0, k + 2, k + 2)
  I[1:k, 1:k] <- crossprod(Zl) / s2
  I[k + 1, k + 1] <- md$m * (sum(diag(G %*% G)) + sum(G * G))
  I[k + 1, k + 2] <- I[k + 2, k + 1] <- md$m * sum(diag(G)) / s2
  I[k + 2, k + 2] <- md$n / (2 * s2^2)
  I
}

# ==================================================================================================
# Fits
# ==================================================================================================

sym_inverse <- function(A) { S <- solve(A); (S + t(S)) / 2 }   # covariance, symmetric to the last bit

fit_ml <- function(md, type) {
  md$qr <- qr(md$Z)
  if (type == "lag") {
    opt <- maximise(loglik_direct, dloglik_lag, md)
    r <- lag_residuals(opt$par, md)
    ll <- loglik_direct(opt$par, md)
  } else {
    opt <- maximise(loglik_error, dloglik_error, md)
    r <- err_residuals(opt$par, md)
    ll <- loglik_error(opt$par, md)
  }
  b <- setNames(as.vector(r$b), colnames(md$Z))
  s2 <- sum(r$e^2) / md$n
  info <- if (type == "lag") info_lag(b, opt$par, s2, md) else info_error(b, opt$par, s2, md)
  list(type = type, b = b, rho = opt$par, s2 = s2, loglik = ll, info = info, cov = sym_inverse(info),
       n = md$n, m = md$m, optimize_rho = opt$optimize_par, newton_step = opt$newton_step)
}

# Bias correction (spec; Elhorst's sar_panel_FE / sem_panel_FE with info.bc = 1; Lee & Yu 2010,
# bias-corrected direct estimator): from the DIRECT fit theta = (beta, rho, s2), information I (n = NT):
#   individual: s2 T/(T-1); time: s2 N/(N-1); twoways: theta + (I/n)^{-1} (0_k, 1/(1-rho), 1/(2 s2))'/N,
#   then s2 -> T/(T-1) s2. The information is recomputed at the corrected values in the direct form.
#   The log-likelihood reported is the direct maximum (uncorrected).
fit_bias_corrected <- function(direct, md, effects, N, T) {
  k <- length(direct$b)
  b <- direct$b; rho <- direct$rho; s2 <- direct$s2
  if (effects == "individual") {
    s2 <- T / (T - 1) * s2
  } else if (effects == "time") {
    s2 <- N / (N - 1) * s2
  } else {
    theta <- c(b, rho, s2) + solve(direct$info / md$n, c(rep(0, k), 1 / (1 - rho), 1 / (2 * s2))) / N
    b <- setNames(theta[1:k], names(direct$b))
    rho <- theta[k + 1]
    s2 <- T / (T - 1) * theta[k + 2]
  }
  info <- if (direct$type == "lag") info_lag(b, rho, s2, md) else info_error(b, rho, s2, md)
  list(type = direct$type, b = b, rho = rho, s2 = s2, loglik = direct$loglik, info = info,
       cov = sym_inverse(info), n = md$n, m = md$m)
}

# Non-spatial fixed effects (spec "ols"; = plm within): beta = OLS(y* on X*), sigma2 = e'e/df,
#   df = NT - N - k, NT - T - k, NT - N - T + 1 - k; cov = sigma2 (X*'X*)^{-1}.
ols_fe <- function(d, effects) {
  y <- as.vector(within(d$y, d$N, d$T, effects))
  X <- within(d$X, d$N, d$T, effects)
  k <- ncol(X); NT <- d$N * d$T
  b <- as.vector(solve(crossprod(X), crossprod(X, y)))
  e <- y - X %*% b
  df <- switch(effects, individual = NT - d$N - k, time = NT - d$T - k,
               twoways = NT - d$N - d$T + 1 - k)
  s2 <- sum(e^2) / df
  cov <- s2 * solve(crossprod(X))
  list(b = setNames(b, colnames(X)), se = setNames(sqrt(diag(cov)), colnames(X)), s2 = s2, df = df,
       t = b / sqrt(diag(cov)), rss = sum(e^2))
}

# ==================================================================================================
# Output records
# ==================================================================================================

case_record <- function(dataset, model, effects, method, convention, fit, d, note = NULL) {
  k <- length(fit$b)
  se <- sqrt(diag(fit$cov))
  par_name <- if (fit$type == "lag") "rho" else "lambda"
  rec <- list(dataset = dataset, model = model, effects = effects, method = method,
              convention = convention)
  rec[[par_name]] <- fit$rho
  rec$sigma2 <- fit$s2
  rec$log_likelihood <- fit$loglik
  rec$observations <- d$N * d$T
  rec$likelihood_n <- fit$n
  rec$jacobian_periods <- fit$m
  rec$coefficients <- setNames(lapply(seq_len(k), function(j)
    list(estimate = unname(fit$b[j]), std_error = unname(se[j]))), names(fit$b))
  rec[[paste0(par_name, "_std_error")]] <- unname(se[k + 1])
  rec$sigma2_std_error <- unname(se[k + 2])
  rec$covariance_order <- c(names(fit$b), par_name, "sigma2")
  rec$covariance <- lapply(seq_len(nrow(fit$cov)), function(i) unname(fit$cov[i, ]))   # rows
  if (!is.null(note)) rec$note <- note
  rec
}

close_enough <- function(a, b, tol) max(abs(a - b) / pmax(1, abs(b))) < tol

# ==================================================================================================
# One data set
# ==================================================================================================

run_dataset <- function(name, d) {
  cat("\n==== ", name, ": N = ", d$N, ", T = ", d$T, " ====\n", sep = "")
  d$eig <- eigen(d$W, only.values = TRUE)$values
  N <- d$N; T <- d$T
  effects_all <- c("individual", "time", "twoways")
  cases <- list()
  fits <- list()
  add <- function(rec) cases[[length(cases) + 1]] <<- rec

  # The explicit demeaning equals the Kronecker form of Q.
  for (eff in effects_all)
    stopifnot(max(abs(within(cbind(d$y, d$X), N, T, eff) -
                        within_matrix(N, T, eff) %*% cbind(d$y, d$X))) < 1e-10)

  # Lee-Yu Jacobian identity for row-standardised W: ln|I - rho W*| = ln|I - rho W| - ln(1 - rho).
  eig_star <- eigen(crossprod(orthonormal_complement(N), d$W %*% orthonormal_complement(N)),
                    only.values = TRUE)$values
  for (r in c(-0.5, 0.1, 0.7))
    stopifnot(abs(logdet(r, eig_star) - (logdet(r, d$eig) - log(1 - r))) < 1e-9)

  # --- SAR / SDM: direct, lee-yu, bias-corrected; SEM / SDEM: direct (+ lee-yu, bias-corrected) ---
  for (model in c("sar", "sdm", "sem", "sdem")) {
    type <- if (model %in% c("sar", "sdm")) "lag" else "error"
    for (eff in effects_all) {
      mdd <- direct_data(d, model, eff)
      direct <- fit_ml(mdd, type)
      mdl <- leeyu_data(d, model, eff)
      leeyu <- fit_ml(mdl, type)
      bc <- fit_bias_corrected(direct, mdd, eff, N, T)
      extra <- if (type == "error")
        "beyond the brief's case list (sem/sdem asked for direct only); spec: 'SEM/SDEM analogously'" else NULL
      add(case_record(name, model, eff, "direct", "demean-lag", direct, d))
      add(case_record(name, model, eff, "lee-yu", "demean-lag", leeyu, d, extra))
      add(case_record(name, model, eff, "bias-corrected", "demean-lag", bc, d, extra))
      fits[[paste(model, eff, "direct")]] <- direct
      fits[[paste(model, eff, "lee-yu")]] <- leeyu
      fits[[paste(model, eff, "bias-corrected")]] <- bc

      # Time-effects Lee-Yu: the transformed residual norm equals the direct (demean-lag) one.
      if (eff != "individual") {
        probe <- 0.3
        if (type == "lag") {
          mdd$qr <- qr(mdd$Z); mdl$qr <- qr(mdl$Z)
          stopifnot(abs(sum(lag_residuals(probe, mdd)$e^2) - sum(lag_residuals(probe, mdl)$e^2)) < 1e-9)
        } else {
          stopifnot(abs(sum(err_residuals(probe, mdd)$e^2) - sum(err_residuals(probe, mdl)$e^2)) < 1e-9)
        }
      }
      # Individual effects: Lee-Yu rho/beta = direct; sigma2 ratio T/(T-1); information = direct's
      # formula with T -> T-1, n = N(T-1).
      if (eff == "individual") {
        stopifnot(abs(leeyu$rho - direct$rho) < 1e-9, close_enough(leeyu$b, direct$b, 1e-9),
                  abs(leeyu$s2 / direct$s2 - T / (T - 1)) < 1e-9)
        md_tm1 <- mdd; md_tm1$m <- T - 1; md_tm1$n <- N * (T - 1)
        info_tm1 <- if (type == "lag") info_lag(leeyu$b, leeyu$rho, leeyu$s2, md_tm1) else
          info_error(leeyu$b, leeyu$rho, leeyu$s2, md_tm1)
        stopifnot(close_enough(leeyu$info, info_tm1, 1e-8))
        cat(sprintf("%-4s individual: lee-yu - direct: rho %.1e, max|beta| %.1e; s2 ratio %.12f (T/(T-1) = %.12f)\n",
                    model, leeyu$rho - direct$rho, max(abs(leeyu$b - direct$b)), leeyu$s2 / direct$s2,
                    T / (T - 1)))
      }
    }
  }

  # The analytic derivatives used for the refinement agree with central differences.
  for (model in c("sdm", "sdem")) {
    md <- direct_data(d, model, "twoways"); md$qr <- qr(md$Z)
    f <- if (model == "sdm") loglik_direct else loglik_error
    df <- if (model == "sdm") dloglik_lag else dloglik_error
    for (r in c(-0.3, 0.2, 0.6)) {
      h <- 1e-5
      num <- (f(r + h, md) - f(r - h, md)) / (2 * h)
      stopifnot(abs(num - df(r, md)) < 1e-5 * max(1, abs(num)))
    }
  }
  shifts <- sapply(fits[grepl("direct|lee-yu", names(fits))], function(f) f$rho - f$optimize_rho)
  steps <- sapply(fits[grepl("direct|lee-yu", names(fits))], function(f) f$newton_step)
  cat(sprintf("refinement of optimize()'s maximiser: max |shift| = %.2e, then max |Newton step| = %.2e (%d fits)\n",
              max(abs(shifts)), max(abs(steps)), length(shifts)))
  stopifnot(max(abs(steps)) < 1e-10)

  # --- Convention lag-demeaned: sar and sem, twoways, direct --------------------------------------
  for (model in c("sar", "sem")) {
    type <- if (model == "sar") "lag" else "error"
    md <- direct_data(d, model, "twoways", "lag-demeaned")
    fit <- fit_ml(md, type)
    add(case_record(name, model, "twoways", "direct", "lag-demeaned", fit, d))
    fits[[paste(model, "twoways direct lag-demeaned")]] <- fit
  }

  # --- OLS with fixed effects, checked against plm ----------------------------------------------------
  pdat <- pdata.frame(d$frame, index = c("id", "time"))
  ols_cases <- list()
  fml <- as.formula(paste("y ~", paste(d$xnames, collapse = " + ")))
  for (eff in effects_all) {
    o <- ols_fe(d, eff)
    p <- plm(fml, data = pdat, model = "within", effect = eff)
    p_s2 <- sum(residuals(p)^2) / df.residual(p)
    ok <- close_enough(coef(p)[d$xnames], o$b, 1e-10) &&
      close_enough(sqrt(diag(vcov(p)))[d$xnames], o$se, 1e-10) &&
      close_enough(p_s2, o$s2, 1e-10) && df.residual(p) == o$df
    if (!ok) stop("OLS FE (", eff, ") differs from plm::plm(model = 'within')")
    rec <- list(dataset = name, model = "ols", effects = eff, method = "within",
                sigma2 = o$s2, df = o$df, rss = o$rss, observations = N * T,
                coefficients = setNames(lapply(d$xnames, function(v)
                  list(estimate = unname(o$b[v]), std_error = unname(o$se[v]), t = unname(o$t[v]))),
                  d$xnames),
                checked_against = sprintf("plm %s plm(model = 'within', effect = '%s'): equal to 1e-10",
                                          packageVersion("plm"), eff))
    cases[[length(cases) + 1]] <- rec
  }
  cat("ols FE: equal to plm within (1e-10) for individual, time, twoways\n")

  # --- lagsarlm cross-check: individual effects, SAR and SDM, direct --------------------------------
  lagsar <- list()
  Wbig <- kronecker(diag(T), d$W)
  lwbig <- mat2listw(Wbig, row.names = seq_len(N * T), style = "W")
  for (model in c("sar", "sdm")) {
    ours <- fits[[paste(model, "individual direct")]]
    ydm <- as.vector(within(d$y, N, T, "individual"))
    Z <- within(raw_regressors(d, model), N, T, "individual")
    df <- data.frame(y = ydm, Z, check.names = FALSE)
    names(df) <- c("y", make.names(colnames(Z)))
    f <- as.formula(paste("y ~", paste(make.names(colnames(Z)), collapse = " + "), "- 1"))
    ls <- lagsarlm(f, data = df, listw = lwbig, method = "eigen",
                   control = list(tol.opt = .Machine$double.eps^0.9))
    lb <- setNames(coef(ls)[make.names(colnames(Z))], colnames(Z))
    lse <- setNames(ls$rest.se[make.names(colnames(Z))], colnames(Z))
    our_se <- sqrt(diag(ours$cov))
    k <- length(ours$b)
    stopifnot(abs(ls$rho - ours$rho) < 1e-6, close_enough(lb, ours$b, 1e-6))
    lagsar[[length(lagsar) + 1]] <- list(
      dataset = name, model = model, effects = "individual", method = "direct",
      convention = "demean-lag",
      call = sprintf("lagsarlm(y ~ %s - 1, data = individual-demeaned, listw = mat2listw(kronecker(diag(T), W), style = 'W'), method = 'eigen', control = list(tol.opt = .Machine$double.eps^0.9))",
                     paste(make.names(colnames(Z)), collapse = " + ")),
      lagsarlm = list(rho = unname(ls$rho), rho_std_error = unname(ls$rho.se),
                      log_likelihood = as.numeric(logLik(ls)), sigma2 = unname(ls$s2),
                      coefficients = setNames(lapply(colnames(Z), function(v)
                        list(estimate = unname(lb[v]), std_error = unname(lse[v]))), colnames(Z))),
      ours = list(rho = ours$rho, rho_std_error = unname(our_se[k + 1]), log_likelihood = ours$loglik,
                  sigma2 = ours$s2),
      differences = list(rho = unname(ls$rho - ours$rho), max_abs_beta = max(abs(lb - ours$b)),
                         log_likelihood = as.numeric(logLik(ls)) - ours$loglik,
                         sigma2 = unname(ls$s2 - ours$s2)),
      se_ratio_lagsarlm_over_ours = c(setNames(as.list(unname(lse / our_se[1:k])), colnames(Z)),
                                      list(rho = unname(ls$rho.se / our_se[k + 1]))),
      relation = paste("Same estimator: the individual-demeaned data with the block-diagonal",
                       "I_T (x) W (Q commutes with I_T (x) W, so demean-lag = lag-demeaned here);",
                       "lagsarlm's log-likelihood uses ln|I_T (x) (I - rho W)| = T ln|I - rho W| and",
                       "n = NT, so it equals the direct log-likelihood; its analytic (eigen) information",
                       "matrix is the direct one with traces over I_T (x) G = T tr(.), so the standard",
                       "errors agree too (ratios 1 up to the optimiser's tolerance)."))
    cat(sprintf("lagsarlm %s individual: d rho %.2e, max d beta %.2e, d loglik %.2e, SE ratios %s\n",
                model, ls$rho - ours$rho, max(abs(lb - ours$b)), as.numeric(logLik(ls)) - ours$loglik,
                paste(sprintf("%.8f", c(lse / our_se[1:k], ls$rho.se / our_se[k + 1])), collapse = " ")))
  }

  # --- Recovered fixed effects: sdm twoways direct (Elhorst; spec) ----------------------------------
  fit <- fits[["sdm twoways direct"]]
  Zraw <- raw_regressors(d, "sdm")
  Wy <- as.vector(panel_lag(d$y, d$W, T))
  unit_mean <- function(v) rowMeans(matrix(v, N, T))
  time_mean <- function(v) colMeans(matrix(v, N, T))
  Zb <- as.vector(Zraw %*% fit$b)
  intercept <- mean(d$y) - fit$rho * mean(Wy) - mean(Zb)
  mu <- unit_mean(d$y) - fit$rho * unit_mean(Wy) - unit_mean(Zb) - intercept
  at <- time_mean(d$y) - fit$rho * time_mean(Wy) - time_mean(Zb) - intercept
  # the recovered effects reproduce the raw data: y - rho Wy - Z b - intercept - mu_i - a_t = Q-residual
  res_raw <- d$y - fit$rho * Wy - Zb - intercept - rep(mu, T) - rep(at, each = N)
  md <- direct_data(d, "sdm", "twoways"); md$qr <- qr(md$Z)
  stopifnot(max(abs(res_raw - lag_residuals(fit$rho, md)$e)) < 1e-9)
  fixed_effects <- list(model = "sdm", effects = "twoways", method = "direct", convention = "demean-lag",
                        rho = fit$rho, intercept = intercept,
                        unit_effects = as.list(setNames(mu, d$ids)),
                        time_effects = as.list(setNames(at, as.character(d$years))),
                        sum_unit_effects = sum(mu), sum_time_effects = sum(at))

  # --- Impacts: sdm twoways direct at the point estimates -----------------------------------------
  A_inv <- solve(diag(N) - fit$rho * d$W)
  impacts <- list(model = "sdm", effects = "twoways", method = "direct", rho = fit$rho)
  for (v in d$xnames) {
    S <- A_inv %*% (fit$b[[v]] * diag(N) + fit$b[[paste0("W_", v)]] * d$W)
    direct_eff <- mean(diag(S)); total <- mean(rowSums(S))
    impacts[[v]] <- list(direct = direct_eff, indirect = total - direct_eff, total = total)
  }
  list(cases = cases, lagsarlm = lagsar, fixed_effects = fixed_effects, impacts = impacts, fits = fits)
}

# ==================================================================================================
# Main
# ==================================================================================================

datasets <- list(
  synthetic = list(N = 40L, T = 8L, data = "tests/fixtures/panel/synthetic.csv",
                   weights = "tests/fixtures/panel/synthetic_knn4.gal", formula = "y ~ x1 + x2",
                   id = "id", time = "year", weights_style = "W (row-standardised), 4 nearest neighbours",
                   truth = list(rho = 0.4, beta = list(x1 = 1, x2 = -0.5),
                                theta = list(W_x1 = 0.3, W_x2 = 0.2), sigma = 0.5,
                                generator = "tests/reference/make_panel_synthetic.R")),
  cigar = list(N = 46L, T = 30L, data = "data/cigar/cigar.csv", weights = "data/cigar/cigar_queen.gal",
               formula = "logc ~ logp + logy", id = "state", time = "year",
               weights_style = "W (row-standardised), binary queen contiguity"))

missing <- unlist(lapply(datasets, function(x) c(x$data, x$weights)))
missing <- missing[!file.exists(missing)]
if (length(missing)) stop("missing input files: ", paste(missing, collapse = ", "))
panels <- list(
  synthetic = read_panel(datasets$synthetic$data, datasets$synthetic$weights, "id", "year", "y",
                         c("x1", "x2")),
  cigar = read_panel(datasets$cigar$data, datasets$cigar$weights, "state", "year", "logc",
                     c("logp", "logy")))
for (nm in names(panels))
  stopifnot(panels[[nm]]$N == datasets[[nm]]$N, panels[[nm]]$T == datasets[[nm]]$T)

results <- lapply(setNames(names(panels), names(panels)), function(nm) run_dataset(nm, panels[[nm]]))

# --- Printed sanity checks ---------------------------------------------------------------------------
syn <- results$synthetic$fits[["sdm twoways direct"]]
cat("\nsynthetic two-way SDM direct vs truth (rho 0.4, beta 1 -0.5, theta 0.3 0.2):\n")
se <- sqrt(diag(syn$cov))
print(round(rbind(estimate = c(syn$b, rho = syn$rho, sigma2 = syn$s2),
                  std_error = se, truth = c(1, -0.5, 0.3, 0.2, 0.4, 0.25)), 4))
stopifnot(abs(syn$rho - 0.4) < 4 * se[5], all(abs(syn$b - c(1, -0.5, 0.3, 0.2)) < 4 * se[1:4]))

cig <- results$cigar$fits
cat("\ncigar two-way SDM (demean-lag):\n")
tab <- t(sapply(c("direct", "lee-yu", "bias-corrected"), function(m) {
  f <- cig[[paste("sdm twoways", m)]]
  c(rho = f$rho, f$b, sigma2 = f$s2, loglik = f$loglik)
}))
print(signif(tab, 8))

# --- JSON ---------------------------------------------------------------------------------------------
out <- list(
  generated_by = "tests/reference/panel_fe_oracle.R",
  spec = paste("Panel FE conventions of issue 14: period-major rows, W row-standardised,",
               "demean-lag (default) and lag-demeaned lags, direct / lee-yu (explicit F_T, F_N) /",
               "bias-corrected (Elhorst info.bc = 1), plm-equal OLS FE, Elhorst's recovered effects"),
  source = list(R = R.version.string, spdep = as.character(packageVersion("spdep")),
                spatialreg = as.character(packageVersion("spatialreg")),
                plm = as.character(packageVersion("plm")), jsonlite = as.character(packageVersion("jsonlite")),
                optimiser = "optimize(tol = 1e-12) then uniroot(tol = 1e-15) on the analytic derivative"),
  notes = c(
    "information matrices are the spec's analytic ones; std_error = sqrt(diag(inverse)), order covariance_order",
    "likelihood_n and jacobian_periods: the n and m of the likelihood -(n/2)(ln 2pi + ln(e'e/n) + 1) + m ln|I - rho W_eff|",
    "lee-yu: W_eff = W (individual) or W* = F_N' W F_N (time, twoways); search interval from eigenvalues of W_eff",
    "bias-corrected log_likelihood is the direct maximum (uncorrected), as the spec says",
    "sem/sdem lee-yu and bias-corrected are extra cases beyond the brief's list (marked by note)"),
  datasets = datasets,
  cases = c(results$synthetic$cases, results$cigar$cases),
  lagsarlm = c(results$synthetic$lagsarlm, results$cigar$lagsarlm),
  fixed_effects = list(synthetic = results$synthetic$fixed_effects, cigar = results$cigar$fixed_effects),
  impacts = list(synthetic = results$synthetic$impacts, cigar = results$cigar$impacts))
source("tests/reference/exact_json.R")  # doubles that read back bit for bit
write_exact_json(out, "tests/fixtures/panel/fe_reference.json")
back <- fromJSON("tests/fixtures/panel/fe_reference.json", simplifyVector = FALSE)
stopifnot(identical(back$cases[[1]]$rho, results$synthetic$cases[[1]]$rho),
          identical(back$cases[[length(back$cases) - 3]]$sigma2, out$cases[[length(out$cases) - 3]]$sigma2))
cat(sprintf("\nwrote tests/fixtures/panel/fe_reference.json: %d cases; %.1f s\n", length(out$cases),
            (proc.time() - started)[["elapsed"]]))
