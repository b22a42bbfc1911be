# Writes china_contiguity.gal, the land contiguity of the 31 mainland provinces, from the list of
# shared borders below (read off the map of China, not computed from polygons: Debian ships no
# province layer). Hainan has no land border; by the usual convention of the provincial-panel
# literature it is joined to Guangdong across the Qiongzhou Strait, so that no unit is an island.
# Run from the repository root:  Rscript data/china/make_contiguity.R
# It then reads the file back with spdep and checks symmetry, islands and the number of links.
suppressPackageStartupMessages(library(spdep))
dir <- "data/china"
prov <- read.csv(file.path(dir, "provinces.csv"), encoding = "UTF-8")$province

# Each shared border once (undirected); grouped by the first province in GB/T 2260 order.
borders <- matrix(ncol = 2, byrow = TRUE, c(
  "Beijing", "Tianjin",       "Beijing", "Hebei",
  "Tianjin", "Hebei",
  "Hebei", "Shanxi",          "Hebei", "Neimenggu",     "Hebei", "Liaoning",
  "Hebei", "Shandong",        "Hebei", "Henan",
  "Shanxi", "Neimenggu",      "Shanxi", "Henan",        "Shanxi", "Shaanxi",
  "Neimenggu", "Liaoning",    "Neimenggu", "Jilin",     "Neimenggu", "Heilongjiang",
  "Neimenggu", "Shaanxi",     "Neimenggu", "Gansu",     "Neimenggu", "Ningxia",
  "Liaoning", "Jilin",
  "Jilin", "Heilongjiang",
  "Shanghai", "Jiangsu",      "Shanghai", "Zhejiang",
  "Jiangsu", "Zhejiang",      "Jiangsu", "Anhui",       "Jiangsu", "Shandong",
  "Zhejiang", "Anhui",        "Zhejiang", "Fujian",     "Zhejiang", "Jiangxi",
  "Anhui", "Jiangxi",         "Anhui", "Shandong",      "Anhui", "Henan",
  "Anhui", "Hubei",
  "Fujian", "Jiangxi",        "Fujian", "Guangdong",
  "Jiangxi", "Hubei",         "Jiangxi", "Hunan",       "Jiangxi", "Guangdong",
  "Shandong", "Henan",
  "Henan", "Hubei",           "Henan", "Shaanxi",
  "Hubei", "Hunan",           "Hubei", "Chongqing",     "Hubei", "Shaanxi",
  "Hunan", "Guangdong",       "Hunan", "Guangxi",       "Hunan", "Chongqing",
  "Hunan", "Guizhou",
  "Guangdong", "Guangxi",     "Guangdong", "Hainan",    # Hainan: by convention (strait)
  "Guangxi", "Guizhou",       "Guangxi", "Yunnan",
  "Chongqing", "Sichuan",     "Chongqing", "Guizhou",   "Chongqing", "Shaanxi",
  "Sichuan", "Guizhou",       "Sichuan", "Yunnan",      "Sichuan", "Xizang",
  "Sichuan", "Shaanxi",       "Sichuan", "Gansu",       "Sichuan", "Qinghai",
  "Guizhou", "Yunnan",
  "Yunnan", "Xizang",
  "Xizang", "Qinghai",        "Xizang", "Xinjiang",
  "Shaanxi", "Gansu",         "Shaanxi", "Ningxia",
  "Gansu", "Qinghai",         "Gansu", "Ningxia",       "Gansu", "Xinjiang",
  "Qinghai", "Xinjiang"
))
stopifnot(all(borders %in% prov), !any(borders[, 1] == borders[, 2]),
          !anyDuplicated(t(apply(borders, 1, sort)), MARGIN = 1))

gal <- file.path(dir, "china_contiguity.gal")
lines <- sprintf("0 %d china_contiguity province", length(prov))
for (p in prov) {
  nb <- c(borders[borders[, 1] == p, 2], borders[borders[, 2] == p, 1])
  nb <- prov[prov %in% nb]                      # neighbours in GB/T 2260 order
  lines <- c(lines, sprintf("%s %d", p, length(nb)), paste(nb, collapse = " "))
}
writeLines(lines, gal)

# Check: read back as spdep does, symmetric, no island, one connected component.
nb <- read.gal(gal, region.id = prov)
stopifnot(identical(attr(nb, "region.id"), prov), is.symmetric.nb(nb, force = TRUE),
          all(card(nb) > 0), n.comp.nb(nb)$nc == 1)
cat(sprintf("%s: %d provinces, %d undirected borders, %d directed links, %d to %d neighbours\n",
            gal, length(nb), nrow(borders), sum(card(nb)), min(card(nb)), max(card(nb))))
print(setNames(card(nb), prov))
