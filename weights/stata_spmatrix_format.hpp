#pragma once
// The text file of Stata's `spmatrix export` (read back by `spmatrix import`; Stata 15+, [SP]
// spmatrix export, "The spmatrix export text-file format"): the full matrix, one row per line.
//
//     3                   first line: n
//     1 0 .5 .5           then n lines: the unit's id, then its n weights (row i of W)
//     2 1 0 0
//     3 1 0 0
//
// Fields are separated by spaces (tabs accepted); line ends LF or CRLF; blank lines skipped. Ids are
// Stata's spatial-unit ids (the numeric _ID of spset), so writing requires integer ids. Weights may
// be written as Stata does (".5", "1.000e-01") and must be >= 0; zeros are "no link". Writing gives
// the shortest decimal that reads back bit-identical (a leading "0." where Stata writes "."; Stata reads
// both). Writing refuses W with more than weights_text::kMaxDenseUnits units (n² numbers).
//
// Errors (InputError, file:line:field): empty file; a first line that is not one count >= 1; a row
// with other than n weights; a unit with a second row; the file ending before n rows; text after the
// n rows; a weight that is not a number, not finite, or negative.

#include <string>
#include <string_view>

#include "weights/spatial_weights.hpp"

namespace spillover {

SpatialWeights read_stata_text(std::string_view text, const std::string& source);

/// Throws InputError when an id is not an integer or W has too many units for a dense file.
std::string write_stata_text(const SpatialWeights& w);

}  // namespace spillover
