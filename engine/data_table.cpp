#include "engine/data_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>

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

namespace {

[[noreturn]] void throw_unknown_columns(const std::string& source, const std::vector<std::string>& available,
                                        const std::vector<std::string>& unknown) {
    std::string names;
    for (const auto& name : unknown) names += (names.empty() ? "'" : ", '") + name + "'";
    std::string list;
    for (const auto& name : available) list += (list.empty() ? "" : ", ") + name;
    throw InputError(source, 0, 0,
                     std::string(unknown.size() == 1 ? "unknown column " : "unknown columns ") + names +
                         " (columns: " + list + ")");
}

}  // namespace

void check_columns_exist(const std::string& source, const std::vector<std::string>& available,
                         const std::vector<std::string>& required) {
    std::vector<std::string> unknown;
    for (const std::string& name : required)
        if (!name.empty() && std::find(available.begin(), available.end(), name) == available.end() &&
            std::find(unknown.begin(), unknown.end(), name) == unknown.end())
            unknown.push_back(name);
    if (!unknown.empty()) throw_unknown_columns(source, available, unknown);
}

void DataTable::require_columns(const std::vector<std::string>& names) const {
    check_columns_exist(source_, column_names(), names);
}

const Column& DataTable::column(std::string_view name) const {
    for (const auto& c : columns_)
        if (c.name == name) return c;
    throw_unknown_columns(source_, column_names(), {std::string(name)});
}

namespace {

std::string quoted_cell(const Column& c, std::size_t row) { return "\"" + std::string(c.text[row]) + "\""; }

/// "column 'x' has a non-numeric value "abc" (...); also line 9 "d", line 12 "e" and more", with
/// "line L field F: " before it when it is not the problem the message is located at.
std::string describe_problem(const DataTable& table, const Column& c, bool located) {
    const CellProblem& p = *c.problem;
    const bool non_finite = p.kind == CellProblem::Kind::NonFinite;
    std::string text = located ? std::string()
                               : "line " + std::to_string(table.source_line(p.row)) + " field " +
                                     std::to_string(c.position) + ": ";
    text += "column '" + c.name + "' has a " + (non_finite ? "non-finite" : "non-numeric") + " value " +
                       quoted_cell(c, p.row) +
                       (non_finite ? " (only finite numbers can enter a model)" : " (a numeric column is needed here)");
    for (std::size_t i = 0; i < p.more_rows.size(); ++i)
        text += std::string(i == 0 ? "; also line " : ", line ") + std::to_string(table.source_line(p.more_rows[i])) +
                " " + quoted_cell(c, p.more_rows[i]);
    if (p.more_than_listed) text += " and more";
    return text;
}

}  // namespace

const std::vector<double>& DataTable::numeric(std::string_view name) const {
    return *numeric_columns({std::string(name)}).front();
}

std::vector<const std::vector<double>*> DataTable::numeric_columns(const std::vector<std::string>& names) const {
    std::vector<const std::vector<double>*> data;
    std::vector<const Column*> described;
    std::string message;
    for (const auto& name : names) {
        const Column& c = column(name);
        data.push_back(&c.numbers);
        if (!c.problem || std::find(described.begin(), described.end(), &c) != described.end()) continue;
        message += (described.empty() ? "" : "; ") + describe_problem(*this, c, described.empty());
        described.push_back(&c);
    }
    const Column* first = described.empty() ? nullptr : described.front();
    if (first) throw InputError(source_, source_line(first->problem->row), first->position, message);
    return data;
}

namespace {

// The rows seen so far, by id: an open-addressing table (linear probing, at most half full) whose
// slots hold -1 or a row number in the low kRowBits bits with the top bits of the id's hash above
// them, so that a probe reads another row's id (a cache miss) only when those bits agree. At 10^6
// rows a node-based std::unordered_map cost 0.5 s; this costs a few hundredths.
constexpr int kRowBits = 40;  // rows < 2^40: the table's cell offsets alone would fill memory first
constexpr std::int64_t kRowMask = (std::int64_t{1} << kRowBits) - 1;
constexpr int kTagBits = 63 - kRowBits;
// Hashes are computed first so that the probe loop can prefetch the slot it needs this many rows on.
constexpr std::size_t kLookahead = 16;

std::int64_t tagged_row(std::size_t hash, std::size_t row) {
    const auto tag = static_cast<std::int64_t>(hash >> (std::numeric_limits<std::size_t>::digits - kTagBits));
    return (tag << kRowBits) | static_cast<std::int64_t>(row);
}

class FirstRowById {
public:
    explicit FirstRowById(const TextCells& cells) : cells_(cells), hashes_(cells.size()) {
        std::size_t capacity = 16;
        while (capacity < 2 * cells.size()) capacity *= 2;
        slots_.assign(capacity, -1);
        mask_ = capacity - 1;
        for (std::size_t r = 0; r < cells.size(); ++r) hashes_[r] = std::hash<std::string_view>{}(cells[r]);
    }

    /// Records row r's id; returns the earlier row with the same id, or r itself when it is new.
    std::size_t insert(std::size_t r) {
        if (r + kLookahead < hashes_.size()) __builtin_prefetch(&slots_[hashes_[r + kLookahead] & mask_]);
        const std::int64_t entry = tagged_row(hashes_[r], r);
        std::size_t slot = hashes_[r] & mask_;
        for (; slots_[slot] >= 0; slot = (slot + 1) & mask_) {
            const auto other = static_cast<std::size_t>(slots_[slot] & kRowMask);
            if (((slots_[slot] ^ entry) & ~kRowMask) == 0 && cells_[other] == cells_[r]) return other;
        }
        slots_[slot] = entry;
        return r;
    }

private:
    const TextCells& cells_;
    std::vector<std::size_t> hashes_;
    std::vector<std::int64_t> slots_;
    std::size_t mask_ = 0;
};

}  // namespace

std::vector<std::string> DataTable::labels(std::string_view name, std::string_view what) const {
    const Column& c = column(name);
    std::vector<std::string> out;
    out.reserve(rows());
    for (std::size_t r = 0; r < rows(); ++r) {
        if (c.missing.size() > r && c.missing[r])
            throw InputError(source_, source_line(r), c.position,
                             std::string(what) + " column '" + c.name + "' has a missing " + std::string(what));
        out.emplace_back(c.text[r]);
    }
    return out;
}

std::vector<std::string> DataTable::ids(std::string_view name) const {
    std::vector<std::string> out = labels(name, "id");
    const Column& c = column(name);
    FirstRowById seen(c.text);
    for (std::size_t r = 0; r < rows(); ++r) {
        const std::size_t first = seen.insert(r);
        if (first != r)
            throw InputError(source_, source_line(r), c.position,
                             "duplicate id \"" + out[r] + "\" in column '" + c.name + "' (first seen on line " +
                                 std::to_string(source_line(first)) + ")");
    }
    return out;
}

}  // namespace spillover
