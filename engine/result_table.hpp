#pragma once
// ResultTable and StatisticsReport: the statistics a command reports (tests, statistics by period or
// by unit, inequality decompositions) as plain data, rendered by every writer in all five formats,
// so a new command writes no output code of its own: every table a command prints is this one
// type (or, for fitted models, EstimationResult), and every writer renders it.
//
// Layout. A report has fields (scalars: n, the dependent variable ...), tables, the conventions its
// numbers follow, and a status. A table has columns (a JSON key, a label for people, a kind) and
// rows (a key for JSON, a label for people, one cell per column). A cell is a number (NaN: could not
// be computed) in a number, p-value or count column, a text in a text column.
//
// What each writer does with it:
//   - text (engine/text_writer.hpp), as R prints summaries: the report's title and fields as a list,
//     then each table under its title: a single-row table (JsonLayout::Object) as a list of its
//     columns, any other as aligned columns, rows labelled. Numbers to 7 significant digits, p-values
//     as R's format.pval, counts as integers; R's significance codes after the starred column's
//     value, and their legend under the table. Then the table's notes, and at the end one
//     `Note: <convention>` line each and `Status: ok|warning|failed (message)`.
//   - JSON (engine/json_writer.hpp): one object: the fields, then each table under its key in its
//     JsonLayout (a table with an empty key puts its keyed rows into the report's object itself),
//     then conventions, status, message. Counts are integers, NaN and ±Inf null. Titles, labels
//     and notes are for people and are not written.
//   - LaTeX (engine/latex_writer.hpp): a booktabs tabular per table (the fields first, as a list),
//     its title as a comment above it, fixed decimals (TableOptions::decimals), the paper's stars
//     (* p<0.1, ** p<0.05, *** p<0.01) on the starred column when TableOptions::stars; as footnote
//     lines the stars' meaning, the table's notes, and under the last table the conventions and
//     the status.
//   - Markdown (engine/markdown_writer.hpp): the same tables and numbers as pipe tables, the title in
//     bold above, the footnotes of the LaTeX as paragraphs below.
//   - CSV (engine/csv_writer.hpp): long form `table,row,column,value`, one line per value, where
//     (table, row, column) is the value's place in the JSON: table `report` is the report's own
//     object (its fields, conventions, status, message, and the rows of a table with an empty key),
//     row is empty where the JSON has no row level (fields, a JsonLayout::Object table). Numbers
//     round-trip, NaN is an empty cell.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/comparison_table.hpp"
#include "engine/estimation_result.hpp"

namespace spillover {

/// What a column holds, which decides how its numbers are written.
enum class ColumnKind {
    Number,  ///< a statistic: 7 significant digits in text, fixed decimals in tables
    PValue,  ///< as R's format.pval in text, fixed decimals in tables
    Count,   ///< a whole number (observations, degrees of freedom): no decimals; an integer in JSON
    Text,    ///< a name, a method, a transform
};

/// A number (NaN where it could not be computed) or a text.
using TableCell = std::variant<double, std::string>;

struct TableColumn {
    std::string key;    ///< JSON key and CSV column name: snake_case
    std::string label;  ///< heading shown to people
    ColumnKind kind = ColumnKind::Number;
};

struct TableRow {
    std::string key;    ///< JSON key (JsonLayout::ByRowKey), CSV row; unused by JsonLayout::Object
    std::string label;  ///< shown to people
    std::vector<TableCell> cells;  ///< one per column, in the columns' order
};

/// How a table's rows appear in the JSON.
enum class JsonLayout {
    Object,    ///< one row: {"column": value, ...} (e.g. Moran's I: {"i": …, "expectation": …})
    ByRowKey,  ///< {"row key": {"column": value, ...}, ...} (e.g. the LM tests)
    Array,     ///< [{"<array_key>": "row key", "column": value, ...}, ...] (by period, by unit)
};

/// The column whose cells carry significance stars, from the p-values of another column of the row.
struct StarredColumn {
    std::string column;   ///< key of the starred column
    std::string p_value;  ///< key of the PValue column the stars come from
};

struct ResultTable {
    std::string key;    ///< JSON key and CSV table name; empty: rows go into the report's object
    std::string title;  ///< shown to people above the table
    std::vector<TableColumn> columns;
    std::vector<TableRow> rows;
    std::vector<std::string> notes;  ///< shown to people under the table (not in JSON or CSV)
    JsonLayout layout = JsonLayout::ByRowKey;
    /// JsonLayout::Array: the key under which each row object carries its row's key ("period",
    /// "id"); empty: the row key is not written.
    std::string array_key;
    std::optional<StarredColumn> stars;

    /// std::invalid_argument naming the table and what is wrong: a row without one cell per column,
    /// a text in a number column or a number in a text column, an Object table without exactly one
    /// row, an empty key without ByRowKey, a starred column or p-value column that is not there.
    void validate() const;
    /// Index of the column `key`; std::invalid_argument if there is none.
    std::size_t column_index(std::string_view key) const;
};

/// A scalar of the report: "n", "dependent", "sigma2" ...
struct ReportField {
    std::string key;    ///< JSON key
    std::string label;  ///< shown to people
    ColumnKind kind = ColumnKind::Number;
    TableCell value;
};

struct StatisticsReport {
    std::string title;  ///< shown to people above the fields
    std::vector<ReportField> fields;
    std::vector<ResultTable> tables;
    /// Which convention the numbers follow (e.g. "sigma^2 = e'e/n"), stated in every format.
    std::vector<std::string> conventions;
    FitStatus status = FitStatus::Ok;
    std::string message;

    /// Validates every table, that the fields' values fit their kinds, and that no two values share
    /// a key of the report's JSON object (fields, table keys, the rows of a table without a key).
    void validate() const;
};

/// "Status: warning (message)", the last line of every report.
std::string status_line(const StatisticsReport& report);

/// A cell as text shows it: numbers to 7 significant digits, p-values as R's format.pval, counts
/// as integers, texts unchanged ("NaN" for NaN).
std::string text_cell(const TableCell& cell, ColumnKind kind);

/// A cell as a paper's table shows it: `decimals` fixed decimals for numbers and p-values, counts as
/// integers, texts unchanged (not escaped).
std::string fixed_cell(const TableCell& cell, ColumnKind kind, int decimals);

/// The strings a table shows people, before a writer frames them. A grid has a heading per column;
/// a single-row table (JsonLayout::Object) is a list, one row per column, under no headings.
struct ShownTable {
    struct Row {
        std::string label;
        std::vector<std::string> cells;
        std::string stars;         ///< of the starred cell ("" when none)
        std::size_t starred = 0;  ///< index in `cells` of the starred cell, when `stars` is not empty
    };
    std::string title;
    std::vector<std::string> headings;  ///< one per cell; empty for a list
    std::vector<Row> rows;
    std::vector<std::string> notes;
};

using CellFormat = std::function<std::string(const TableCell&, ColumnKind)>;

/// `table` as strings: each cell by `format`, the stars by `stars` (nullptr: none).
ShownTable shown_table(const ResultTable& table, const CellFormat& format, std::string_view (*stars)(double));

/// The tables people read, in order: the report's title and fields as a list, then its tables, the
/// last one ending with the report's `Note: <convention>` lines and its status line.
std::vector<ResultTable> tables_to_show(const StatisticsReport& report);

/// `report`'s tables as a paper shows them (LaTeX, Markdown, so that the two agree): fixed
/// decimals, the paper's stars appended to the starred cell and their meaning first in the notes.
std::vector<ShownTable> paper_tables(const StatisticsReport& report, const TableOptions& options);

}  // namespace spillover
