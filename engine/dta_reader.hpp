#pragma once
// Stata .dta reader → DataTable, through libreadstat (every format version it reads: 104 to 119,
// i.e. old Stata releases up to the current 118/119 files).
//
// Mapping:
//   - One Column per variable, in file order; Column::position = variable index + 1.
//   - Numeric variables (byte, int, long, float, double) fill `numbers`. Their `text` is the shortest
//     decimal that reads back as the stored value (std::to_chars), so ids 1, 2 read as "1", "2"; a
//     float variable is printed at float precision ("0.1", not "0.100000001490116") while `numbers`
//     keeps the stored float exactly as a double.
//   - Stata missing values (. and .a to .z) are missing: NaN in `numbers`, text "." or ".a" to ".z".
//   - String variables (str# and strL) are text columns: an empty (or all-blank) string is missing,
//     and the first non-missing cell is the NonNumeric problem even if it looks like a number (Stata
//     typed it as a string). An all-missing string variable has `numbers` (all NaN) and no problem.
//   - Value labels, variable labels and formats are not read: a labelled variable is its codes.
//   - row_lines[r] = r + 1, the observation number, so messages say "file.dta:12" for observation 12.
//
// Errors: InputError naming the path: "cannot open 'PATH': <reason>" when the file cannot be opened,
// "PATH: not a Stata .dta file readstat can read: <readstat's message>" otherwise,
// "PATH: variable N has no name (a damaged .dta file?)" for a variable whose name field is empty, and
// "PATH: strL value N (...) does not end in a NUL byte" for a damaged strL record (formats 117+),
// checked before readstat reads the file: readstat would hand it over unterminated.

#include <string>

#include "engine/data_table.hpp"

namespace spillover {

DataTable read_dta(const std::string& path);

}  // namespace spillover
