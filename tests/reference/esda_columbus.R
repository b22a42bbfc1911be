# Reference values for the spatial autocorrelation statistics (esda/) on the bundled Columbus data:
# spdep's moran.test, geary.test, globalG.test, localmoran, localG (Gi and, with include.self, G*i)
# and moran_bv, for CRIME, HOVAL and INC under Anselin's contiguity (COL.gal) row-standardised ("W")
# and binary ("B"), and under COL.gal with unit 1 made an island (tests/fixtures/lm_island.gal);
# and, for the panels, moran.test per year and on the stacked years with the block-diagonal
# I_T ⊗ W on Baltagi's cigarette panel (data/cigar).
# Run from the repository root:  Rscript tests/reference/esda_columbus.R
# Writes tests/fixtures/esda_columbus.json (committed).
suppressMessages({
  library(spdep)
  library(jsonlite)
})
source("tests/reference/exact_json.R")

d <- read.csv("data/columbus/columbus.csv")
stopifnot(identical(d$POLYID, seq_len(nrow(d))))
col_nb <- read.gal("data/columbus/COL.gal", region.id = d$POLYID)
island_nb <- read.gal("tests/fixtures/lm_island.gal", region.id = d$POLYID)
variables <- c("CRIME", "HOVAL", "INC")

htest <- function(t) list(statistic = unname(t$estimate[1]), expected = unname(t$estimate[2]),
                          variance = unname(t$estimate[3]), z = unname(t$statistic), p_value = unname(t$p.value))

# Global statistics for one W: every variable, both variance assumptions, the three alternatives.
global_case <- function(label, weights_file, transform, lw) {
  by_variable <- lapply(variables, function(v) {
    x <- d[[v]]
    out <- list()
    for (alt in c("greater", "less", "two.sided")) {
      out[[paste0("moran_randomisation_", alt)]] <- htest(moran.test(x, lw, randomisation = TRUE, alternative = alt, zero.policy = TRUE))
      out[[paste0("moran_normality_", alt)]] <- htest(moran.test(x, lw, randomisation = FALSE, alternative = alt, zero.policy = TRUE))
      out[[paste0("geary_randomisation_", alt)]] <- htest(geary.test(x, lw, randomisation = TRUE, alternative = alt, zero.policy = TRUE))
      out[[paste0("geary_normality_", alt)]] <- htest(geary.test(x, lw, randomisation = FALSE, alternative = alt, zero.policy = TRUE))
      # globalG.test warns for a W that is not binary; its formulas are still the ones for the W given.
      out[[paste0("getis_", alt)]] <- htest(suppressWarnings(globalG.test(x, lw, alternative = alt, zero.policy = TRUE)))
    }
    out
  })
  names(by_variable) <- variables
  list(label = label, weights = weights_file, transform = transform, statistics = by_variable)
}

# Local statistics (localmoran's defaults: mlvar = TRUE, conditional = TRUE, two-sided) and its
# quadrants; localG's z-values and internals, for Gi and for G*i (include.self, same style).
local_case <- function(label, weights_file, transform, nb, style) {
  lw <- nb2listw(nb, style = style, zero.policy = TRUE)
  lw_star <- nb2listw(include.self(nb), style = style, zero.policy = TRUE)
  keep <- card(nb) > 0  # an island's Z is 0/0 in spdep; its row is checked by hand in the tests
  by_variable <- lapply(variables, function(v) {
    x <- d[[v]]
    lm <- localmoran(x, lw, zero.policy = TRUE)
    q <- attr(lm, "quadr")
    g <- localG(x, lw, zero.policy = TRUE, return_internals = TRUE)
    gs <- localG(x, lw_star, zero.policy = TRUE, return_internals = TRUE)
    gi <- attr(g, "internals")
    gsi <- attr(gs, "internals")
    list(
      units = which(keep),
      Ii = unname(lm[keep, 1]), E_Ii = unname(lm[keep, 2]), Var_Ii = unname(lm[keep, 3]),
      Z_Ii = unname(lm[keep, 4]), p_value = unname(lm[keep, 5]),
      quadrant_mean = as.character(q$mean[keep]), quadrant_pysal = as.character(q$pysal[keep]),
      p_fdr = unname(p.adjust(lm[keep, 5], "fdr")), p_bonferroni = unname(p.adjust(lm[keep, 5], "bonferroni")),
      Gi = unname(gi[keep, 1]), E_Gi = unname(gi[keep, 2]), Var_Gi = unname(gi[keep, 3]), Z_Gi = as.numeric(g)[keep],
      G_star = unname(gsi[keep, 1]), E_G_star = unname(gsi[keep, 2]), Var_G_star = unname(gsi[keep, 3]),
      Z_G_star = as.numeric(gs)[keep]
    )
  })
  names(by_variable) <- variables
  list(label = label, weights = weights_file, transform = transform, statistics = by_variable)
}

# GeoDa's bivariate Moran x against W y: spdep's moran_bv statistic (t0 of its boot object).
bivariate <- function(lw) {
  set.seed(1)
  pairs <- list(c("CRIME", "HOVAL"), c("CRIME", "INC"), c("INC", "CRIME"))
  lapply(pairs, function(p) list(x = p[1], y = p[2], I = unname(moran_bv(d[[p[1]]], d[[p[2]]], lw, nsim = 9)$t0)))
}

lw_w <- nb2listw(col_nb, style = "W")
lw_b <- nb2listw(col_nb, style = "B")
lw_island <- nb2listw(island_nb, style = "W", zero.policy = TRUE)
global <- list(
  global_case("col_row", "data/columbus/COL.gal", "row", lw_w),
  global_case("col_binary", "data/columbus/COL.gal", "binary", lw_b),
  global_case("island_row", "tests/fixtures/lm_island.gal", "row", lw_island),
  global_case("island_binary", "tests/fixtures/lm_island.gal", "binary",
              nb2listw(island_nb, style = "B", zero.policy = TRUE))
)
local <- list(
  local_case("col_row", "data/columbus/COL.gal", "row", col_nb, "W"),
  local_case("col_binary", "data/columbus/COL.gal", "binary", col_nb, "B"),
  local_case("island_row", "tests/fixtures/lm_island.gal", "row", island_nb, "W")
)

# Panels: Baltagi's cigarette sales (46 states, 1963-1992), queen contiguity row-standardised.
cg <- read.csv("data/cigar/cigar.csv")
cg <- cg[order(cg$year, cg$state), ]
cigar_nb <- read.gal("data/cigar/cigar_queen.gal", region.id = sort(unique(cg$state)))
cigar_lw <- nb2listw(cigar_nb, style = "W", zero.policy = TRUE)
years <- sort(unique(cg$year))
per_year <- lapply(years, function(y) {
  x <- cg$logc[cg$year == y]
  c(list(period = as.character(y)), htest(moran.test(x, cigar_lw, zero.policy = TRUE)))
})
# I_T ⊗ W as one listw over the N·T stacked rows (period-major, as the data are sorted).
N <- length(cigar_nb)
stacked_nb <- do.call(c, lapply(seq_along(years) - 1, function(t) lapply(cigar_nb, function(v) if (identical(v, 0L)) 0L else as.integer(v + t * N))))
class(stacked_nb) <- "nb"
attr(stacked_nb, "region.id") <- as.character(seq_along(stacked_nb))
stacked_lw <- nb2listw(stacked_nb, style = "W", zero.policy = TRUE)
period_centred <- cg$logc - ave(cg$logc, cg$year)
panel <- list(
  data = "data/cigar/cigar.csv", weights = "data/cigar/cigar_queen.gal", variable = "logc",
  id_column = "state", time_column = "year", transform = "row",
  per_period = per_year,
  pooled_raw = htest(moran.test(cg$logc, stacked_lw, zero.policy = TRUE)),
  pooled_period_centred = htest(moran.test(period_centred, stacked_lw, zero.policy = TRUE)),
  geary_pooled_raw = htest(geary.test(cg$logc, stacked_lw, zero.policy = TRUE)),
  geary_pooled_period_centred = htest(geary.test(period_centred, stacked_lw, zero.policy = TRUE))
)

write_exact_json(list(source = paste("R", getRversion(), "spdep", packageVersion("spdep"),
                                     "moran.test, geary.test, globalG.test, localmoran, localG, moran_bv"),
                      data = "data/columbus/columbus.csv", id_column = "POLYID",
                      global = global, local = local, bivariate = bivariate(lw_w), panel = panel),
                 "tests/fixtures/esda_columbus.json")
