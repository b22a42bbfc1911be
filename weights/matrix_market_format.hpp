#pragma once
// MatrixMarket coordinate files (.mtx) for W, with the unit ids in comment lines.
//
// Layout (https://math.nist.gov/MatrixMarket/formats.html):
//
//     %%MatrixMarket matrix coordinate real general     banner
//     % spillover spatial weights: one "% id" line per unit, in row order
//     % id 1                                             the id of row/column 1
//     % id 2
//     % id 3
//     3 3 4                                              rows columns entries
//     1 2 0.5                                            "row column weight", 1-based
//     1 3 0.5
//     2 1 1
//     3 1 1
//
// Ids convention: a comment line that starts with "% id " gives the id of the next unit; the id is
// the rest of the line, verbatim (so it may hold spaces; it cannot hold a line end). Either every unit
// has such a line, in row order, or none has and the ids are "1".."n". Other comment lines are
// ignored, so any MatrixMarket reader (R Matrix::readMM, scipy.io.mmread, Eigen loadMarket) reads the
// matrix and ignores the ids. Without "% id" lines, the units that no entry can name (n minus twice
// the entries) are at most 2^20: they are made from the size line alone, and more such islands are
// taken for a damaged size line (a W with more gives its ids as "% id" lines).
//
// Reading accepts field real, integer or pattern (pattern: every weight 1) and symmetry general or
// symmetric (symmetric: entries on or below the diagonal only, each off-diagonal one stands for
// both (i, j) and (j, i)); the banner is matched case-insensitively. Blank lines are skipped. A zero
// entry is a link W does not store. Writing always gives "coordinate real general", one "% id" line
// per unit, and the entries row by row with the shortest decimal that reads back bit-identical.
//
// Errors (InputError, file:line:field): empty file; a missing or unsupported banner (array, complex,
// skew-symmetric, hermitian); a size line that is not three counts or not square; "% id" lines
// whose number is not n; without them, n more than 2^20 above twice the entries; an index outside
// 1..n (a unit that does not exist); an entry above the diagonal of a symmetric file; weight empty,
// not a number, not finite, or negative; an entry listed twice; fewer entries than the size line
// announces (truncated file) or more.
//
// Eigen's unsupported loadMarket is not used: it skips malformed lines silently and reports no line.

#include <string>
#include <string_view>

#include "weights/spatial_weights.hpp"

namespace spillover {

SpatialWeights read_matrix_market_text(std::string_view text, const std::string& source);

/// The MatrixMarket text of W. Throws InputError when an id contains a line end.
std::string write_matrix_market_text(const SpatialWeights& w);

}  // namespace spillover
