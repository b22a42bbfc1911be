#include "engine/result_table.hpp"

#include <cmath>
#include <set>
#include <stdexcept>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "engine/number_format.hpp"

namespace spillover {

namespace {

bool holds_text(const TableCell& cell) { return std::holds_alternative<std::string>(cell); }

/// A text column holds texts, every other column numbers, so that a column has one JSON type.
bool fits_kind(const TableCell& cell, ColumnKind kind) { return holds_text(cell) == (kind == ColumnKind::Text); }

std::string table_name(const ResultTable& t) { return t.key.empty() ? "'" + t.title + "'" : "'" + t.key + "'"; }

void check_stars(const ResultTable& t) {
    if (!t.stars) return;
    t.column_index(t.stars->column);  // throws when it is not there
    if (t.columns[t.column_index(t.stars->p_value)].kind != ColumnKind::PValue)
        throw std::invalid_argument(
            fmt::format("table {}: stars come from column '{}', which is not a p-value", table_name(t), t.stars->p_value));
}

std::string count_text(double value) {
    return std::isfinite(value) ? fmt::format("{:.0f}", value) : format_number(value);
}

}  // namespace

std::size_t ResultTable::column_index(std::string_view column) const {
    for (std::size_t j = 0; j < columns.size(); ++j)
        if (columns[j].key == column) return j;
    throw std::invalid_argument(fmt::format("table {} has no column '{}'", table_name(*this), column));
}

void ResultTable::validate() const {
    if (key.empty() && layout != JsonLayout::ByRowKey)
        throw std::invalid_argument(fmt::format("table {}: only keyed rows can go into the report without a key",
                                                table_name(*this)));
    if (layout == JsonLayout::Object && rows.size() != 1)
        throw std::invalid_argument(
            fmt::format("table {}: a single-object table needs one row, it has {}", table_name(*this), rows.size()));
    for (const auto& row : rows) {
        if (row.cells.size() != columns.size())
            throw std::invalid_argument(fmt::format("table {}: row '{}' has {} cells for {} columns", table_name(*this),
                                                    row.key, row.cells.size(), columns.size()));
        for (std::size_t j = 0; j < columns.size(); ++j)
            if (!fits_kind(row.cells[j], columns[j].kind))
                throw std::invalid_argument(fmt::format("table {}: row '{}', column '{}' holds a {} in a {} column",
                                                        table_name(*this), row.key, columns[j].key,
                                                        holds_text(row.cells[j]) ? "text" : "number",
                                                        columns[j].kind == ColumnKind::Text ? "text" : "number"));
    }
    check_stars(*this);
}

namespace {

/// The keys of the report's JSON object, which must differ (JSON would keep only the last).
void check_report_keys(const StatisticsReport& r) {
    std::set<std::string> keys{"conventions", "status", "message"};
    auto add = [&keys](const std::string& key) {
        if (!keys.insert(key).second) throw std::invalid_argument(fmt::format("the report has two values under '{}'", key));
    };
    for (const auto& f : r.fields) add(f.key);
    for (const auto& t : r.tables)
        if (!t.key.empty()) add(t.key);
        else for (const auto& row : t.rows) add(row.key);
}

}  // namespace

void StatisticsReport::validate() const {
    for (const auto& f : fields)
        if (!fits_kind(f.value, f.kind))
            throw std::invalid_argument(fmt::format("report field '{}' holds a value of another kind", f.key));
    for (const auto& t : tables) t.validate();
    check_report_keys(*this);
}

std::string status_line(const StatisticsReport& report) {
    std::string line = fmt::format("Status: {}", to_string(report.status));
    if (!report.message.empty()) line += " (" + report.message + ")";
    return line;
}

std::string text_cell(const TableCell& cell, ColumnKind kind) {
    if (holds_text(cell)) return std::get<std::string>(cell);
    const double value = std::get<double>(cell);
    if (kind == ColumnKind::PValue) return format_p_value(value);
    if (kind == ColumnKind::Count) return count_text(value);
    return format_number(value, 7);
}

std::string fixed_cell(const TableCell& cell, ColumnKind kind, int decimals) {
    if (holds_text(cell)) return std::get<std::string>(cell);
    const double value = std::get<double>(cell);
    return kind == ColumnKind::Count ? count_text(value) : format_fixed(value, decimals);
}

namespace {

/// The stars of `row` and the index of the starred column ("" and 0 without stars).
std::pair<std::string, std::size_t> row_stars(const ResultTable& t, const TableRow& row,
                                              std::string_view (*stars)(double)) {
    if (!t.stars || stars == nullptr) return {"", 0};
    const double p = std::get<double>(row.cells[t.column_index(t.stars->p_value)]);
    return {std::string(stars(p)), t.column_index(t.stars->column)};
}

}  // namespace

ShownTable shown_table(const ResultTable& t, const CellFormat& format, std::string_view (*stars)(double)) {
    t.validate();
    ShownTable shown{t.title, {}, {}, t.notes};
    if (t.layout == JsonLayout::Object) {
        const auto [mark, starred] = row_stars(t, t.rows.front(), stars);
        for (std::size_t j = 0; j < t.columns.size(); ++j)
            shown.rows.push_back({t.columns[j].label, {format(t.rows.front().cells[j], t.columns[j].kind)},
                                  j == starred ? mark : "", 0});
        return shown;
    }
    for (const auto& c : t.columns) shown.headings.push_back(c.label);
    for (const auto& row : t.rows) {
        ShownTable::Row r{row.label, {}, {}, 0};
        for (std::size_t j = 0; j < t.columns.size(); ++j) r.cells.push_back(format(row.cells[j], t.columns[j].kind));
        std::tie(r.stars, r.starred) = row_stars(t, row, stars);
        shown.rows.push_back(std::move(r));
    }
    return shown;
}

std::vector<ResultTable> tables_to_show(const StatisticsReport& report) {
    report.validate();
    ResultTable fields{"report", report.title, {}, {TableRow{}}, {}, JsonLayout::Object, {}, std::nullopt};
    for (const auto& f : report.fields) {
        fields.columns.push_back({f.key, f.label, f.kind});
        fields.rows.front().cells.push_back(f.value);
    }
    std::vector<ResultTable> shown{std::move(fields)};
    shown.insert(shown.end(), report.tables.begin(), report.tables.end());
    for (const auto& c : report.conventions) shown.back().notes.push_back("Note: " + c);
    shown.back().notes.push_back(status_line(report));
    return shown;
}

std::vector<ShownTable> paper_tables(const StatisticsReport& report, const TableOptions& options) {
    options.validate();
    const int d = options.decimals;
    const CellFormat format = [d](const TableCell& cell, ColumnKind kind) { return fixed_cell(cell, kind, d); };
    std::vector<ShownTable> shown;
    for (const auto& t : tables_to_show(report)) {
        ShownTable s = shown_table(t, format, options.stars ? paper_stars : nullptr);
        for (auto& row : s.rows)
            if (!row.stars.empty()) row.cells[row.starred] += row.stars;
        // The stars' meaning first, right under the table, as the text's significance codes.
        if (options.stars && t.stars) s.notes.insert(s.notes.begin(), std::string(paper_stars_legend));
        shown.push_back(std::move(s));
    }
    return shown;
}

}  // namespace spillover
