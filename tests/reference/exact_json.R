# One writer for the fixtures whose doubles must read back bit for bit. jsonlite (digits = NA) stops
# at 15 significant digits, which does not always give back the same double; so each double is
# written as the shortest of its 15-, 16- or 17-digit forms that reads back as the same value, in
# toJSON's layout (auto_unbox, pretty). Sourced by the reference scripts:
#     source("tests/reference/exact_json.R"); write_exact_json(out, "tests/fixtures/x.json")

shortest_double_text <- function(v) vapply(v, function(x) {
  for (d in 15:17) {
    s <- sprintf(paste0("%.", d, "g"), x)
    if (as.numeric(s) == x) return(s)
  }
  s
}, "")

exact_json_numbers <- function(x) {
  if (is.list(x)) return(lapply(x, exact_json_numbers))
  if (!is.double(x)) return(x)
  stopifnot(all(is.finite(x)))
  txt <- shortest_double_text(unname(x))
  structure(if (length(x) == 1) txt else paste0("[", paste(txt, collapse = ", "), "]"), class = "json")
}

write_exact_json <- function(x, path) {
  writeLines(jsonlite::toJSON(exact_json_numbers(x), auto_unbox = TRUE, pretty = TRUE, json_verbatim = TRUE), path)
}
