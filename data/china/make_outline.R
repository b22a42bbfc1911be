# Writes china_outline.gpkg: the outline of China (mainland, Hainan and the smaller islands of the
# same feature) from Natural Earth's 1:50m countries (public domain), as shipped by Debian's
# r-cran-rnaturalearthdata. It is only the background of maps of the 31 capitals (points): no
# province polygons ship in Debian. One feature, one field `name`, layer `china`, WGS84.
# Run from the repository root:  Rscript data/china/make_outline.R
suppressPackageStartupMessages({ library(sf); library(rnaturalearthdata) })
dir <- "data/china"
world <- st_as_sf(rnaturalearthdata::countries50)
china <- world[world$admin == "China", ]
stopifnot(nrow(china) == 1)
china <- st_sf(name = "China", geometry = st_geometry(china))
china <- st_transform(china, 4326)
out <- file.path(dir, "china_outline.gpkg")
if (file.exists(out)) invisible(file.remove(out))
st_write(china, out, layer = "china", quiet = TRUE)

# Check the capitals of provinces.csv against the outline: each should lie inside it or, for the
# coastal ones, within a few km of the generalised 1:50m coastline.
prov <- read.csv(file.path(dir, "provinces.csv"), encoding = "UTF-8")
pts <- st_as_sf(prov, coords = c("lon", "lat"), crs = 4326)
sf_use_s2(TRUE)
d <- as.numeric(st_distance(pts, china)) / 1000
inside <- lengths(st_within(pts, china)) > 0
stopifnot(all(d < 10))
cat(sprintf("%s: %d capitals inside the outline; outside: %s\n", out, sum(inside),
            if (all(inside)) "none" else paste(sprintf("%s (%.1f km)", prov$capital[!inside],
                                                       d[!inside]), collapse = ", ")))
cat(sprintf("file size %d bytes, %d polygon parts\n", file.size(out),
            length(st_cast(st_geometry(china), "POLYGON"))))
