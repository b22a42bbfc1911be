#pragma once
// DataTable: the column table every reader produces and every later step (formula, ids, panel index)
// reads from.
//
// Each column keeps the raw text of every cell (so ids such as FIPS "01001" keep their leading zeros)
// and, when every non-missing cell parses as a number, the numbers (NaN where a cell is missing).
// Non-finite numbers ("Inf", "NaN") and non-numeric cells are not errors when read: a column only has
// to be numeric when a formula uses it, and the accessor that asks for numbers throws then, naming the
// file, line and column and quoting the cell. That keeps an unused text column (a region name) from
// stopping a fit.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spillover {

/// The text of one column's cells, stored in one arena (a std::string per cell would cost ~32 bytes
/// a cell at 10^6 rows).
class TextCells {
public:
    void push_back(std::string_view cell);
    std::string_view operator[](std::size_t row) const {
        return std::string_view(arena_).substr(offsets_[row], offsets_[row + 1] - offsets_[row]);
    }
    std::size_t size() const noexcept { return offsets_.size() - 1; }
    void reserve(std::size_t rows, std::size_t chars);

private:
    std::string arena_;
    std::vector<std::size_t> offsets_{0};
};

/// Why a column cannot be used as numbers. A non-numeric cell anywhere wins over a non-finite one
/// (then `numbers` is empty); otherwise the first non-finite cell.
struct CellProblem {
    enum class Kind { NonNumeric, NonFinite };
    /// Rows after the first that a message quotes: a user fixing a file wants the first few bad
    /// cells in one run, not one per run.
    static constexpr std::size_t kMoreRows = 4;

    CellProblem() = default;
    CellProblem(Kind k, std::size_t first_row) : kind(k), row(first_row) {}

    Kind kind = Kind::NonNumeric;
    std::size_t row = 0;                ///< 0-based data row of the first such cell
    std::vector<std::size_t> more_rows;  ///< the next few rows of the same kind, at most kMoreRows
    bool more_than_listed = false;       ///< there are further such rows beyond those

    /// Records a further row of the same kind.
    void add(std::size_t r) {
        if (more_rows.size() < kMoreRows) more_rows.push_back(r);
        else more_than_listed = true;
    }
    bool full() const noexcept { return more_than_listed; }
};

struct Column {
    std::string name;
    std::size_t position = 0;     ///< 1-based field number in the source (for messages)
    TextCells text;               ///< raw cell text, missing cells included as read
    std::vector<double> numbers;  ///< one per row (NaN = missing) when no cell is NonNumeric
    std::vector<bool> missing;    ///< the cell was a missing-value token (NA, empty, "." ...)
    std::optional<CellProblem> problem;  ///< first cell that stops numeric use, if any
    std::size_t missing_count = 0;
};

class DataTable {
public:
    DataTable() = default;
    /// `source` names where the data came from (a path); `row_lines[r]` is the 1-based line in that
    /// source where data row r starts (a quoted field can span lines, so it is not always r + 2).
    DataTable(std::string source, std::vector<std::size_t> row_lines);

    /// Adds a column; throws InputError if its length differs from the table's rows or its name is
    /// already taken (a duplicated header).
    void add_column(Column column);

    std::size_t rows() const noexcept { return row_lines_.size(); }
    std::size_t cols() const noexcept { return columns_.size(); }
    const std::string& source() const noexcept { return source_; }
    std::size_t source_line(std::size_t row) const { return row_lines_.at(row); }

    bool has_column(std::string_view name) const noexcept;
    std::vector<std::string> column_names() const;

    /// Throws InputError naming every one of `names` the table lacks, in one message (empty names are
    /// ignored): check_columns_exist with this table's columns.
    void require_columns(const std::vector<std::string>& names) const;

    /// The column, or InputError "unknown column 'x' (columns: a, b, c)".
    const Column& column(std::string_view name) const;
    const Column& column(std::size_t index) const { return columns_.at(index); }

    /// The column as numbers (NaN = missing). Throws InputError at the first non-numeric or
    /// non-finite cell, with file:line:column and the cell quoted, and the next few such cells.
    const std::vector<double>& numeric(std::string_view name) const;

    /// numeric() of each column in turn, but one InputError for all their bad cells: located at the
    /// first, quoting the first few of every column that has any.
    std::vector<const std::vector<double>*> numeric_columns(const std::vector<std::string>& names) const;

    /// The column's cells as labels, one per row, repeats allowed: a panel's unit or period of each
    /// row (long format: a unit on one row per period). Throws InputError naming file, line and
    /// column for a missing cell, calling the label `what` ("id", "period").
    std::vector<std::string> labels(std::string_view name, std::string_view what = "label") const;

    /// The column's cells as unit ids, one row per unit (a cross-section): labels() that must not
    /// repeat. Throws InputError naming file, line and the id for a missing id or an id that occurs
    /// twice (with both lines).
    std::vector<std::string> ids(std::string_view name) const;

private:
    std::string source_;
    std::vector<std::size_t> row_lines_;
    std::vector<Column> columns_;
};

/// Throws InputError "SOURCE: unknown columns 'x', 'y' (columns: a, b, c)" naming every one of
/// `required` (empty names ignored) that is not in `available`. A reader calls it with the header
/// alone, before any cell is parsed.
void check_columns_exist(const std::string& source, const std::vector<std::string>& available,
                         const std::vector<std::string>& required);

}  // namespace spillover
