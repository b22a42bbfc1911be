# Reference values for the inequality layer (inequality/): Gini, Dagum's (1997) decomposition by
# groups, Theil T and L with their within/between decompositions, the Gaussian kernel density on R's
# grid, and the entropy-weight index with its TOPSIS closeness — all in base R, written from the
# definitions (pairwise sums, not a package), on the bundled Cigar panel (46 states, 1963-1992).
#
# Groups: the four US Census regions of each state's postal code (Northeast, Midwest, South, West),
# the analogue of the eastern/central/western/north-east split of the Chinese regional studies.
#
# Run from the repository root:  Rscript tests/reference/inequality_oracle.R
# Writes tests/fixtures/cigar_regions.csv (the panel with its region, read by the C++ tests) and
# tests/fixtures/inequality_cigar.json (committed).
suppressMessages(library(jsonlite))

d <- read.csv("data/cigar/cigar.csv")
regions <- list(
  Northeast = c("CT", "ME", "MA", "NH", "RI", "VT", "NJ", "NY", "PA"),
  Midwest = c("IL", "IN", "MI", "OH", "WI", "IA", "KS", "MN", "MO", "NE", "ND", "SD"),
  South = c("DE", "FL", "GA", "MD", "NC", "SC", "VA", "DC", "WV", "AL", "KY", "MS", "TN", "AR", "LA",
            "OK", "TX"),
  West = c("AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY", "AK", "CA", "HI", "OR", "WA"))
region_of <- setNames(rep(names(regions), lengths(regions)), unlist(regions))
d$region <- unname(region_of[d$abbrev])
stopifnot(!anyNA(d$region))
panel <- d[order(d$year, d$state), c("state", "abbrev", "year", "region", "sales", "price", "ndi")]
write.csv(d[, c("state", "abbrev", "year", "region", "sales", "price", "ndi")],
          "tests/fixtures/cigar_regions.csv", row.names = FALSE, quote = FALSE)
groups <- sort(unique(d$region))  # the C++ side orders groups by their labels too

# Gini from all ordered pairs: G = sum |y_i - y_j| / (2 n^2 mu).
gini <- function(y) sum(abs(outer(y, y, "-"))) / (2 * length(y)^2 * mean(y))

# Dagum (1997), with j the group of the larger mean in each pair:
#   G_jj = sum_i sum_r |y_ji - y_jr| / (2 n_j^2 mu_j),   G_jh = sum_i sum_r |y_ji - y_hr| / (n_j n_h (mu_j + mu_h))
#   d_jh = mean over the n_j n_h pairs of (y_ji - y_hr)+  (gross economic affluence)
#   p_jh = mean over the n_j n_h pairs of (y_hr - y_ji)+  (first-order moment of transvariation)
#   D_jh = (d_jh - p_jh) / (d_jh + p_jh),  p_j = n_j / n,  s_j = n_j mu_j / (n mu)
#   G_w = sum_j G_jj p_j s_j,  G_nb = sum_{j>h} G_jh (p_j s_h + p_h s_j) D_jh,
#   G_t = sum_{j>h} G_jh (p_j s_h + p_h s_j) (1 - D_jh)   (from d_jh and p_jh, not as a residual)
dagum <- function(y, g) {
  n <- length(y); mu <- mean(y)
  p <- sapply(groups, function(k) sum(g == k) / n)
  s <- sapply(groups, function(k) sum(y[g == k]) / (n * mu))
  m <- sapply(groups, function(k) mean(y[g == k]))
  gjj <- sapply(groups, function(k) { x <- y[g == k]; sum(abs(outer(x, x, "-"))) / (2 * length(x)^2 * mean(x)) })
  gw <- sum(gjj * p * s)
  pairs <- list(); gnb <- 0; gt <- 0
  for (a in seq_along(groups)) for (b in seq_along(groups)) if (a < b) {
    j <- if (m[a] >= m[b]) a else b; h <- if (j == a) b else a
    xj <- y[g == groups[j]]; xh <- y[g == groups[h]]
    diff <- outer(xj, xh, "-")
    gjh <- sum(abs(diff)) / (length(xj) * length(xh) * (m[j] + m[h]))
    djh <- mean(pmax(diff, 0)); pjh <- mean(pmax(-diff, 0))
    Djh <- (djh - pjh) / (djh + pjh)
    weight <- p[j] * s[h] + p[h] * s[j]
    gnb <- gnb + gjh * weight * Djh
    gt <- gt + gjh * weight * (1 - Djh)
    pairs[[length(pairs) + 1]] <- list(first = groups[a], second = groups[b], richer = groups[j],
                                       G_jh = unname(gjh), d_jh = djh, p_jh = pjh, D_jh = unname(Djh))
  }
  list(gini = gini(y), within = gw, net_between = unname(gnb), transvariation = unname(gt),
       G_jj = as.list(gjj), pairs = pairs)
}

# Theil T = GE(1) = mean((y/mu) log(y/mu)), L = GE(0) = mean(log(mu/y)); units unweighted.
#   T_b = sum_g (n_g/n)(mu_g/mu) log(mu_g/mu), T_w = sum_g s_g T_g;  L_b = sum_g (n_g/n) log(mu/mu_g), L_w = sum_g (n_g/n) L_g
theil <- function(y, g) {
  mu <- mean(y); n <- length(y)
  tt <- function(x) mean((x / mean(x)) * log(x / mean(x)))
  ll <- function(x) mean(log(mean(x) / x))
  tw <- 0; tb <- 0; lw <- 0; lb <- 0
  for (k in groups) {
    x <- y[g == k]; ng <- length(x); mg <- mean(x)
    tw <- tw + (ng * mg / (n * mu)) * tt(x); tb <- tb + (ng / n) * (mg / mu) * log(mg / mu)
    lw <- lw + (ng / n) * ll(x); lb <- lb + (ng / n) * log(mu / mg)
  }
  list(t = tt(y), t_within = tw, t_between = tb, l = ll(y), l_within = lw, l_between = lb)
}

# Gaussian kernel density on density()'s grid (cut = 3, n = 512), evaluated exactly.
exact_density <- function(x, h, grid) sapply(grid, function(g) mean(dnorm((g - x) / h)) / h)

by_year <- lapply(sort(unique(panel$year)), function(t) {
  rows <- panel[panel$year == t, ]
  y <- rows$sales; g <- rows$region
  h <- bw.nrd0(y)
  binned <- density(y, bw = h, n = 512, cut = 3)
  exact <- exact_density(y, h, binned$x)
  list(period = as.character(t), n = length(y), mean = mean(y), dagum = dagum(y, g), theil = theil(y, g),
       bandwidth = h, from = min(binned$x), to = max(binned$x),
       binned_max_abs_difference = max(abs(binned$y - exact)), density_max = max(exact))
})
density_years <- c("1963", "1977", "1992")
curves <- lapply(density_years, function(t) {
  y <- panel$sales[panel$year == as.integer(t)]
  h <- bw.nrd0(y)
  grid <- seq(min(y) - 3 * h, max(y) + 3 * h, length.out = 512)
  list(period = t, x = grid, density = exact_density(y, h, grid))
})

# A cross-section with a constant stretch, for R's fall-backs in bw.nrd0: IQR = 0 -> sd.
fallback <- c(rep(5, 10), 1, 9)
fallback_curve <- list(x = fallback, bandwidth = bw.nrd0(fallback))

# Entropy-weight index of sales, ndi (positive) and price (negative) over the pooled panel.
entropy_index <- function(x, negative, shift, by = NULL) {
  norm <- function(v, neg) if (neg) (max(v) - v) / (max(v) - min(v)) else (v - min(v)) / (max(v) - min(v))
  z <- sapply(seq_along(negative), function(j) norm(x[, j], negative[j])) + shift
  p <- sweep(z, 2, colSums(z), "/")
  e <- -colSums(p * log(p)) / log(nrow(z))
  dv <- 1 - e; w <- dv / sum(dv)
  v <- sweep(z, 2, w, "*")
  dplus <- sqrt(rowSums(sweep(v, 2, apply(v, 2, max))^2))
  dminus <- sqrt(rowSums(sweep(v, 2, apply(v, 2, min))^2))
  # TOPSIS with vector normalisation of the raw values: r = x / ||x||, best = max (min for a negative)
  r <- sweep(x, 2, sqrt(colSums(x^2)), "/"); vr <- sweep(r, 2, w, "*")
  best <- sapply(seq_along(negative), function(j) if (negative[j]) min(vr[, j]) else max(vr[, j]))
  worst <- sapply(seq_along(negative), function(j) if (negative[j]) max(vr[, j]) else min(vr[, j]))
  vplus <- sqrt(rowSums(sweep(vr, 2, best)^2)); vminus <- sqrt(rowSums(sweep(vr, 2, worst)^2))
  list(entropy = unname(e), divergence = unname(dv), weight = unname(w), index = unname(drop(z %*% w)),
       topsis = unname(dminus / (dplus + dminus)), topsis_vector = unname(vminus / (vplus + vminus)))
}
x <- as.matrix(panel[, c("sales", "ndi", "price")])
pooled <- entropy_index(x, c(FALSE, FALSE, TRUE), 1e-4)
# Per period: each year's own min-max normalisation and weights (the index of 1963 kept, to check the
# rows of a period are used; the weights of every year).
per_period <- lapply(sort(unique(panel$year)), function(t) {
  r <- entropy_index(x[panel$year == t, ], c(FALSE, FALSE, TRUE), 1e-4)
  keep <- if (t == min(panel$year)) c("entropy", "divergence", "weight", "index", "topsis") else c("entropy", "divergence", "weight")
  c(list(period = as.character(t)), r[keep])
})

writeLines(toJSON(list(
  source = paste("R", getRversion(), "base R from the definitions (tests/reference/inequality_oracle.R)"),
  data = "tests/fixtures/cigar_regions.csv", variable = "sales", groups = groups,
  by_year = by_year, density_curves = curves, bandwidth_fallback = fallback_curve,
  entropy = list(indicators = c("sales", "ndi", "-price"), shift = 1e-4, pooled = pooled,
                 per_period = per_period)),
  auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests/fixtures/inequality_cigar.json")
