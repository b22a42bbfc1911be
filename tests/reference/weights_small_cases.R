# Reference values for the small hand-made weights cases (ties, duplicates, holes, corners), from
# spdep (Debian r-cran-spdep). Run from the repository root:
#   Rscript tests/reference/weights_small_cases.R
# Reads tests/fixtures/weights/shapes.geojson; writes tests/fixtures/weights/small_cases.json.
suppressMessages({
  library(spdep)
  library(sf)
  library(jsonlite)
})
sf_use_s2(FALSE)  # spillover's contiguity is planar; so is this reference

knn_rows <- function(xy, k, longlat = FALSE) {
  nn <- knearneigh(xy, k = k, longlat = longlat)$nn
  lapply(seq_len(nrow(nn)), function(i) I(as.integer(nn[i, ])))
}
named <- function(nb, names) sapply(nb, function(v) paste(names[v[v > 0]], collapse = ""))

lattice <- as.matrix(expand.grid(x = 0:3, y = 0:2))
duplicates <- rbind(c(0, 0), c(1, 0), c(0, 0), c(2, 0), c(0, 0), c(5, 5))
lonlat <- rbind(c(0, 0), c(1, 0), c(-1, 0), c(0, 1), c(0, -1), c(2, 2))
lonlat_nb <- knn2nb(knearneigh(lonlat, k = 3, longlat = TRUE))
lonlat_d <- nbdists(lonlat_nb, lonlat, longlat = TRUE)

shapes <- st_read("tests/fixtures/weights/shapes.geojson", quiet = TRUE)
out <- list(
  source = paste("R", getRversion(), "spdep", packageVersion("spdep")),
  lattice_knn3 = knn_rows(lattice, 3),            # rows in distance order, 1-based
  duplicates_knn2 = knn_rows(duplicates, 2),
  lonlat_knn3 = knn_rows(lonlat, 3, longlat = TRUE),
  lonlat_distance_1_4 = sprintf("%.17g", lonlat_d[[1]][lonlat_nb[[1]] == 4]),   # km, gcdist; text keeps all 17 digits
  lonlat_distance_2_1 = sprintf("%.17g", lonlat_d[[2]][lonlat_nb[[2]] == 1]),
  shapes_queen = named(poly2nb(shapes, queen = TRUE), shapes$name),
  shapes_rook = named(poly2nb(shapes, queen = FALSE), shapes$name)
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests/fixtures/weights/small_cases.json")
