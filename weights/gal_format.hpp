#pragma once
// GAL: the neighbour-list file of GeoDa and spdep (read.gal / write.nb.gal). Binary weights only.
//
// Layout (fields separated by spaces or tabs; line ends LF or CRLF):
//
//     0 49 columbus POLYID        header, new style: "0 n shapefile idfield"
//     2 3                         unit line: "id count"
//     4 1 3                       neighbour line: the ids of its `count` neighbours
//     4 4
//     2 8 3 5
//     ...
//
// - Header: either "n" (old style, spdep oldstyle = TRUE) or "0 n [shapefile [idfield]]" (new style,
//   GeoDa and spdep oldstyle = FALSE). n >= 1. Blank lines before the header are skipped.
// - Then exactly n units, each a unit line "id count" followed by a neighbour line with `count` ids.
//   Units are in file order; the ids are any text without white space (spdep's old style writes
//   1..n). Every neighbour id must be the id of one of the n units.
// - Islands: count 0; the empty neighbour line that follows is optional (spdep writes it).
// - After the n units only blank lines may follow.
// - A unit listing itself is kept (W may have a diagonal); a neighbour listed twice is an error.
//
// Reading gives weight 1 for every link and transform none. Writing produces the new style with
// the given shapefile / id-field names; a W with any weight other than 1 is refused (GAL cannot
// carry weights: write GWT, MatrixMarket, CSV or Stata text instead), and so are ids with spaces.
//
// Errors (InputError, file:line:field): empty file; header not "n" or "0 n ..."; a unit line that is
// not "id count"; a unit listed twice; a neighbour line whose number of ids differs from its count;
// a neighbour id that is not a unit; a neighbour listed twice; the file ending before n units;
// text after the n units.
//
// Cost: one pass over the lines to find the units, one over the neighbour lines to resolve ids
// (hash lookups of views into the text); no per-token allocation.

#include <string>
#include <string_view>

#include "weights/spatial_weights.hpp"
#include "weights/weights_text.hpp"

namespace spillover {

/// Reads GAL text; `source` names it in messages (a path).
SpatialWeights read_gal_text(std::string_view text, const std::string& source);

/// The GAL text of a binary W ("0 n shapefile idfield" header). Throws InputError when W has a
/// weight other than 1, an id contains white space, or a header name is empty or has white space.
std::string write_gal_text(const SpatialWeights& w, const GeoDaHeader& header = {});

}  // namespace spillover
