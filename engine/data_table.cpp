#include "engine/data_table.hpp"

#include <cmath>
#include <unordered_map>

#include "engine/input_error.hpp"

namespace spillover {

void TextCells::push_back(std::string_view cell) {
    arena_.append(cell);
    offsets_.push_back(arena_.size());
}

void TextCells::reserve(std::size_t rows, std::size_t chars) {
    offsets_.reserve(rows + 1);
    arena_.reserve(chars);
}

DataTable::DataTable(std::string source, std::vector<std::size_t> row_lines)
    : source_(std::move(source)), row_lines_(std::move(row_lines)) {}

void DataTable::add_column(Column column) {
    if (column.text.size() != rows())
        throw InputError(source_, 0, 0,
                         "column '" + column.name + "' has " + std::to_string(column.text.size()) +
                             " cells but the table has " + std::to_string(rows()) + " rows");
    if (has_column(column.name))
        throw InputError(source_, 1, column.position, "the column name '" + column.name + "' appears twice");
    columns_.push_back(std::move(column));
}

bool DataTable::has_column(std::string_view name) const noexcept {
    for (const auto& c : columns_)
        if (c.name == name) return true;
    return false;
}

std::vector<std::string> DataTable::column_names() const {
    std::vector<std::string> names;
    names.reserve(columns_.size());
    for (const auto& c : columns_) names.push_back(c.name);
    return names;
}

const Column& DataTable::column(std::string_view name) const {
    for (const auto& c : columns_)
        if (c.name == name) return c;
    std::string list;
    for (const auto& c : columns_) list += (list.empty() ? "" : ", ") + c.name;
    throw InputError(source_, 0, 0, "unknown column '" + std::string(name) + "' (columns: " + list + ")");
}

const std::vector<double>& DataTable::numeric(std::string_view name) const {
    const Column& c = column(name);
    if (c.problem) {
        const std::size_t row = c.problem->row;
        const std::string cell(c.text[row]);
        const bool non_finite = c.problem->kind == CellProblem::Kind::NonFinite;
        throw InputError(source_, source_line(row), c.position,
                         "column '" + c.name + "' has a " + (non_finite ? "non-finite" : "non-numeric") +
                             " value \"" + cell + "\"" +
                             (non_finite ? " (only finite numbers can enter a model)"
                                         : " (a numeric column is needed here)"));
    }
    return c.numbers;
}

std::vector<std::string> DataTable::ids(std::string_view name) const {
    const Column& c = column(name);
    std::vector<std::string> out;
    out.reserve(rows());
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(rows());
    for (std::size_t r = 0; r < rows(); ++r) {
        const std::string_view id = c.text[r];
        if (c.missing.size() > r && c.missing[r])
            throw InputError(source_, source_line(r), c.position,
                             "id column '" + c.name + "' has a missing id");
        auto [it, fresh] = seen.emplace(id, r);
        if (!fresh)
            throw InputError(source_, source_line(r), c.position,
                             "duplicate id \"" + std::string(id) + "\" in column '" + c.name +
                                 "' (first seen on line " + std::to_string(source_line(it->second)) + ")");
        out.emplace_back(id);
    }
    return out;
}

}  // namespace spillover
