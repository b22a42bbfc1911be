#pragma once
// W as CSV, in two layouts. Parsing is engine/csv_reader's (read_csv_text): RFC 4180 quoting, the
// separator detected from the header (',' ';' tab '|'), LF or CRLF, a UTF-8 byte-order mark skipped,
// unquoted cells trimmed. No cell text means "missing" except an empty cell, which is an error here.
//
// (a) Dense: the full n × n matrix.
//
//     id,a,b,c            header: a first cell (any name but a unit's, or empty as R's write.csv
//     a,0,0.5,0.5                 writes it), then the n unit ids
//     b,1,0,0             one row per unit, in the header's order: its id, then its n weights
//     c,1,0,0
//
//     Every row has n + 1 cells; zeros are "no link". Writing refuses W with more than
//     weights_text::kMaxDenseUnits units (the file would hold n² numbers), and names the first cell
//     "id" (or "id_", "id__" ... when a unit is called "id").
//
// (b) Triplet (edge list): one link per row.
//
//     from,to,weight      header: from,to[,weight] or origin,destination[,weight] (any case);
//     a,b,0.5             without a weight column every weight is 1
//     a,c,0.5
//
//     Units as in GWT (see gwt_format.hpp): a unit without links appears nowhere, so the reader takes
//     an optional list of every id; without it the units are the ids named, origins first in order of
//     first appearance, then ids that are only destinations. Writing gives from,to,weight row by row.
//
// Weights: decimal numbers >= 0, read exactly (correctly rounded); written as the shortest decimal
// that reads back bit-identical. Ids are written quoted when they hold the separator, a quote, a line
// end, or surrounding spaces.
//
// Errors (InputError, file:line:field), besides the CSV reader's own (empty file, ragged row,
// unterminated quote, a header name given twice, which for the dense layout is a unit given twice):
// dense — a header with no unit, a row whose id is not the header's id at that position, a unit with
// a second row, the file ending before n rows, more than n rows; triplet — a header that is not
// from,to[,weight]; an empty id; an id not in the given list; a link given twice. Both — a weight
// that is empty, not a number, not finite, or negative.

#include <span>
#include <string>
#include <string_view>

#include "weights/spatial_weights.hpp"

namespace spillover {

enum class CsvWeightsLayout { Dense, Triplet };

/// Triplet when the first header cell is "from" or "origin" (any case, quotes and spaces ignored),
/// dense otherwise. Looks at the first line only.
CsvWeightsLayout detect_csv_weights_layout(std::string_view text);

SpatialWeights read_dense_csv_text(std::string_view text, const std::string& source);
SpatialWeights read_triplet_csv_text(std::string_view text, const std::string& source,
                                     std::span<const std::string> all_ids = {});

/// Throws InputError when W has more than weights_text::kMaxDenseUnits units.
std::string write_dense_csv_text(const SpatialWeights& w);
std::string write_triplet_csv_text(const SpatialWeights& w);

}  // namespace spillover
