# Synthetic balanced spatial panel for the panel fixed-effects tests (spillover issue 14).
# Run from the repository root:  Rscript tests/reference/make_panel_synthetic.R
# Writes (committed):
#   tests/fixtures/panel/synthetic_knn4.gal  4 nearest neighbours of 40 random points, ids u01..u40
#   tests/fixtures/panel/synthetic.csv       id, year, y, x1, x2 (40 units x 8 years), rows SHUFFLED,
#                                            numbers with 17 significant digits
# Data-generating process: a two-way spatial Durbin model, period by period (W row-standardised)
#   y_t = (I - rho W)^{-1} (X_t beta + W X_t theta + mu + alpha_t 1 + eps_t),  eps_t ~ N(0, sigma^2 I)
#   rho = 0.4, beta = (1, -0.5), theta = (0.3, 0.2), sigma = 0.5, years 2001..2008.
# The regressors load on the unit effects mu_i and the period effects alpha_t (plus their own unit and
# period components), so pooled OLS is biased and the fixed effects matter.
suppressMessages(library(spdep))

set.seed(20140214)
N <- 40L
T <- 8L
years <- 2001:2008
ids <- sprintf("u%02d", seq_len(N))
rho <- 0.4
beta <- c(x1 = 1, x2 = -0.5)
theta <- c(x1 = 0.3, x2 = 0.2)
sigma <- 0.5

dir.create("tests/fixtures/panel", showWarnings = FALSE, recursive = TRUE)

# --- Weights: k = 4 nearest neighbours (asymmetric, binary), written as GAL and read back --------
coords <- cbind(runif(N), runif(N))
nb <- knn2nb(knearneigh(coords, k = 4), row.names = ids)
gal <- "tests/fixtures/panel/synthetic_knn4.gal"
write.nb.gal(nb, gal, oldstyle = FALSE, shpfile = "synthetic", ind = "u")
back <- read.gal(gal, region.id = ids)
stopifnot(isTRUE(all.equal(lapply(back, as.integer), lapply(nb, as.integer), check.attributes = FALSE)),
          identical(attr(back, "region.id"), ids))
W <- nb2mat(nb, style = "W")          # row-standardised, rows in the order of ids

# --- Effects and regressors -----------------------------------------------------------------------
mu <- rnorm(N, sd = 1)                 # unit effects
alpha <- 0.5 * (seq_len(T) - (T + 1) / 2) / T + rnorm(T, sd = 0.5)   # period effects (trend + noise)
a1 <- rnorm(N); a2 <- rnorm(N)         # unit-specific regressor components
b1 <- rnorm(T); b2 <- rnorm(T)         # period-specific regressor components

rows <- vector("list", T)
for (t in seq_len(T)) {
  x1 <- 0.8 * mu + 0.6 * alpha[t] + 0.7 * a1 + 0.5 * b1[t] + rnorm(N)
  x2 <- -0.6 * mu + 0.8 * alpha[t] + 0.7 * a2 - 0.5 * b2[t] + rnorm(N)
  X <- cbind(x1, x2)
  rhs <- X %*% beta + W %*% X %*% theta + mu + alpha[t] + rnorm(N, sd = sigma)
  y <- solve(diag(N) - rho * W, rhs)
  rows[[t]] <- data.frame(id = ids, year = years[t], y = as.vector(y), x1 = x1, x2 = x2)
}
panel <- do.call(rbind, rows)
panel <- panel[sample(nrow(panel)), ]   # shuffled: readers must not rely on the row order

fmt <- function(v) sprintf("%.17g", v)
out <- data.frame(id = panel$id, year = panel$year, y = fmt(panel$y), x1 = fmt(panel$x1),
                  x2 = fmt(panel$x2))
write.csv(out, "tests/fixtures/panel/synthetic.csv", row.names = FALSE, quote = FALSE)
back_csv <- read.csv("tests/fixtures/panel/synthetic.csv")
stopifnot(identical(back_csv$y, panel$y), identical(back_csv$x1, panel$x1), identical(back_csv$x2, panel$x2))
cat("wrote", gal, "and tests/fixtures/panel/synthetic.csv (", nrow(out), "rows )\n")
