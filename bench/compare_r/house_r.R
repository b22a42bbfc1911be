# The R side of bench/compare_r/house.sh: the Lucas County (Ohio) house sales of spData (`house`,
# 25,357 sales 1993-1998, a SpatialPointsDataFrame) with their neighbours `LO_nb` (sphere-of-
# influence graph of the sales' points, symmetric, no islands), the spatial Durbin model of
#     lprice ~ age + age2 + lotsize + rooms + beds + TLA + syear
#
#   Rscript house_r.R export DIR   writes DIR/house.csv and DIR/house.gal
#   Rscript house_r.R fit DIR      fits the SDM in R and prints one JSON line
#
# export: house.csv has the columns id (1..n, house's row order, = LO_nb's region ids), lprice =
#   log(price), age, age2 = age^2, lotsize, rooms, beds, TLA, syear. Every double is written as the
#   shortest text that reads back as the same double (tests/reference/exact_json.R), so R and
#   spillover fit the same numbers. house.gal is LO_nb (write.nb.gal, new style, ids = the CSV's id),
#   checked by reading it back.
#   syear: in spData it is a FACTOR with levels 1993..1998. In an R formula a factor would be expanded
#   into 5 year dummies; our CSV column is one number, so both sides would not fit the same model.
#   We write syear as the numeric year (as.integer(as.character(syear)), 1993..1998), a linear
#   trend, and R fits that numeric column too (so R's model here is NOT the usual one with year
#   dummies; both sides fit the same 8 regressors + 7 lags + intercept).
# fit: reads DIR/house.csv (not timed), then times nb2listw(LO_nb, style = "W") and
#   lagsarlm(lprice ~ ..., data, listw, type = "mixed", method = "Matrix") with spatialreg's defaults
#   otherwise: tol.opt = sqrt(.Machine$double.eps), rho interval c(-1, 0.999) (method "Matrix" does
#   not compute eigenvalues), and, since n > control$small (1500), standard errors from a numerical
#   Hessian (con$fdHess = TRUE; getVmatl), which is part of the timed call.
#   Prints {"n", "seconds" (elapsed, lagsarlm only), "seconds_with_listw" (nb2listw + lagsarlm),
#   "cpu_seconds" (user + system CPU of lagsarlm, all threads: less sensitive to a loaded machine), "rho",
#   "rho_se", "loglik", "interval", "se_route", "coefficients": {name: estimate}}.
suppressPackageStartupMessages({
  library(Matrix)
  library(sp)
  library(spdep)
  library(spatialreg)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2 || !args[1] %in% c("export", "fit")) stop("usage: Rscript house_r.R export|fit DIR")
mode <- args[1]
dir <- args[2]

here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE)[1])))
source(file.path(here, "..", "..", "tests", "reference", "exact_json.R"))  # shortest_double_text

e <- new.env()
data(house, package = "spData", envir = e)   # also brings LO_nb
h <- e$house@data
nb <- e$LO_nb
n <- nrow(h)
stopifnot(length(nb) == n, identical(attr(nb, "region.id"), as.character(seq_len(n))),
          identical(row.names(h), as.character(seq_len(n))))
formula <- lprice ~ age + age2 + lotsize + rooms + beds + TLA + syear

if (mode == "export") {
  stopifnot(is.factor(h$syear))
  d <- data.frame(id = seq_len(n), lprice = log(h$price), age = as.numeric(h$age), age2 = as.numeric(h$age)^2,
                  lotsize = h$lotsize, rooms = h$rooms, beds = h$beds, TLA = h$TLA,
                  syear = as.integer(as.character(h$syear)))
  csv <- file.path(dir, "house.csv")
  cols <- lapply(d, function(v) if (is.double(v)) shortest_double_text(v) else as.character(v))
  writeLines(c(paste(names(d), collapse = ","), do.call(paste, c(cols, sep = ","))), csv)
  back <- read.csv(csv)
  for (v in names(d)) stopifnot(all(back[[v]] == d[[v]]))
  gal <- file.path(dir, "house.gal")
  write.nb.gal(nb, gal, oldstyle = FALSE, shpfile = "house", ind = "id")
  nb_back <- read.gal(gal, region.id = as.character(d$id))
  stopifnot(isTRUE(all.equal(lapply(nb_back, as.integer), lapply(nb, as.integer), check.attributes = FALSE)))
  quit(status = 0)
}

data <- read.csv(file.path(dir, "house.csv"))
stopifnot(nrow(data) == n, identical(data$id, seq_len(n)))
listw_t <- system.time(lw <- nb2listw(nb, style = "W"))
fit_t <- system.time(
  fit <- lagsarlm(formula, data = data, listw = lw, type = "mixed", method = "Matrix")
)
cpu <- function(t) sum(t[c("user.self", "sys.self")], t[c("user.child", "sys.child")], na.rm = TRUE)
fit_s <- fit_t[["elapsed"]]
cat(toJSON(list(n = n, seconds = fit_s, seconds_with_listw = listw_t[["elapsed"]] + fit_s, cpu_seconds = cpu(fit_t),
                rho = unname(fit$rho),
                rho_se = unname(fit$rho.se), loglik = as.numeric(logLik(fit)), interval = fit$interval,
                se_route = if (isTRUE(fit$ase)) "analytic" else if (!isFALSE(fit$fdHess)) "fdHess" else "none",
                coefficients = as.list(setNames(unname(fit$coefficients), sub("^lag\\.", "W_", names(fit$coefficients))))),
           auto_unbox = TRUE, digits = NA), "\n")
