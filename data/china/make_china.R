# Generates the SYNTHETIC panel data/china/china_panel.csv and its truth.json: the 31 mainland
# provinces x 2012-2023 with the inputs of a "new quality productive forces" (NQPF) index, the latent
# NQPF level and innovation regressors. Geography (ids, codes, regions, capitals, contiguity) is
# real; every number of the panel is drawn here. Run from the repository root:
#   Rscript data/china/make_china.R                       # seed 20240601, writes data/china/
#   Rscript data/china/make_china.R --seed 7 --out /tmp/x # another draw elsewhere (power checks)
# Needs R with spdep and jsonlite. See README.md for the model and the checks.
suppressPackageStartupMessages({ library(spdep); library(jsonlite) })

args <- commandArgs(trailingOnly = TRUE)
arg <- function(name, default) {
  k <- match(name, args)
  if (is.na(k)) default else args[k + 1]
}
seed <- as.integer(arg("--seed", "20240601"))
dir <- "data/china"
out <- arg("--out", dir)
set.seed(seed)

prov <- read.csv(file.path(dir, "provinces.csv"), encoding = "UTF-8", stringsAsFactors = FALSE)
N <- nrow(prov)
years <- 2012:2023
TT <- length(years)
tau <- (years - years[1]) / (TT - 1)          # 0 in 2012 ... 1 in 2023

# Row-standardised contiguity W (units in provinces.csv order).
nb <- read.gal(file.path(dir, "china_contiguity.gal"), region.id = prov$province)
W <- nb2mat(nb, style = "W")
dimnames(W) <- NULL

# ---- A development score per province -----------------------------------------------------------
# A hand-set ranking in [0, 1] (Beijing 1, Shanghai next, the coastal East high, Tibet lowest) that
# drives the levels of every regressor; it is a device of this generator, not a measured quantity.
score <- c(Beijing = 1.00, Tianjin = 0.70, Hebei = 0.35, Shanxi = 0.32, Neimenggu = 0.38,
           Liaoning = 0.45, Jilin = 0.35, Heilongjiang = 0.30, Shanghai = 0.95, Jiangsu = 0.78,
           Zhejiang = 0.76, Anhui = 0.45, Fujian = 0.60, Jiangxi = 0.36, Shandong = 0.58,
           Henan = 0.37, Hubei = 0.50, Hunan = 0.42, Guangdong = 0.76, Guangxi = 0.27,
           Hainan = 0.33, Chongqing = 0.50, Sichuan = 0.45, Guizhou = 0.22, Yunnan = 0.22,
           Xizang = 0.08, Shaanxi = 0.48, Gansu = 0.18, Qinghai = 0.20, Ningxia = 0.28,
           Xinjiang = 0.22)
stopifnot(identical(names(score), prov$province))
s <- unname(score)

# ---- Regressors: level(score) x trend with unit-specific growth x AR(1) shock ------------------
# AR(1) shocks per unit (rows) over the years (columns), stationary with standard deviation sd.
ar1 <- function(sd, phi = 0.6) {
  e <- matrix(0, N, TT)
  e[, 1] <- rnorm(N, 0, sd)
  for (t in 2:TT) e[, t] <- phi * e[, t - 1] + rnorm(N, 0, sd * sqrt(1 - phi^2))
  e
}
# Unit-specific growth over 2012-2023: mean g, spread sd (so that trends differ between units).
growth <- function(g, sd) outer(g + rnorm(N, 0, sd), tau)

# R&D expenditure, % of GDP (multiplicative: Beijing about 4.8 in 2012, Tibet about 0.2).
rd <- (0.20 + 4.6 * s^1.8) * exp(growth(0.25, 0.10) + ar1(0.08))
# Invention patents granted per 10,000 people.
patents <- (0.30 + 24 * s^2.5) * exp(growth(0.85, 0.20) + ar1(0.10))
# Average years of schooling of the population aged 6 and over.
human_capital <- (6.0 + 5.5 * s) + growth(1.0, 0.25) + ar1(0.15)
# Digital economy index in [0, 1].
digital <- (0.05 + 0.35 * s) + outer((0.15 + 0.20 * s) * exp(rnorm(N, 0, 0.3)), tau) + ar1(0.04)
digital <- pmin(pmax(digital, 0.01), 0.99)
# Urbanisation rate, % (catching up: the least urban gain most).
urban <- (22 + 62 * s) + outer((9 - 5 * s) * exp(rnorm(N, 0, 0.2)), tau) + ar1(0.6)
urban <- pmin(urban, 90)
# Openness: trade / GDP, % (drifting down over the period, as in the data of the 2010s).
open <- (2.0 + 85 * s^2.5) * exp(growth(-0.20, 0.10) + ar1(0.08))
# GDP per capita, 10,000 yuan (not in the model; the economic weights use it).
gdppc <- (2.0 + 7.5 * s^1.3) * exp(growth(0.65, 0.10) + ar1(0.03))

# Round as published; the outcome is generated from the rounded values, so that the model below
# holds exactly for the data as written.
X <- list(rd = round(rd, 3), patents = round(patents, 3), human_capital = round(human_capital, 3),
          digital = round(digital, 4), urban = round(urban, 2), open = round(open, 3))
gdppc <- round(gdppc, 3)
vars <- names(X)

# ---- The outcome: a two-way fixed-effects spatial Durbin model ----------------------------------
rho <- 0.30
beta <- c(rd = 0.030, patents = 0.0015, human_capital = 0.020, digital = 0.150, urban = 0.0020,
          open = 0.0003)
theta <- c(rd = 0.025, patents = 0.0010, human_capital = -0.010, digital = 0.080, urban = 0.0,
           open = -0.0002)
sigma <- 0.015
# Unit effects correlated with the unit's mean regressors, so that random effects would be
# inconsistent and fixed effects are the right estimator, as with real provincial data. The
# loading is negative (corr(mu, unit means) about -0.9): part of the cross-province gap that the
# regressors imply is offset by the unit effects (read it as catching up), which keeps nqpf in
# index units (about 0.05-0.8) with the coefficients below. The constant -0.18 only sets the
# level. Time effects alpha_t rise by 0.004 a year.
xbar <- sapply(X, rowMeans)
zbar <- as.vector(scale(rowMeans(scale(xbar[, c("rd", "human_capital", "digital")]))))
mu <- -0.18 - 0.06 * zbar + rnorm(N, 0, 0.02)
alpha <- 0.004 * (seq_len(TT) - 1)
A <- solve(diag(N) - rho * W)                  # dense 31 x 31 (I - rho W)^-1
eps <- matrix(rnorm(N * TT, 0, sigma), N, TT)
nqpf <- matrix(0, N, TT)
for (t in seq_len(TT)) {
  Xt <- sapply(X, function(x) x[, t])
  nqpf[, t] <- A %*% (Xt %*% beta + W %*% Xt %*% theta + mu + alpha[t] + eps[, t])
}
nqpf <- round(nqpf, 6)
stopifnot(all(nqpf > 0))

# ---- The six NQPF indicators: noisy monotone functions of nqpf in their own units ---------------
noise <- function(sd) matrix(rnorm(N * TT, 0, sd), N, TT)
ind <- list(
  # value added per worker, 10,000 yuan: convex, multiplicative noise
  labour_productivity = round((5 + 35 * nqpf^1.2) * exp(noise(0.08)), 3),
  # high-tech share of industrial revenue, %: logistic
  hightech_share = round(100 * plogis(-3.2 + 3.5 * nqpf + noise(0.30)), 3),
  # digital infrastructure index 0-100: concave, saturating, additive noise
  digital_infra = round(pmin(pmax(100 * (1 - exp(-2.2 * nqpf)) + noise(4), 0), 100), 2),
  # green total factor productivity (Malmquist-like, about 1): weak signal, much noise
  green_tfp = round(0.85 + 0.35 * nqpf + noise(0.06), 4),
  # strategic emerging industries, % of GDP: convex, multiplicative noise
  new_industry_share = round((4 + 18 * nqpf^1.5) * exp(noise(0.15)), 3),
  # energy intensity, tonnes of coal equivalent per 10,000 yuan: decreasing (a cost indicator)
  energy_intensity = round(1.6 * exp(-2.2 * nqpf + noise(0.12)), 4))

# ---- Write the panel: one row per province and year, sorted by province (GB/T order) then year --
long <- function(m) as.vector(t(m))           # unit-major: province 1's years, then province 2's
panel <- data.frame(province = rep(prov$province, each = TT), code = rep(prov$code, each = TT),
                    region = rep(prov$region, each = TT), year = rep(years, N),
                    lon = sprintf("%.2f", rep(prov$lon, each = TT)),
                    lat = sprintf("%.2f", rep(prov$lat, each = TT)), stringsAsFactors = FALSE)
for (v in names(ind)) panel[[v]] <- long(ind[[v]])
panel$nqpf <- long(nqpf)
for (v in vars) panel[[v]] <- long(X[[v]])
panel$gdppc <- long(gdppc)
dir.create(out, showWarnings = FALSE, recursive = TRUE)
write.csv(panel, file.path(out, "china_panel.csv"), row.names = FALSE, quote = FALSE)

# ---- truth.json: the parameters and the exact effects on the row-standardised W -----------------
effects <- t(sapply(vars, function(k) {
  S <- A %*% (beta[[k]] * diag(N) + theta[[k]] * W)
  direct <- mean(diag(S))
  total <- mean(rowSums(S))
  c(direct = direct, indirect = total - direct, total = total)
}))
truth <- list(
  note = "Synthetic data: the parameters that generated china_panel.csv (make_china.R).",
  seed = seed, N = N, T = TT, years = years,
  formula = "nqpf ~ rd + patents + human_capital + digital + urban + open",
  model = "two-way fixed-effects spatial Durbin model: y_t = rho W y_t + X_t beta + W X_t theta + mu + alpha_t + e_t",
  W = list(file = "china_contiguity.gal", transform = "row-standardised"),
  rho = rho, beta = as.list(beta), theta = as.list(theta), sigma = sigma, sigma2 = sigma^2,
  effects = list(direct = as.list(effects[, "direct"]), indirect = as.list(effects[, "indirect"]),
                 total = as.list(effects[, "total"])),
  effects_definition = "S_k = (I - rho W)^-1 (beta_k I + theta_k W); direct = mean diag(S_k); total = mean row sum of S_k; indirect = total - direct")
writeLines(toJSON(truth, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(out, "truth.json"))

cat(sprintf("seed %d: %d rows; nqpf in [%.3f, %.3f], mean %.3f; sd(eps) / sd(nqpf) = %.3f\n",
            seed, nrow(panel), min(nqpf), max(nqpf), mean(nqpf), sigma / sd(nqpf)))
