#pragma once
// CSV reader: a delimited text file with a header line → DataTable.
//
// Format rules (RFC 4180 plus the habits of real data files):
//   - The first line is the header and names every column. Names are trimmed of surrounding
//     spaces/tabs; an empty name is an error, a duplicated name is an error (DataTable::add_column).
//   - Separator: CsvOptions::separator, or auto-detected from the header line as whichever of
//     ',' ';' '\t' '|' occurs most often outside quotes (ties go to that order; ',' if none occurs).
//   - Quoting: a field that starts with '"' (after optional spaces) runs to the matching '"'; inside
//     it separators and line ends are data and '""' is one quote. Only spaces/tabs may follow the
//     closing quote. A '"' inside an unquoted field is an ordinary character.
//   - Line ends are LF or CRLF; the last line needs no line end; a UTF-8 byte-order mark at the start
//     is skipped. Blank lines at the end of the file are ignored. A blank line anywhere else is a row
//     with one empty field: a missing cell in a one-column table, a ragged-row error otherwise.
//   - Unquoted cells are trimmed of surrounding spaces and tabs (a character that is the separator
//     is never trimmed). Quoted cells keep their text as written, minus the quotes.
//   - Missing: an empty cell, or a cell whose trimmed text equals one of CsvOptions::na_tokens, quoted
//     or not (as R's read.csv does). The text of a missing cell is kept as read.
//   - Numbers: a column gets `numbers` when every non-missing cell, trimmed, is entirely a decimal
//     number as std::from_chars reads it (parsed exactly, correctly rounded, by fast_float), with an
//     optional leading '+'. "inf", "Infinity", "NaN" (any case, optional sign) and numbers that overflow
//     to ±inf parse but are non-finite: the column keeps its numbers and `problem` is NonFinite at the
//     first such row. If any cell is not a number, `problem` is NonNumeric at the first such row and
//     `numbers` is empty (NonNumeric wins over an earlier non-finite cell, so `numbers` is non-empty
//     exactly when the column can be read as numbers). Decimal commas ("1,5") are not numbers.
//   - Rows: `row_lines[r]` is the physical line where data row r starts (header = line 1); a quoted
//     field spanning lines shifts later rows. Column::position is the 1-based field number.
//
// Errors are InputError with file:line:column, where column is the character position on that line
// for syntax errors (an unterminated quote, text after a closing quote) and the field number for
// header errors. A missing or unreadable file is "cannot open 'PATH': <reason>".
//
// Cost: the file is mapped read-only (engine/text_file.hpp) and parsed in one pass; cell text goes
// into each column's arena (no std::string per cell), each arena sized once from the share of the
// text its column had in the first rows. Memory: the file's pages while it is parsed, then the cell
// text plus about 16 bytes a cell (an offset and, in a numeric column, the number).

#include <string>
#include <string_view>
#include <vector>

#include "engine/data_table.hpp"

namespace spillover {

struct CsvOptions {
    /// Field separator; 0 = auto-detect from the header line (see the format rules above).
    char separator = 0;
    /// Cells (compared after trimming) that mean "missing". An empty cell is missing in any case.
    std::vector<std::string> na_tokens{"NA", "", "."};
    /// Columns the caller will use (a formula's variables, the id and period columns): checked
    /// against the header before any row is read, so that a misspelt name is reported as that, all
    /// of them in one message, and not as a bad cell further down. Empty names are ignored.
    std::vector<std::string> required_columns;

    /// Throws std::invalid_argument naming the problem: a separator that is '"', a line end, a
    /// control character other than tab or not ASCII; an NA token containing a line end or with
    /// surrounding spaces (it could never match a trimmed cell).
    void validate() const;
};

/// Reads the CSV file at `path`. Throws InputError for a missing, empty or malformed file.
DataTable read_csv(const std::string& path, const CsvOptions& options = {});

/// Reads CSV text already in memory; `source_name` is used as the file name in messages and as
/// DataTable::source().
DataTable read_csv_text(std::string_view text, const std::string& source_name,
                        const CsvOptions& options = {});

}  // namespace spillover
