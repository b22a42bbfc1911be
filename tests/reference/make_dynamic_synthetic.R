# Synthetic balanced spatial panel for the DYNAMIC spatial Durbin panel tests (bias-corrected QML of
# Yu, de Jong & Lee 2008; Lee & Yu 2010). Read by tests/reference/dynamic_panel_oracle.R.
# Run from the repository root:  Rscript tests/reference/make_dynamic_synthetic.R
# Writes (committed):
#   tests/fixtures/panel/dynamic_lattice.gal   rook contiguity of a 7 x 7 lattice, binary, ids 1..49
#                                              (id = (row - 1) * 7 + column), header "0 49 lattice id"
#   tests/fixtures/panel/dynamic_synthetic.csv id, year, y, x1, x2 (49 units x 11 years, 2001..2011),
#                                              rows sorted by id then year, numbers with 17 significant
#                                              digits (read back bit for bit)
#   tests/fixtures/panel/dynamic_synthetic_notime.csv  the same layout and DGP on the same lattice, but
#                                              alpha_t = 0 for every t, drawn from its own seed: the
#                                              correctly specified data for INDIVIDUAL effects (the
#                                              alpha_t of dynamic_synthetic.csv are not removed by
#                                              individual effects, only by twoways)
# Data-generating process (W = row-standardised rook W, the same every period), period by period,
# started from y_0 = 0 and run for a burn-in of 50 periods that are dropped, then 11 kept periods:
#   y_t = (I - rho W)^{-1} (tau y_{t-1} + eta W y_{t-1} + X_t beta + W X_t theta + mu + alpha_t 1 + eps_t)
#   tau = 0.4, eta = -0.1, rho = 0.3, beta = (1, -0.5), theta = (0.4, 0.2),
#   mu_i ~ N(0, 1), alpha_t ~ N(0, 1), eps_it ~ N(0, 0.5^2),
#   x1_it, x2_it = N(0, 1) + 0.5 mu_i   (correlated with the unit effect).
# Order of the random draws after set.seed(20261206): mu (N); then for each of the 61 periods:
#   alpha_t (1), x1_t (N), x2_t (N), eps_t (N).
# dynamic_synthetic_notime.csv: alpha_t = 0 (not drawn); after set.seed(20261207): mu (N); then for
#   each of the 61 periods: x1_t (N), x2_t (N), eps_t (N). An independent draw, not dynamic_synthetic.csv
#   with its alpha_t removed.
# The process is stable: A = (I - rho W)^{-1}(tau I + eta W) has spectral radius < 1 (checked below).

side <- 7L
N <- side * side
burn <- 50L
T <- 11L
years <- 2001:2011
tau <- 0.4; eta <- -0.1; rho <- 0.3
beta <- c(x1 = 1, x2 = -0.5)
theta <- c(x1 = 0.4, x2 = 0.2)
sigma <- 0.5

dir.create("tests/fixtures/panel", showWarnings = FALSE, recursive = TRUE)

# --- Rook lattice, written by hand ----------------------------------------------------------------
cell <- function(r, c) (r - 1L) * side + c
nbrs <- vector("list", N)
for (r in seq_len(side)) for (c in seq_len(side)) {
  nb <- integer(0)
  if (r > 1) nb <- c(nb, cell(r - 1L, c))
  if (c > 1) nb <- c(nb, cell(r, c - 1L))
  if (c < side) nb <- c(nb, cell(r, c + 1L))
  if (r < side) nb <- c(nb, cell(r + 1L, c))
  nbrs[[cell(r, c)]] <- sort(nb)
}
B <- matrix(0, N, N)
for (i in seq_len(N)) B[i, nbrs[[i]]] <- 1
stopifnot(isSymmetric(B), sum(B) == 2 * 2 * side * (side - 1), all(rowSums(B) %in% 2:4))
# cross-check with spdep's rook lattice (the square lattice is symmetric under transposition, so the
# row-major and column-major numberings give the same neighbour lists)
if (requireNamespace("spdep", quietly = TRUE)) {
  ref <- spdep::cell2nb(side, side, type = "rook")
  stopifnot(identical(lapply(ref, function(v) sort(as.integer(v))), nbrs))
}
gal <- "tests/fixtures/panel/dynamic_lattice.gal"
lines <- sprintf("0 %d lattice id", N)
for (i in seq_len(N)) lines <- c(lines, sprintf("%d %d", i, length(nbrs[[i]])),
                                 paste(nbrs[[i]], collapse = " "))
writeLines(lines, gal)
W <- B / rowSums(B)

A <- solve(diag(N) - rho * W, tau * diag(N) + eta * W)
stopifnot(max(Mod(eigen(A, only.values = TRUE)$values)) < 1)

# --- Simulation -----------------------------------------------------------------------------------
# time_effects = TRUE draws alpha_t ~ N(0, 1) in each period (between the period's first draw and x1);
# FALSE sets alpha_t = 0 and draws nothing for it.
S_inv <- solve(diag(N) - rho * W)
simulate <- function(seed, time_effects) {
  set.seed(seed)
  mu <- rnorm(N)
  y_prev <- rep(0, N)
  rows <- list()
  for (t in seq_len(burn + T)) {
    alpha <- if (time_effects) rnorm(1) else 0
    x1 <- rnorm(N) + 0.5 * mu
    x2 <- rnorm(N) + 0.5 * mu
    eps <- rnorm(N, sd = sigma)
    X <- cbind(x1, x2)
    rhs <- tau * y_prev + eta * as.vector(W %*% y_prev) + as.vector(X %*% beta) +
      as.vector(W %*% X %*% theta) + mu + alpha + eps
    y <- as.vector(S_inv %*% rhs)
    if (t > burn)
      rows[[length(rows) + 1]] <- data.frame(id = seq_len(N), year = years[t - burn], y = y, x1 = x1, x2 = x2)
    y_prev <- y
  }
  panel <- do.call(rbind, rows)
  panel[order(panel$id, panel$year), ]
}

fmt <- function(v) sprintf("%.17g", v)
write_panel <- function(panel, csv) {
  out <- data.frame(id = panel$id, year = panel$year, y = fmt(panel$y), x1 = fmt(panel$x1), x2 = fmt(panel$x2))
  write.csv(out, csv, row.names = FALSE, quote = FALSE)
  back <- read.csv(csv)
  stopifnot(nrow(back) == N * T, identical(back$y, panel$y), identical(back$x1, panel$x1),
            identical(back$x2, panel$x2))
  nrow(out)
}

csv <- "tests/fixtures/panel/dynamic_synthetic.csv"
n_rows <- write_panel(simulate(20261206, time_effects = TRUE), csv)
csv_notime <- "tests/fixtures/panel/dynamic_synthetic_notime.csv"
n_rows_notime <- write_panel(simulate(20261207, time_effects = FALSE), csv_notime)
cat("wrote", gal, ",", csv, "(", n_rows, "rows ) and", csv_notime, "(", n_rows_notime,
    "rows ); spectral radius of A =", format(max(Mod(eigen(A, only.values = TRUE)$values)), digits = 6), "\n")
