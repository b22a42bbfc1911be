# The binary W of a GAL file, written here for the R oracles of tests/reference/ (panel_fe_oracle.R,
# dynamic_panel_oracle.R, sdpdmod_dynamic_check.R): header "0 N name idvar" or "N", then per unit
# "id count" and the neighbour ids. Rows and columns in the file's order, named by id; no islands.
read_gal_matrix <- function(path) {
  lines <- trimws(readLines(path))
  head <- strsplit(lines[1], "[[:space:]]+")[[1]]
  n <- as.integer(if (length(head) >= 2) head[2] else head[1])
  ids <- character(n)
  nbrs <- vector("list", n)
  pos <- 2
  for (i in seq_len(n)) {
    h <- strsplit(lines[pos], "[[:space:]]+")[[1]]
    ids[i] <- h[1]
    cnt <- as.integer(h[2])
    stopifnot(cnt > 0)                       # no islands: row standardisation needs a neighbour
    nbrs[[i]] <- strsplit(lines[pos + 1], "[[:space:]]+")[[1]]
    stopifnot(length(nbrs[[i]]) == cnt)
    pos <- pos + 2
  }
  B <- matrix(0, n, n, dimnames = list(ids, ids))
  for (i in seq_len(n)) B[i, match(nbrs[[i]], ids)] <- 1
  stopifnot(!anyNA(match(unlist(nbrs), ids)), all(diag(B) == 0))
  B
}
