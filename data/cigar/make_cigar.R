# Baltagi's cigarette-demand panel (plm's Cigar: 46 states x 1963-1992) and its state polygons, for
# data/cigar/. Run from the repository root, through make_cigar.sh (which also builds the weights):
#   Rscript data/cigar/make_cigar.R            # writes cigar.csv and us_states46.gpkg
#   Rscript data/cigar/make_cigar.R --check    # compares cigar_queen.gal with spdep's poly2nb
# Needs Debian's r-cran-plm, r-cran-spdata, r-cran-sf, r-cran-spdep. The outputs are committed, so
# neither the build nor the tests need R.
suppressMessages({
  library(sf)
  library(spdep)
})

out <- "data/cigar"
gpkg <- file.path(out, "us_states46.gpkg")
gal <- file.path(out, "cigar_queen.gal")
snap <- 1e-6  # degrees (NAD83 lon/lat); the same value make_cigar.sh gives `spillover weights build`
check_only <- "--check" %in% commandArgs(trailingOnly = TRUE)

# --- The code -> state mapping ------------------------------------------------------------------
# Cigar's `state` numbers the 50 states and DC in alphabetical order of their names (DC, "District of
# Columbia", between Delaware and Florida): 1 = Alabama ... 51 = Wyoming. Five have no data: Alaska (2),
# Colorado (6), Hawaii (12), North Carolina (34), Oregon (38). See README.md for how this was checked.
states <- data.frame(
  code = 1:51,
  abbrev = c("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
             "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
             "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
             "VT", "VA", "WA", "WV", "WI", "WY"),
  name = c("Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
           "Delaware", "District of Columbia", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois",
           "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts",
           "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
           "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota",
           "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina",
           "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
           "West Virginia", "Wisconsin", "Wyoming"),
  stringsAsFactors = FALSE)
stopifnot(identical(states$name, sort(states$name)))  # alphabetical, as the codes
missing_codes <- c(2L, 6L, 12L, 34L, 38L)              # AK, CO, HI, NC, OR

data(Cigar, package = "plm")
stopifnot(nrow(Cigar) == 1380, identical(sort(unique(Cigar$state)), setdiff(1:51, missing_codes)),
          all(table(Cigar$state) == 30), identical(sort(unique(Cigar$year)), 63:92))
cigar <- merge(states, Cigar, by.x = "code", by.y = "state")
names(cigar)[names(cigar) == "code"] <- "state"
cigar$year <- 1900L + cigar$year                      # plm stores 63..92
cigar <- cigar[order(cigar$state, cigar$year), ]

# Checks of the mapping against the data (1980: the census year).
c80 <- cigar[cigar$year == 1980, ]
pop80 <- setNames(c80$pop, c80$abbrev)               # thousands
stopifnot(
  identical(names(sort(pop80, decreasing = TRUE))[1:5], c("CA", "NY", "TX", "PA", "IL")),
  identical(names(sort(pop80))[1:3], c("WY", "VT", "DE")),
  abs(pop80[["CA"]] - 23668) < 50, abs(pop80[["NY"]] - 17558) < 50, abs(pop80[["TX"]] - 14229) < 50,
  abs(pop80[["WY"]] - 470) < 5, abs(pop80[["DC"]] - 638) < 5, abs(pop80[["RI"]] - 947) < 5,
  # Kentucky, the largest tobacco grower, has the lowest price and Virginia the next lowest
  identical(names(sort(setNames(c80$price, c80$abbrev)))[1:2], c("KY", "VA")),
  # pimin of Kentucky's neighbours is Kentucky's price
  all(c80$pimin[c80$abbrev %in% c("IN", "IL", "OH", "WV", "TN", "MO", "VA")] ==
        c80$price[c80$abbrev == "KY"]))

if (!check_only) {
  # --- cigar.csv ----------------------------------------------------------------------------------
  cigar$logc <- log(cigar$sales)
  cigar$logp <- log(cigar$price / cigar$cpi)
  cigar$logy <- log(cigar$ndi / cigar$cpi)
  # The shortest decimal that reads back as the same double (15 significant digits, else 17).
  num <- function(x) {
    s <- sprintf("%.15g", x)
    long <- as.numeric(s) != x
    s[long] <- sprintf("%.17g", x[long])
    stopifnot(all(as.numeric(s) == x))
    s
  }
  cols <- c("state", "abbrev", "name", "year", "price", "pop", "pop16", "cpi", "ndi", "sales",
            "pimin", "logc", "logp", "logy")
  tab <- cigar[, cols]
  for (v in cols[5:length(cols)]) tab[[v]] <- num(tab[[v]])
  stopifnot(!any(grepl("[,\"]", tab$name)))          # no cell needs quoting
  write.table(tab, file.path(out, "cigar.csv"), sep = ",", quote = FALSE, row.names = FALSE,
              eol = "\n")
  back <- read.csv(file.path(out, "cigar.csv"))
  stopifnot(all(back$logc == log(back$sales)), all(back$logp == log(back$price / back$cpi)),
            all(back$logy == log(back$ndi / back$cpi)), all(back$price == cigar$price))

  # --- us_states46.gpkg ---------------------------------------------------------------------------
  # spData's us_states: the lower 48 states and DC (NAD83 lon/lat). Every Cigar unit, DC included,
  # is in it; Colorado, North Carolina and Oregon are dropped.
  us <- spData::us_states
  m <- match(us$NAME, states$name)
  stopifnot(!anyNA(m))
  us <- us[m %in% unique(Cigar$state), ]
  us$state <- states$code[match(us$NAME, states$name)]
  us$abbrev <- states$abbrev[match(us$state, states$code)]
  us$name <- us$NAME
  us$fips <- us$GEOID
  us <- us[order(us$state), c("state", "abbrev", "name", "fips")]
  stopifnot(nrow(us) == 46, identical(us$state, sort(unique(Cigar$state))))
  if (file.exists(gpkg)) file.remove(gpkg)
  st_write(us, gpkg, layer = "us_states46", quiet = TRUE)
  cat("wrote", file.path(out, "cigar.csv"), nrow(tab), "rows and", gpkg, nrow(us), "polygons\n")
} else {
  # --- Cross-check of cigar_queen.gal (spillover) against spdep -----------------------------------
  us <- st_read(gpkg, quiet = TRUE)
  ids <- as.character(us$state)
  nb_spdep <- poly2nb(us, queen = TRUE, snap = snap, row.names = ids)
  nb_ours <- read.gal(gal, region.id = ids)
  ab <- setNames(us$abbrev, ids)
  same <- TRUE
  for (i in seq_along(ids)) {
    a <- sort(ids[nb_spdep[[i]]]); b <- sort(ids[nb_ours[[i]]])
    if (!identical(a, b)) {
      same <- FALSE
      cat("differs:", ab[i], "spdep", ab[a], "| spillover", ab[b], "\n")
    }
  }
  cat("spdep poly2nb(queen, snap =", snap, "):", sum(card(nb_spdep)), "links; spillover:",
      sum(card(nb_ours)), "links;", if (same) "identical neighbour sets" else "DIFFERENT", "\n")
  cat("spdep default snap:", sum(card(poly2nb(us, queen = TRUE))), "links; rook:",
      sum(card(poly2nb(us, queen = FALSE, snap = snap))), "links\n")
  # Neighbour counts and lists, for README.md
  for (i in seq_along(ids))
    cat(sprintf("| %s | %s | %s | %d | %s |\n", ids[i], ab[i], us$name[i], card(nb_ours)[i],
                paste(ab[as.character(sort(as.integer(ids[nb_ours[[i]]])))], collapse = " ")))
  # pimin ("minimum price in adjoining states") against the contiguity: how often is it the
  # minimum price over the W-neighbours in the data?
  pm <- sapply(seq_len(nrow(cigar)), function(r) {
    i <- match(as.character(cigar$state[r]), ids)
    nbr <- as.integer(ids[nb_ours[[i]]])
    min(cigar$price[cigar$year == cigar$year[r] & cigar$state %in% nbr])
  })
  off <- abs(cigar$pimin - pm) >= 1e-9
  cat("pimin == min price over W-neighbours:", sum(!off), "of", nrow(cigar), "state-years; the others:\n")
  print(data.frame(cigar[off, c("abbrev", "year", "price", "pimin")], min_nb_price = pm[off]),
        row.names = FALSE)
  stopifnot(same, all(card(nb_ours) > 0))
}
