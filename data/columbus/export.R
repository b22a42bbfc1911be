# Exports Anselin's (1988) Columbus, Ohio data (49 neighbourhoods, 1980) from Debian's R packages
# r-cran-spdata and r-cran-spdep into data/columbus/. Run from the repository root:
#   Rscript data/columbus/export.R
# The outputs are committed, so neither the build nor the tests need R.
suppressMessages({
  library(sf)
  library(spdep)
})

out <- "data/columbus"
shapes <- system.file("shapes", package = "spData")

# The shapefile (polygons, records in POLYID order 1..49) and all its attribute columns as CSV.
for (ext in c("shp", "shx", "dbf")) {
  file.copy(file.path(shapes, paste0("columbus.", ext)), file.path(out, paste0("columbus.", ext)),
            overwrite = TRUE)
}
columbus <- st_read(file.path(shapes, "columbus.shp"), quiet = TRUE)
write.csv(st_drop_geometry(columbus), file.path(out, "columbus.csv"), row.names = FALSE)

# spData's columbus.gal: 230 links, ids are POLYID.
file.copy(system.file("weights/columbus.gal", package = "spData"), file.path(out, "columbus.gal"),
          overwrite = TRUE)

# Anselin's own contiguity (spdep's oldcol data, COL.nb: 232 links). COL.OLD is ordered by NEIG
# (region ids "1001".."1049" = 1000 + NEIG), so relabel the regions with POLYID before writing.
data(oldcol)
col_nb <- COL.nb
attr(col_nb, "region.id") <- as.character(COL.OLD$POLYID)
write.nb.gal(col_nb, file.path(out, "COL.gal"), oldstyle = FALSE, shpfile = "columbus", ind = "POLYID")

cat("links: columbus.gal", sum(card(read.gal(file.path(out, "columbus.gal")))),
    "COL.gal", sum(card(col_nb)), "\n")
