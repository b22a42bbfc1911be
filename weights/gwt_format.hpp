#pragma once
// GWT: the weighted link list of GeoDa and spdep (read.gwt2nb / write.sn2gwt).
//
// Layout (fields separated by spaces or tabs; line ends LF or CRLF):
//
//     0 211 BALTIM STATION        header: "0 n shapefile idfield" (or old style "n"), n >= 1
//     1 96 5.09902                one link per line: "from to weight"
//     1 16 6.32456
//     ...
//
// - `from` and `to` are unit ids (any text without white space); `weight` a decimal number >= 0
//   (read exactly, correctly rounded). Blank lines are skipped. A weight of 0 is a link W does not
//   store. A self-link (from = to) is kept: kernel weights have a diagonal.
// - Units: a unit with no link appears nowhere in the file, yet the header counts it. So the reader
//   takes an optional list of every id (e.g. the data's id column): with it, W's units are that list
//   in its order and every id of the file must be in it; without it, the units are the ids the file
//   names, origins in order of first appearance, then ids that are only destinations — which must
//   be exactly n, otherwise the error says which count is wrong.
// - Writing: the "0 n shapefile idfield" header, then W's links row by row, weights as the shortest
//   decimal that reads back bit-identical (std::to_chars). A unit without any link (an island) is
//   not in the file: read it back with the list of ids.
//
// Errors (InputError, file:line:field): empty file; header not "n" / "0 n ..."; a line that is not
// three fields; an id not among the given ids; more distinct ids than the header's n; fewer, with
// no id list (reported at the header); weight empty, not a number, not finite, or negative; a link
// listed twice.

#include <span>
#include <string>
#include <string_view>

#include "weights/spatial_weights.hpp"
#include "weights/weights_text.hpp"

namespace spillover {

/// Reads GWT text; `all_ids` is every unit's id in the order wanted, or empty (see above).
SpatialWeights read_gwt_text(std::string_view text, const std::string& source,
                             std::span<const std::string> all_ids = {});

/// The GWT text of W. Throws InputError when an id or a header name contains white space.
std::string write_gwt_text(const SpatialWeights& w, const GeoDaHeader& header = {});

}  // namespace spillover
