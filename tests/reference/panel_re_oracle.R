# Reference values for the random-effects spatial panel models by maximum likelihood (RE-SAR, RE-SEM;
# Elhorst 2003, IRSR 26: 244-268; Elhorst 2014, Spatial Econometrics, ch. 3), the non-spatial
# random-effects model by ML, and Hausman's test of fixed against random effects.
# Run from the repository root:  Rscript tests/reference/panel_re_oracle.R
# Writes tests/fixtures/panel/re_synthetic.csv and re_synthetic.gal (the seeded synthetic panel),
# re_synthetic.json and, when data/cigar/cigar.csv and data/cigar/cigar_queen.gal exist, re_cigar.json.
# Doubles are written with 17 significant digits. Takes about 2.5 minutes (Cigar's dense 1380 x 1380
# information matrices and observed Hessians). Run with R 4.2.2, spdep 1.2-7, spatialreg 1.2-6,
# plm 2.6-2, nlme 3.1-162, numDeriv 2016.8-1.1, jsonlite 1.8.4 (Debian packages).
#
# This is an independent implementation written from the model, not from spillover's code (nor from
# Elhorst's MATLAB code, but for the "elhorst_code" entries, which transcribe it for comparison):
#   A y = X beta + (iota_T (x) mu) + v,   rows period-major (row (t-1)N + i is unit i in period t),
#   sar: A = I_T (x) (I - rho W), v ~ N(0, sigma^2 I)
#   sem: A = I,                   v = (I_T (x) B^-1) e, B = I - lambda W, e ~ N(0, sigma^2 I)
#   ols: A = I,                   v ~ N(0, sigma^2 I)            (the classical RE model)
#   mu ~ N(0, sigma_mu^2 I_N). With Jbar = J_T / T and E = I_T - Jbar (orthogonal projectors),
#   Omega = Var(A y) = Jbar (x) M_b + E (x) M_w,
#   M_w = sigma^2 H^-1 (sem: H = B'B; sar, ols: H = I),  M_b = T sigma_mu^2 I + M_w,
#   parametrised by phi^2 = sigma^2 / (T sigma_mu^2 + sigma^2), phi in (0, 1] (Elhorst's sar_panel_RE
#   "teta"): T sigma_mu^2 = sigma^2 (1/phi^2 - 1).
#   log L = -NT/2 log(2 pi) - 1/2 (log|M_b| + (T - 1) log|M_w|) + T log|I - rho W| - 1/2 u' Omega^-1 u.
# beta and sigma^2 are concentrated out by GLS on whitened data: z* = (Jbar (x) L_b^-1 + E (x) L_w^-1) z
# with M = sigma^2 L L' (Cholesky of dense N x N matrices; no eigenvalues of W or B'B, no
# quasi-demeaning formula), and the spatial parameter and phi are found by nested optimize (outer: the
# spatial parameter on the interval of W's eigenvalues; inner: phi on (1e-8, 1)), then polished by
# Newton steps on the two-dimensional profile (numDeriv), which locate the maximum to about 1e-11
# (optimize alone stops ~1e-8 away, which moves the Hausman statistic by ~1e-6). At the optimum the
# log-likelihood is re-evaluated with the NT x NT dense Omega (a check of the Jbar/E algebra).
#
# Standard errors: the expected (Fisher) information of (beta, rho|lambda, phi, sigma^2) from the
# generic Gaussian formula with dense NT x NT matrices, y ~ N(m, S), m = A^-1 X beta, S = A^-1 Omega A^-T:
#   I_ij = dm/di' S^-1 dm/dj + 1/2 tr(S^-1 dS/di S^-1 dS/dj).
# "std_error" of beta and the spatial parameter are the square roots of the diagonal of its inverse;
# "covariance" is the (beta, spatial, sigma^2) block of that inverse (phi integrated out, which is
# what spillover's SpatialFit::covariance holds); sigma_mu^2 = sigma^2 (1/phi^2 - 1)/T has a
# delta-method standard error. For the record (not tested): the observed information (numDeriv
# Hessian of the full log-likelihood), the information matrix written in Elhorst's sar_panel_RE.m,
# whose standard errors of phi and sigma^2 differ, and the estimates of sem_panel_RE.m's likelihood,
# which uses W's eigenvectors for B'B (equal to ours for a symmetric W only): see "elhorst_code".
#
# Hausman: fixed effects by the direct approach (Elhorst 2014, ch. 3): y and X demeaned by unit,
# no intercept, the stacked NT rows with the block-diagonal W_NT = I_T (x) W (so n = NT and
# log|I - rho W_NT| = T log|I - rho W|), fitted here as the random-effects models are (optimize,
# polish, dense Fisher information) and checked against spatialreg's lagsarlm / errorsarlm on the
# same rows (method "eigen" with W's eigenvalues repeated T times), which is recorded too.
# H = d' (V_FE - V_RE)^-1 d, d = (b_FE - b_RE, spatial_FE - spatial_RE) over the slopes (no
# intercept) and the spatial parameter; V_RE is the block of the inverse information above;
# df = length(d); p = upper tail of chi^2(df); "elhorst_abs_statistic" is |d' (V_RE - V_FE)^-1 d|,
# what Elhorst's demos print.
#
# plm: its model = "random" is Swamy-Arora feasible GLS, not ML, so its estimates are not ours. What is
# comparable: (a) plm's quasi-demeaning: at plm's theta, our GLS with phi = 1 - theta and rho = 0
# reproduces plm's coefficients (checked here, stopifnot); (b) the non-spatial ML random-effects model
# is nlme::lme(method = "ML"), whose estimates, sigma^2, sigma_mu^2 and log-likelihood the "ols" case
# reproduces (recorded in each data set's "lme" entry).
suppressMessages({
  library(spdep)
  library(spatialreg)
  library(plm)
  library(nlme)
  library(numDeriv)
  library(jsonlite)
})

fixture_dir <- "tests/fixtures/panel"
dir.create(fixture_dir, showWarnings = FALSE, recursive = TRUE)

# --- The likelihood --------------------------------------------------------------------------------

# M_b and M_w divided by sigma^2, and the spatial filter A_N of one period.
covariance_parts <- function(model, W, p, phi) {
  N <- nrow(W)
  I <- diag(N)
  if (model == "sem") {
    B <- I - p * W
    m_w <- solve(crossprod(B))
  } else {
    m_w <- I
  }
  list(A = if (model == "sar") I - p * W else I, m_w = m_w, m_b = (1 / phi^2 - 1) * I + m_w)
}

unit_means <- function(Z, N, T) {
  Z <- as.matrix(Z)
  apply(Z, 2, function(z) rowMeans(matrix(z, N, T)))
}

# z* = (Jbar (x) L_b^-1 + E (x) L_w^-1) z, L L' = m (lower Cholesky factors).
whiten <- function(Z, parts, N, T) {
  Z <- as.matrix(Z)
  Lb <- t(chol(parts$m_b))
  Lw <- t(chol(parts$m_w))
  means <- matrix(unit_means(Z, N, T), N)
  between <- forwardsolve(Lb, means)
  out <- Z
  for (t in seq_len(T)) {
    rows <- (t - 1) * N + seq_len(N)
    out[rows, ] <- between + forwardsolve(Lw, Z[rows, , drop = FALSE] - means)
  }
  out
}

filter_periods <- function(A, y, N, T) as.vector(A %*% matrix(y, N, T))

# Log-likelihood at (p, phi) with beta and sigma^2 concentrated out (GLS on whitened data).
profile_fit <- function(p, phi, model, y, X, W, N, T) {
  parts <- covariance_parts(model, W, p, phi)
  Ay <- filter_periods(parts$A, y, N, T)
  ys <- whiten(Ay, parts, N, T)
  Xs <- whiten(X, parts, N, T)
  q <- qr(Xs)
  e <- qr.resid(q, ys)
  sigma2 <- sum(e^2) / (N * T)
  logdet_m <- as.numeric(determinant(parts$m_b)$modulus) + (T - 1) * as.numeric(determinant(parts$m_w)$modulus)
  jacobian <- T * as.numeric(determinant(parts$A)$modulus)
  ll <- -N * T / 2 * (log(2 * pi) + log(sigma2) + 1) - logdet_m / 2 + jacobian
  list(ll = ll, beta = drop(qr.coef(q, ys)), sigma2 = sigma2, residuals = drop(e))
}

# The full log-likelihood at (beta, p, phi, sigma^2), from the dense NT x NT Omega.
dense_omega <- function(model, W, p, phi, sigma2, T) {
  N <- nrow(W)
  parts <- covariance_parts(model, W, p, phi)
  Jbar <- matrix(1 / T, T, T)
  sigma2 * (kronecker(Jbar, parts$m_b) + kronecker(diag(T) - Jbar, parts$m_w))
}
dense_loglik <- function(beta, p, phi, sigma2, model, y, X, W, T) {
  N <- nrow(W)
  Omega <- dense_omega(model, W, p, phi, sigma2, T)
  A <- covariance_parts(model, W, p, phi)$A
  u <- filter_periods(A, y, N, T) - X %*% beta
  R <- chol(Omega)
  -N * T / 2 * log(2 * pi) - sum(log(diag(R))) + T * as.numeric(determinant(A)$modulus) -
    sum(backsolve(R, u, transpose = TRUE)^2) / 2
}

spatial_interval <- function(W) {
  ev <- Re(eigen(W, only.values = TRUE)$values)
  c(1 / min(ev), 1 / max(ev))
}

# Newton steps on the gradient of f (numDeriv, Richardson) from `at`, a maximiser found by optimize:
# within ~1e-8 of the maximum, where value comparisons are below the rounding of the log-likelihood,
# the gradient still points the way. A step is kept when it is small, the Hessian negative definite
# and the gradient shrinks (in the Hessian's metric). `keep(x)` says whether x is admissible.
polish <- function(f, at, keep = function(x) TRUE) {
  g_at <- function(x) grad(f, x)
  steps <- 0
  g <- g_at(at)
  for (i in 1:4) {
    H <- hessian(f, at)
    if (any(eigen(H, symmetric = TRUE, only.values = TRUE)$values >= 0)) break
    step <- -drop(solve(H, g))
    trial <- at + step
    if (max(abs(step)) > 1e-4 || !keep(trial)) break
    g_trial <- g_at(trial)
    if (sum(solve(-H, g_trial) * g_trial) >= sum(solve(-H, g) * g)) break
    at <- trial
    g <- g_trial
    steps <- steps + 1
  }
  list(at = at, steps = steps, gradient = g)
}

# (p, phi) maximising the profile: nested optimize, then polish on the two-dimensional profile.
maximise <- function(model, y, X, W, N, T) {
  tol <- 1e-12
  phi_range <- c(1e-8, 1)
  best_phi <- function(p) optimize(function(f) profile_fit(p, f, model, y, X, W, N, T)$ll, phi_range,
                                   maximum = TRUE, tol = tol)
  if (model == "ols") {
    o <- best_phi(0)
    refined <- polish(function(v) profile_fit(0, v, model, y, X, W, N, T)$ll, o$maximum, function(v) v <= 1)
    return(list(p = 0, phi = refined$at, newton_steps = refined$steps, gradient = refined$gradient))
  }
  r <- spatial_interval(W)
  margin <- 1e-6 * diff(r)
  o <- optimize(function(p) best_phi(p)$objective, c(r[1] + margin, r[2] - margin), maximum = TRUE, tol = tol)
  refined <- polish(function(v) profile_fit(v[1], v[2], model, y, X, W, N, T)$ll, c(o$maximum, best_phi(o$maximum)$maximum),
                    function(v) v[2] <= 1)
  list(p = refined$at[1], phi = refined$at[2], newton_steps = refined$steps, gradient = refined$gradient)
}

# The residuals of the transformed model, by their definition (spillover's convention: any square root
# of Omega^-1 gives the same estimates; this one is the quasi-demeaning for sar and ols, and for sem
# e_t = B (u_t - u_bar) + B (I + tau B'B)^(-1/2) u_bar, tau = 1/phi^2 - 1, which is B u_t when phi = 1).
transformed_residuals <- function(model, y, X, W, beta, p, phi, N, T) {
  A <- covariance_parts(model, W, p, phi)$A
  u <- filter_periods(A, y, N, T) - drop(X %*% beta)
  u_bar <- rowMeans(matrix(u, N, T))
  if (model != "sem") return(u - (1 - phi) * rep(u_bar, T))
  B <- diag(N) - p * W
  s <- eigen(diag(N) + (1 / phi^2 - 1) * crossprod(B), symmetric = TRUE)
  shrunk <- B %*% (s$vectors %*% (t(s$vectors) %*% u_bar / sqrt(s$values)))
  as.vector(B %*% (matrix(u, N, T) - u_bar)) + rep(drop(shrunk), T)
}

# --- Expected information ------------------------------------------------------------------------

# Fisher information of y ~ N(m, S): I_ab = dm_a' S^-1 dm_b + tr(S^-1 dS_a S^-1 dS_b) / 2, the
# parameters given by the columns of dm and the list dS (NULL: the parameter is in the mean only).
gaussian_information <- function(dm, dS, S) {
  Sinv <- solve(S)
  info <- t(dm) %*% Sinv %*% dm
  P <- lapply(dS, function(d) if (is.null(d)) NULL else Sinv %*% d)
  for (a in seq_along(P)) for (b in seq_along(P))
    if (!is.null(P[[a]]) && !is.null(P[[b]])) info[a, b] <- info[a, b] + sum(P[[a]] * t(P[[b]])) / 2
  info
}

# Fisher information of (beta, p, phi, sigma^2) (no p for ols) of the random-effects model, dense:
# y ~ N(A^-1 X beta, A^-1 Omega A^-T).
expected_information <- function(model, beta, p, phi, sigma2, X, W, T) {
  N <- nrow(W)
  n <- N * T
  IT <- diag(T)
  Jbar <- matrix(1 / T, T, T)
  Ainv <- kronecker(IT, solve(covariance_parts(model, W, p, phi)$A))
  S <- Ainv %*% dense_omega(model, W, p, phi, sigma2, T) %*% t(Ainv)
  m <- Ainv %*% X %*% beta
  zero <- matrix(0, n, 1)
  dm <- Ainv %*% X
  dS <- rep(list(NULL), ncol(X))
  if (model == "sar") {
    G <- Ainv %*% kronecker(IT, W)  # d A^-1 / d rho = A^-1 (I (x) W) A^-1
    dm <- cbind(dm, G %*% m)
    dS <- c(dS, list(G %*% S + S %*% t(G)))
  } else if (model == "sem") {
    B <- diag(N) - p * W
    Hinv <- solve(crossprod(B))
    dHinv <- Hinv %*% (t(W) %*% B + t(B) %*% W) %*% Hinv  # d (B'B)^-1 / d lambda
    dm <- cbind(dm, zero)
    dS <- c(dS, list(sigma2 * kronecker(IT, dHinv)))
  }
  # d Omega / d phi: M_b = sigma^2 ((1/phi^2 - 1) I + H^-1); d / d sigma^2 at fixed phi: Omega / sigma^2.
  dm <- cbind(dm, zero, zero)
  dS <- c(dS, list(Ainv %*% (-2 * sigma2 / phi^3 * kronecker(Jbar, diag(N))) %*% t(Ainv), S / sigma2))
  info <- gaussian_information(dm, dS, S)
  names <- c(colnames(X), if (model != "ols") "p", "phi", "sigma2")
  dimnames(info) <- list(names, names)
  info
}

# Fisher information of (beta, p, sigma^2) of a model on the NT stacked rows with W_NT = I_T (x) W:
# sar y ~ N(A^-1 X beta, sigma^2 (A'A)^-1), sem y ~ N(X beta, sigma^2 (B'B)^-1).
stacked_information <- function(model, beta, p, sigma2, X, W, T) {
  n <- nrow(X)
  Wbig <- kronecker(diag(T), W)
  Bbig <- diag(n) - p * Wbig
  Ainv <- solve(Bbig)
  S <- sigma2 * Ainv %*% t(Ainv)
  zero <- matrix(0, n, 1)
  if (model == "sar") {
    G <- Ainv %*% Wbig
    m <- Ainv %*% X %*% beta
    dm <- cbind(Ainv %*% X, G %*% m, zero)
    dS <- c(rep(list(NULL), ncol(X)), list(G %*% S + S %*% t(G), S / sigma2))
  } else {
    dm <- cbind(X, zero, zero)
    dS <- c(rep(list(NULL), ncol(X)), list(S %*% (t(Wbig) %*% Bbig + t(Bbig) %*% Wbig) %*% S / sigma2, S / sigma2))
  }
  gaussian_information(dm, dS, S)
}

# --- Elhorst's code, for the record ---------------------------------------------------------------

# The information matrix of sar_panel_RE.m (parameters beta, rho, teta = phi, sigma^2), as written there.
elhorst_sar_information <- function(beta, rho, phi, sigma2, X, W, N, T) {
  k <- ncol(X)
  xran <- X - (1 - phi) * unit_means(X, N, T)[rep(seq_len(N), T), , drop = FALSE]
  WB <- W %*% solve(diag(N) - rho * W)
  pterm <- sum(diag(WB %*% WB + t(WB) %*% WB))
  x <- matrix(0, k + 3, k + 3)
  x[1:k, 1:k] <- crossprod(xran) / sigma2
  ysum <- 0
  ysom <- 0
  for (t in seq_len(T)) {
    rows <- (t - 1) * N + seq_len(N)
    xb <- xran[rows, , drop = FALSE] %*% beta
    ysum <- ysum + t(xran[rows, , drop = FALSE]) %*% WB %*% xb / sigma2
    ysom <- ysom + sum((WB %*% xb)^2) / sigma2 + pterm
  }
  x[1:k, k + 1] <- ysum
  x[k + 1, 1:k] <- ysum
  x[k + 1, k + 1] <- ysom
  x[k + 1, k + 2] <- x[k + 2, k + 1] <- -sum(diag(WB))
  x[k + 1, k + 3] <- x[k + 3, k + 1] <- T / sigma2 * sum(diag(WB))
  x[k + 2, k + 2] <- N * (1 + 1 / phi^2)
  x[k + 2, k + 3] <- x[k + 3, k + 2] <- -N / sigma2
  x[k + 3, k + 3] <- N * T / (2 * sigma2^2)
  x
}

# sem_panel_RE.m's likelihood (f2_respat.m), maximised here: W's eigenvalues w_i and unit-norm
# eigenvectors V (eig, as MATLAB's) in place of B'B's, for any W:
#   y* = y - lambda W y + iota (x) (e_i V'y_bar - (y_bar - lambda W y_bar)),
#   e_i = (T theta^2 + 1/(1 - lambda w_i)^2)^(-1/2),  theta^2 = sigma_mu^2 / sigma^2,
#   log L = -NT/2 log(2 pi sigma^2) - 1/2 sum log(1 + T theta^2 (1 - lambda w_i)^2) + T sum log(1 - lambda w_i) - NT/2.
# Exact (our likelihood) for a symmetric W; otherwise an approximation, whose estimates are recorded
# to show how far Elhorst's numbers move from the exact ones. (With repeated eigenvalues V'y_bar
# depends on the basis eig picks, in MATLAB too.)
elhorst_sem_fit <- function(y, X, W, N, T) {
  e <- eigen(W)
  w <- Re(e$values)
  V <- Re(e$vectors)
  lag <- function(v) as.vector(W %*% matrix(v, N, T))
  Z <- cbind(y, X)
  means <- unit_means(Z, N, T)
  wZ <- apply(Z, 2, lag)
  wmeans <- W %*% means
  vmeans <- t(V) %*% means
  at <- function(lambda, theta2) {
    ew <- (T * theta2 + 1 / (1 - lambda * w)^2)^(-0.5)
    mp <- ew * vmeans - (means - lambda * wmeans)
    Zs <- Z - lambda * wZ + mp[rep(seq_len(N), T), , drop = FALSE]
    q <- qr(Zs[, -1, drop = FALSE])
    res <- qr.resid(q, Zs[, 1])
    sigma2 <- sum(res^2) / (N * T)
    list(beta = drop(qr.coef(q, Zs[, 1])), sigma2 = sigma2,
         ll = -N * T / 2 * (log(2 * pi * sigma2) + 1) - sum(log(1 + T * theta2 * (1 - lambda * w)^2)) / 2 +
           T * sum(log(1 - lambda * w)))
  }
  r <- spatial_interval(W)
  margin <- 1e-6 * diff(r)
  # theta^2 = (1/phi^2 - 1)/T, searched through phi in (0, 1] as ours
  inner <- function(lambda) optimize(function(phi) at(lambda, (1 / phi^2 - 1) / T)$ll, c(1e-8, 1), maximum = TRUE, tol = 1e-12)
  o <- optimize(function(l) inner(l)$objective, c(r[1] + margin, r[2] - margin), maximum = TRUE, tol = 1e-12)
  phi <- inner(o$maximum)$maximum
  fit <- at(o$maximum, (1 / phi^2 - 1) / T)
  list(note = "sem_panel_RE.m's likelihood (eigenvalues and eigenvectors of W for B'B) maximised here; exact only for a symmetric W",
       beta = fit$beta, lambda = o$maximum, phi = phi, sigma2 = fit$sigma2,
       sigma_mu2 = fit$sigma2 * (1 / phi^2 - 1) / T, log_likelihood = fit$ll)
}

# --- Fits ---------------------------------------------------------------------------------------------

re_fit <- function(model, y, X, W, N, T) {
  opt <- maximise(model, y, X, W, N, T)
  p <- opt$p
  phi <- opt$phi
  pf <- profile_fit(p, phi, model, y, X, W, N, T)
  beta <- pf$beta
  sigma2 <- pf$sigma2
  residuals <- transformed_residuals(model, y, X, W, beta, p, phi, N, T)
  stopifnot(abs(sum(residuals^2) / (N * T) - sigma2) < 1e-12 * sigma2)
  dense_ll <- dense_loglik(beta, p, phi, sigma2, model, y, X, W, T)
  stopifnot(abs(dense_ll - pf$ll) < 1e-9 * abs(pf$ll))
  info <- expected_information(model, beta, p, phi, sigma2, X, W, T)
  cov <- solve(info)
  k <- ncol(X)
  q <- nrow(info)
  i_phi <- q - 1
  i_s2 <- q
  sigma_mu2 <- sigma2 * (1 / phi^2 - 1) / T
  g <- c(-2 * sigma2 / (T * phi^3), (1 / phi^2 - 1) / T)
  sigma_mu2_se <- sqrt(drop(t(g) %*% cov[c(i_phi, i_s2), c(i_phi, i_s2)] %*% g))
  keep <- setdiff(seq_len(q), i_phi)
  out <- list(model = model, names = colnames(X), beta = unname(beta),
              beta_se = unname(sqrt(diag(cov))[1:k]),
              phi = phi, phi_se = sqrt(cov[i_phi, i_phi]),
              sigma2 = sigma2, sigma2_se = sqrt(cov[i_s2, i_s2]),
              sigma_mu2 = sigma_mu2, sigma_mu2_se = sigma_mu2_se,
              theta_plm = 1 - phi,
              log_likelihood = pf$ll, parameters = q,
              aic = -2 * pf$ll + 2 * q, bic = -2 * pf$ll + log(N * T) * q,
              covariance = unname(cov[keep, keep]),
              information = unname(info),
              residuals = residuals,
              optimum = list(newton_steps = opt$newton_steps, gradient = opt$gradient,
                             dense_minus_profile_log_likelihood = dense_ll - pf$ll))
  if (model != "ols") {
    out$spatial <- p
    out$spatial_se <- sqrt(cov[k + 1, k + 1])
    out$spatial_name <- if (model == "sar") "rho" else "lambda"
  }
  # Observed information (numerical Hessian of the full log-likelihood), for the record.
  theta <- c(beta, if (model != "ols") p, phi, sigma2)
  full <- function(v) dense_loglik(v[1:k], if (model != "ols") v[k + 1] else 0, v[q - 1], v[q], model, y, X, W, T)
  observed <- -hessian(full, theta)
  out$observed_information_std_error <- sqrt(diag(solve(observed)))
  out$full_ll_gradient <- grad(full, theta)
  if (model == "sar") {
    el <- elhorst_sar_information(beta, p, phi, sigma2, X, W, N, T)
    out$elhorst_code <- list(
      note = "sar_panel_RE.m's analytic information matrix (beta, rho, teta = phi, sigma^2) evaluated here at our estimates",
      std_error = sqrt(diag(solve(el))), information = el)
  }
  if (model == "sem") out$elhorst_code <- elhorst_sem_fit(y, X, W, N, T)
  out
}

# Fixed effects by the direct approach (see the header): the concentrated log-likelihood of the
# demeaned data in the spatial parameter, optimize then polish, and the information of
# stacked_information; spatialreg's fit of the same model is recorded and checked against it
# (its optimize stops about 1e-8 from the maximum, which moves the Hausman statistic by ~1e-6).
fe_fit <- function(model, y, X, W, N, T) {
  slopes <- setdiff(colnames(X), "(Intercept)")
  demean <- function(v) v - rep(rowMeans(matrix(v, N, T)), T)
  yd <- demean(y)
  Xd <- apply(X[, slopes, drop = FALSE], 2, demean)
  lag <- function(v) as.vector(W %*% matrix(v, N, T))
  wy <- lag(yd)
  wX <- apply(Xd, 2, lag)
  ev <- eigen(W, only.values = TRUE)$values
  at <- function(p) {
    Xs <- if (model == "sar") Xd else Xd - p * wX
    q <- qr(Xs)
    e <- qr.resid(q, yd - p * wy)
    list(beta = drop(qr.coef(q, yd - p * wy)), e = e,
         ll = -N * T / 2 * (log(2 * pi) + log(sum(e^2) / (N * T)) + 1) + T * sum(log(Mod(1 - p * ev))))
  }
  r <- spatial_interval(W)
  margin <- 1e-6 * diff(r)
  o <- optimize(function(p) at(p)$ll, c(r[1] + margin, r[2] - margin), maximum = TRUE, tol = 1e-12)
  p <- polish(function(p) at(p)$ll, o$maximum)$at
  fit <- at(p)
  sigma2 <- sum(fit$e^2) / (N * T)
  k <- length(slopes)
  V <- solve(stacked_information(model, fit$beta, p, sigma2, Xd, W, T))[1:(k + 1), 1:(k + 1)]
  estimate <- c(fit$beta, p)

  d <- data.frame(y = yd, Xd)
  names(d) <- c("y", slopes)
  f <- as.formula(paste("y ~", paste(sprintf("`%s`", slopes), collapse = " + "), "- 1"))
  lw <- mat2listw(kronecker(diag(T), W), style = "M")  # the weights as they are ("W" would row-standardise min-max)
  control <- list(pre_eig = rep(ev, T), tol.opt = .Machine$double.eps^0.9)
  sr <- if (model == "sar") lagsarlm(f, data = d, listw = lw, method = "eigen", control = control)
        else errorsarlm(f, data = d, listw = lw, method = "eigen", control = control)
  spatial <- if (model == "sar") "rho" else "lambda"
  sr_estimate <- c(unname(coef(sr)[slopes]), unname(if (model == "sar") sr$rho else sr$lambda))
  sr_V <- unname(sr$resvar[c(slopes, spatial), c(slopes, spatial)])
  stopifnot(max(abs(sr_estimate - estimate) / abs(estimate)) < 1e-5, max(abs(sr_V - V) / sqrt(outer(diag(V), diag(V)))) < 1e-4)
  list(names = slopes, estimate = estimate, covariance = unname(V), sigma2 = sigma2, log_likelihood = fit$ll,
       spatialreg = list(estimate = sr_estimate, covariance = sr_V, log_likelihood = as.numeric(logLik(sr)),
                         estimate_minus_ours = sr_estimate - estimate))
}

hausman <- function(fe, re) {
  slopes <- fe$names
  idx <- c(match(slopes, re$names), length(re$beta) + 1)
  b_re <- c(re$beta, re$spatial)[idx]
  V_re <- re$covariance[idx, idx]
  d <- fe$estimate - b_re
  V <- fe$covariance - V_re
  H <- drop(t(d) %*% solve(V, d))
  list(statistic = H, df = length(d), p_value = pchisq(H, length(d), lower.tail = FALSE),
       difference = d, min_eigenvalue = min(eigen(V, symmetric = TRUE, only.values = TRUE)$values),
       elhorst_abs_statistic = abs(drop(t(d) %*% solve(-V, d))))
}

# Non-spatial comparisons: nlme's ML random effects and plm's Swamy-Arora GLS.
nonspatial_checks <- function(formula, data, unit, period, y, X, W, N, T, ours) {
  data$unit__ <- factor(data[[unit]])
  lme_fit <- lme(formula, random = ~ 1 | unit__, data = data, method = "ML",
                 control = lmeControl(opt = "optim", msMaxIter = 1000, tolerance = 1e-12, msTol = 1e-14,
                                      optimMethod = "BFGS", returnObject = TRUE))
  vc <- as.numeric(VarCorr(lme_fit)[, "Variance"])
  pdat <- pdata.frame(data, index = c(unit, period))
  plm_fit <- plm(formula, data = pdat, model = "random")
  theta <- as.numeric(ercomp(plm_fit)$theta)
  at_plm <- profile_fit(0, 1 - theta, "ols", y, X, W, N, T)
  stopifnot(max(abs(at_plm$beta - coef(plm_fit))) < 1e-9 * max(abs(coef(plm_fit))))
  list(lme = list(call = "lme(formula, random = ~ 1 | unit, method = \"ML\")",
                  beta = unname(fixef(lme_fit)), beta_se = unname(sqrt(diag(vcov(lme_fit)))),
                  sigma2 = vc[2], sigma_mu2 = vc[1], log_likelihood = as.numeric(logLik(lme_fit)),
                  minus_ours = list(beta = unname(fixef(lme_fit)) - ours$beta, log_likelihood = as.numeric(logLik(lme_fit)) - ours$log_likelihood,
                                    sigma2 = vc[2] - ours$sigma2, sigma_mu2 = vc[1] - ours$sigma_mu2)),
       plm_swamy_arora = list(note = "plm(model = \"random\") is feasible GLS with Swamy-Arora variances, not ML: its theta = 1 - phi; our GLS at phi = 1 - theta reproduces its coefficients (checked)",
                              theta = theta, phi = 1 - theta, beta = unname(coef(plm_fit)),
                              beta_se = unname(sqrt(diag(vcov(plm_fit)))),
                              sigma2 = ercomp(plm_fit)$sigma2[["idios"]], sigma_mu2 = ercomp(plm_fit)$sigma2[["id"]]))
}

run_data_set <- function(label, data, unit, period, response, regressors, W, weights_note) {
  N <- nrow(W)
  T <- nrow(data) / N
  y <- data[[response]]
  X <- cbind(`(Intercept)` = 1, as.matrix(data[, regressors]))
  formula <- as.formula(paste(response, "~", paste(regressors, collapse = " + ")))
  fits <- list()
  for (model in c("sar", "sem", "ols")) fits[[model]] <- re_fit(model, y, X, W, N, T)
  fe <- list(sar = fe_fit("sar", y, X, W, N, T), sem = fe_fit("sem", y, X, W, N, T))
  list(label = label, units = N, periods = T, formula = deparse(formula), weights = weights_note,
       random_effects = fits, fixed_effects = fe,
       hausman = list(sar = hausman(fe$sar, fits$sar), sem = hausman(fe$sem, fits$sem)),
       nonspatial = nonspatial_checks(formula, data, unit, period, y, X, W, N, T, fits$ols))
}

versions <- list(R = R.version.string, spdep = as.character(packageVersion("spdep")),
                 spatialreg = as.character(packageVersion("spatialreg")), plm = as.character(packageVersion("plm")),
                 nlme = as.character(packageVersion("nlme")), numDeriv = as.character(packageVersion("numDeriv")))
write_fixture <- function(x, file) {
  x$source <- c(list(script = "tests/reference/panel_re_oracle.R"), versions)
  writeLines(toJSON(x, auto_unbox = TRUE, digits = I(17), pretty = TRUE), file)
}

# --- The synthetic panel ------------------------------------------------------------------------------
# N = 40 units at uniform random points, W = symmetrised 4-nearest neighbours (binary in the GAL
# file); T = 8 periods. x1 and x2 have unit components u_i and v_i (between variation); the unit effect
# mu_i = 0.25 (0.5 u_i + sqrt(0.75) z_i) is correlated with it (corr(mu, x1) > 0), so that the Hausman
# test has something to find.
# y_sar = (I - 0.4 W)^-1 (X beta + mu + e) and y_sem = X beta + mu + (I - 0.5 W)^-1 e per period,
# beta = (1, 0.8, -0.5), sd(mu) = 0.25, sigma = 0.5 (phi about 0.7: the between variation counts).
set.seed(20260514)
N <- 40
T <- 8
ids <- as.character(seq_len(N))
coords <- cbind(runif(N), runif(N))
nb <- make.sym.nb(knn2nb(knearneigh(coords, k = 4), row.names = ids))
gal <- file.path(fixture_dir, "re_synthetic.gal")
write.nb.gal(nb, gal, oldstyle = FALSE, shpfile = "re_synthetic", ind = "unit")
nb_back <- read.gal(gal, region.id = ids)
stopifnot(isTRUE(all.equal(lapply(nb_back, as.integer), lapply(nb, as.integer), check.attributes = FALSE)))
W_row <- unname(listw2mat(nb2listw(nb_back, style = "W")))
W_minmax <- unname(listw2mat(nb2listw(nb_back, style = "minmax")))
stopifnot(isSymmetric(W_minmax))
unit_effect <- rnorm(N)
x1 <- rnorm(N * T) + rep(unit_effect, T)
x2 <- rnorm(N * T) + rep(rnorm(N), T)
mu <- rep(0.25 * (0.5 * unit_effect + sqrt(0.75) * rnorm(N)), T)
X0 <- cbind(1, x1, x2)
beta0 <- c(1, 0.8, -0.5)
e1 <- rnorm(N * T, sd = 0.5)
e2 <- rnorm(N * T, sd = 0.5)
per_period <- function(M, v) as.vector(M %*% matrix(v, N, T))
y_sar <- per_period(solve(diag(N) - 0.4 * W_row), X0 %*% beta0 + mu + e1)
y_sem <- drop(X0 %*% beta0) + mu + per_period(solve(diag(N) - 0.5 * W_row), e2)
synthetic <- data.frame(unit = rep(ids, T), period = rep(seq_len(T), each = N),
                        y_sar = y_sar, y_sem = y_sem, x1 = x1, x2 = x2)
as_text <- synthetic
for (v in c("y_sar", "y_sem", "x1", "x2")) as_text[[v]] <- sprintf("%.17g", synthetic[[v]])
write.csv(as_text, file.path(fixture_dir, "re_synthetic.csv"), row.names = FALSE, quote = FALSE)
synthetic <- read.csv(file.path(fixture_dir, "re_synthetic.csv"), colClasses = c(unit = "character"))

cases <- list()
for (response in c("y_sar", "y_sem")) {
  cases[[paste0(response, "_row")]] <- run_data_set(
    paste0(response, " ~ x1 + x2, W row-standardised"), synthetic, "unit", "period", response, c("x1", "x2"),
    W_row, list(file = "tests/fixtures/panel/re_synthetic.gal", style = "W"))
}
cases$y_sem_minmax <- run_data_set(
  "y_sem ~ x1 + x2, W min-max scaled (symmetric)", synthetic, "unit", "period", "y_sem", c("x1", "x2"),
  W_minmax, list(file = "tests/fixtures/panel/re_synthetic.gal", style = "minmax"))
write_fixture(list(data = "tests/fixtures/panel/re_synthetic.csv", cases = cases),
              file.path(fixture_dir, "re_synthetic.json"))

# --- Cigar (Baltagi): 46 states, 1963-1992 ----------------------------------------------------------
if (file.exists("data/cigar/cigar.csv") && file.exists("data/cigar/cigar_queen.gal")) {
  cigar <- read.csv("data/cigar/cigar.csv", colClasses = c(state = "character"))
  states <- unique(cigar$state)  # the units in the order of their first row (spillover's tests use it too)
  queen <- read.gal("data/cigar/cigar_queen.gal", override.id = TRUE)  # ids from the file
  in_file <- listw2mat(nb2listw(queen, style = "W"))
  order_in_file <- match(states, attr(queen, "region.id"))
  stopifnot(!anyNA(order_in_file), length(states) == length(queen))
  W_cigar <- unname(in_file[order_in_file, order_in_file])
  cigar <- cigar[order(cigar$year, match(cigar$state, states)), ]
  stopifnot(all(cigar$state == rep(states, length(unique(cigar$year)))))
  cigar_case <- run_data_set("logc ~ logp + logy, queen W row-standardised", cigar, "state", "year", "logc",
                             c("logp", "logy"), W_cigar,
                             list(file = "data/cigar/cigar_queen.gal", style = "W"))
  write_fixture(list(data = "data/cigar/cigar.csv", rows = "sorted by year, then by each state's first row",
                     cases = list(cigar = cigar_case)),
                file.path(fixture_dir, "re_cigar.json"))
}
