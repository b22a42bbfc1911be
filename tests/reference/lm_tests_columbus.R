# Reference values for the OLS spatial diagnostics (models/lm_tests) on the bundled Columbus data:
# spdep's lm.morantest (Moran's I of the residuals) and lm.LMtests(test = "all") (LM-error, LM-lag,
# their robust forms and SARMA) for CRIME ~ INC + HOVAL under four weights matrices.
# Run from the repository root:  Rscript tests/reference/lm_tests_columbus.R
# Writes tests/fixtures/lm_tests_columbus.json, tests/fixtures/columbus_knn4.gal and
# tests/fixtures/lm_island.gal (committed), so the C++ tests read exactly the W used here.
suppressMessages({
  library(spdep)
  library(jsonlite)
})

d <- read.csv("data/columbus/columbus.csv")
stopifnot(identical(d$POLYID, seq_len(nrow(d))))
fit <- lm(CRIME ~ INC + HOVAL, data = d)

# Anselin's contiguity (COL.nb), ids POLYID in record order.
col_nb <- read.gal("data/columbus/COL.gal", region.id = d$POLYID)

# kNN k = 4 on the X, Y centroid columns: asymmetric, so lm.morantest's symmetrisation
# (listw2U) is exercised.
knn_nb <- knn2nb(knearneigh(cbind(d$X, d$Y), k = 4), row.names = d$POLYID)
write.nb.gal(knn_nb, "tests/fixtures/columbus_knn4.gal", oldstyle = FALSE, shpfile = "columbus", ind = "POLYID")

# COL.nb with unit 1 made an island: its links and the links to it removed.
island_nb <- col_nb
for (i in seq_along(island_nb)) island_nb[[i]] <- setdiff(as.integer(island_nb[[i]]), 1L)
island_nb[[1]] <- 0L
island_nb <- lapply(island_nb, function(v) if (length(v) == 0) 0L else v)
attributes(island_nb) <- attributes(col_nb)
stopifnot(sum(card(island_nb) == 0) == 1, card(island_nb)[1] == 0)
write.nb.gal(island_nb, "tests/fixtures/lm_island.gal", oldstyle = FALSE, shpfile = "columbus", ind = "POLYID")
# Read both back, so R uses exactly what the C++ side reads.
knn_nb <- read.gal("tests/fixtures/columbus_knn4.gal", region.id = d$POLYID)
island_nb <- read.gal("tests/fixtures/lm_island.gal", region.id = d$POLYID)

describe <- function(label, weights_file, transform, listw) {
  # lm.LMtests warns for a W that is not row-standardised (the binary case); the numbers are still
  # the ones wanted.
  mt <- lm.morantest(fit, listw, zero.policy = TRUE, alternative = "greater")
  lm <- suppressWarnings(lm.LMtests(fit, listw, zero.policy = TRUE, test = "all"))
  test <- function(key) {
    t <- lm[[key]]
    list(statistic = unname(t$statistic), df = unname(t$parameter), p_value = unname(t$p.value),
         p_value_upper_tail = pchisq(unname(t$statistic), unname(t$parameter), lower.tail = FALSE))
  }
  z <- as.numeric(mt$statistic)
  list(
    label = label,
    weights = weights_file,
    transform = transform,
    n = nobs(fit),
    s0 = Szero(listw),
    moran_i = list(
      i = unname(mt$estimate[1]),
      expectation = unname(mt$estimate[2]),
      variance = unname(mt$estimate[3]),
      z = z,
      p_greater = as.numeric(mt$p.value),
      p_two_sided = 2 * pnorm(abs(z), lower.tail = FALSE)
    ),
    lm_error = test("LMerr"),
    lm_lag = test("LMlag"),
    robust_lm_error = test("RLMerr"),
    robust_lm_lag = test("RLMlag"),
    sarma = test("SARMA")
  )
}

cases <- list(
  describe("col_row", "data/columbus/COL.gal", "row", nb2listw(col_nb, style = "W")),
  describe("col_binary", "data/columbus/COL.gal", "binary", nb2listw(col_nb, style = "B")),
  describe("knn4_row", "tests/fixtures/columbus_knn4.gal", "row", nb2listw(knn_nb, style = "W")),
  describe("island_row", "tests/fixtures/lm_island.gal", "row",
           nb2listw(island_nb, style = "W", zero.policy = TRUE))
)
writeLines(toJSON(list(source = paste("R", getRversion(), "spdep", packageVersion("spdep"),
                                      "lm.morantest, lm.LMtests(test = \"all\")"),
                       data = "data/columbus/columbus.csv", formula = "CRIME ~ INC + HOVAL",
                       id_column = "POLYID", cases = cases),
                  auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "tests/fixtures/lm_tests_columbus.json")
