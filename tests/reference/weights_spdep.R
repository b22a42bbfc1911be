# Reference neighbour sets and weights from spdep (Debian r-cran-spdep) for the weights module.
# Run from the repository root:  Rscript tests/reference/weights_spdep.R
# Writes tests/fixtures/weights/*.json and tests/fixtures/weights/london_points.csv (committed).
#
# Every neighbour list is written as an array (one entry per region, in record order) of arrays of
# 1-based region indices, sorted; weights lists follow the same layout.
suppressMessages({
  library(spdep)
  library(sf)
  library(jsonlite)
})

out <- "tests/fixtures/weights"
nb_json <- function(nb) lapply(nb, function(v) if (length(v) == 1 && v == 0) integer(0) else I(sort(as.integer(v))))
write_fixture <- function(x, name) {
  writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = FALSE), file.path(out, name))
}
info <- paste("R", getRversion(), "spdep", packageVersion("spdep"))

# --- Polygons: Columbus shapefile -------------------------------------------------------------
columbus <- st_read("data/columbus/columbus.shp", quiet = TRUE)
centroids <- st_coordinates(st_centroid(st_geometry(columbus)))  # area-weighted (planar: no CRS)
contiguity <- list(source = info, shapes = "data/columbus/columbus.shp",
                   centroid_x = centroids[, 1], centroid_y = centroids[, 2],
                   default_snap = sqrt(.Machine$double.eps),
                   queen = nb_json(poly2nb(columbus, queen = TRUE)),
                   rook = nb_json(poly2nb(columbus, queen = FALSE)),
                   queen_snap_0.1 = nb_json(poly2nb(columbus, queen = TRUE, snap = 0.1)),
                   rook_snap_0.3 = nb_json(poly2nb(columbus, queen = FALSE, snap = 0.3)))
write_fixture(contiguity, "columbus_contiguity.json")

# --- Points: Columbus centroid columns X, Y (planar) -----------------------------------------
d <- read.csv("data/columbus/columbus.csv")
xy <- cbind(d$X, d$Y)
k4 <- knearneigh(xy, k = 4)
d_max_k1 <- max(unlist(nbdists(knn2nb(knearneigh(xy, k = 1)), xy)))
band_nb <- dnearneigh(xy, 0, 3)      # leaves some units without neighbours
band_full <- dnearneigh(xy, 0, d_max_k1)
inv <- nbdists(band_full, xy)
points <- list(source = info, data = "data/columbus/columbus.csv", coords = c("X", "Y"),
               knn4 = lapply(seq_len(nrow(xy)), function(i) I(as.integer(k4$nn[i, ]))),  # in distance order
               knn4_nb = nb_json(knn2nb(k4)),
               knn4_sym_nb = nb_json(make.sym.nb(knn2nb(k4))),
               band_3 = nb_json(band_nb),
               band_full_d = d_max_k1,
               band_full = nb_json(band_full),
               band_full_dists = lapply(seq_along(band_full), function(i) I(inv[[i]][order(band_full[[i]])])))
write_fixture(points, "columbus_points.json")

# --- Points on the sphere: London cycle hire docks (spData), lon/lat ---------------------------
hire <- st_read(system.file("shapes/cycle_hire.geojson", package = "spData"), quiet = TRUE)
ll <- st_coordinates(hire)
write.csv(data.frame(id = hire$id, lon = sprintf("%.10f", ll[, 1]), lat = sprintf("%.10f", ll[, 2])),
          file.path(out, "london_points.csv"), row.names = FALSE, quote = FALSE)
ll <- as.matrix(read.csv(file.path(out, "london_points.csv"))[, c("lon", "lat")])
lk <- knearneigh(ll, k = 6, longlat = TRUE)
lb <- dnearneigh(ll, 0, 0.5, longlat = TRUE, use_s2 = FALSE)   # km, great circle (spdep's gcdist)
lonlat <- list(source = info, data = "tests/fixtures/weights/london_points.csv",
               knn6 = lapply(seq_len(nrow(ll)), function(i) I(as.integer(lk$nn[i, ]))),
               band_0.5km = nb_json(lb),
               band_0.5km_dists = lapply(seq_along(lb), function(i) {
                 if (length(lb[[i]]) == 1 && lb[[i]] == 0) numeric(0)
                 else I(nbdists(lb, ll, longlat = TRUE)[[i]][order(lb[[i]])])
               }))
write_fixture(lonlat, "london_lonlat.json")

# --- Graph and spectrum on Anselin's Columbus contiguity ---------------------------------------
col <- read.gal("data/columbus/COL.gal", region.id = as.character(d$POLYID))
W <- listw2mat(nb2listw(col, style = "W"))
ev <- eigen(W, only.values = TRUE)$values
graph <- list(source = info, weights = "data/columbus/COL.gal",
              order2_exclusive = nb_json(nblag(col, 2)[[2]]),
              order3_cumulative = nb_json(nblag_cumul(nblag(col, 3))),
              components = n.comp.nb(col)$nc,
              row_eigen_min = min(Re(ev)), row_eigen_max = max(Re(ev)),
              binary_eigen_max = max(Re(eigen(listw2mat(nb2listw(col, style = "B")), only.values = TRUE)$values)))
write_fixture(graph, "columbus_graph.json")
cat("fixtures written to", out, "\n")
