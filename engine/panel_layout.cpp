#include "engine/panel_layout.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/input_error.hpp"

namespace spillover {

namespace {

bool is_number(const std::string& s, double& value) {
    const char* end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(s.data(), end, value);
    return ec == std::errc() && ptr == end;
}

/// Each row's label as an index into the distinct labels, numbered in order of first appearance.
std::vector<std::size_t> first_appearance(const std::vector<std::string>& label_of_row, std::vector<std::string>& distinct) {
    std::unordered_map<std::string_view, std::size_t> index;  // views into label_of_row: no copies
    std::vector<std::size_t> of_row(label_of_row.size());
    for (std::size_t r = 0; r < label_of_row.size(); ++r) {
        const auto [it, inserted] = index.try_emplace(label_of_row[r], distinct.size());
        if (inserted) distinct.push_back(label_of_row[r]);
        of_row[r] = it->second;
    }
    return of_row;
}

/// The order that sorts `labels`: as numbers when all are numbers, as text otherwise.
std::vector<std::size_t> sorted_order(const std::vector<std::string>& labels) {
    std::vector<std::size_t> order(labels.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::vector<double> numbers(labels.size());
    bool numeric = true;
    for (std::size_t i = 0; i < labels.size() && numeric; ++i) numeric = is_number(labels[i], numbers[i]);
    if (numeric)
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return numbers[a] < numbers[b]; });
    else
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return labels[a] < labels[b]; });
    return order;
}

constexpr std::size_t missing_row = static_cast<std::size_t>(-1);

void report_missing(const PanelLayout& layout, std::string_view unit_column, std::string_view period_column) {
    std::size_t count = 0;
    std::string first;
    const std::size_t n = layout.units.size();
    for (std::size_t slot = 0; slot < layout.row_order.size(); ++slot) {
        if (layout.row_order[slot] != missing_row) continue;
        if (++count <= 5)
            first += fmt::format("{}{} = {} in {} = {}", first.empty() ? "" : ", ", unit_column, layout.units[slot % n],
                                 period_column, layout.periods[slot / n]);
    }
    if (count > 0)
        throw InputError(fmt::format("unbalanced panel: {} of {} unit-periods ({} units x {} periods) have no row "
                                     "(first: {}{}); the panel estimators need every unit in every period",
                                     count, layout.row_order.size(), layout.units.size(), layout.periods.size(), first,
                                     count > 5 ? ", ..." : ""));
}

}  // namespace

PanelLayout panel_layout(const std::vector<std::string>& unit_of_row, const std::vector<std::string>& period_of_row,
                         std::string_view unit_column, std::string_view period_column) {
    if (unit_of_row.size() != period_of_row.size())
        throw std::invalid_argument("panel_layout: one unit and one period per row");
    PanelLayout layout;
    const std::vector<std::size_t> unit_of = first_appearance(unit_of_row, layout.units);
    std::vector<std::string> seen_periods;
    const std::vector<std::size_t> seen_period_of = first_appearance(period_of_row, seen_periods);
    const std::vector<std::size_t> order = sorted_order(seen_periods);
    std::vector<std::size_t> rank(order.size());  // sorted position of each period as first seen
    for (std::size_t t = 0; t < order.size(); ++t) {
        rank[order[t]] = t;
        layout.periods.push_back(seen_periods[order[t]]);
    }
    if (layout.periods.size() < 2)
        throw InputError(fmt::format("the panel has one period only ({} = {}): use a cross-section fit without --panel",
                                     period_column, layout.periods.empty() ? "" : layout.periods.front()));

    const std::size_t n = layout.units.size();
    layout.row_order.assign(n * layout.periods.size(), missing_row);
    for (std::size_t r = 0; r < unit_of_row.size(); ++r) {
        std::size_t& slot = layout.row_order[rank[seen_period_of[r]] * n + unit_of[r]];
        if (slot != missing_row)
            throw InputError(fmt::format("{} = {} appears twice in {} = {} (data rows {} and {})", unit_column,
                                         unit_of_row[r], period_column, period_of_row[r], slot + 1, r + 1));
        slot = r;
    }
    report_missing(layout, unit_column, period_column);
    return layout;
}

DesignMatrix in_panel_order(const DesignMatrix& design, const PanelLayout& layout) {
    DesignMatrix out;
    out.response_name = design.response_name;
    out.column_names = design.column_names;
    out.has_intercept = design.has_intercept;
    out.dropped = design.dropped;
    out.y.resize(design.y.size());
    out.X.resize(design.X.rows(), design.X.cols());
    out.ids.resize(design.ids.size());
    out.rows.resize(design.rows.size());
    for (std::size_t slot = 0; slot < layout.row_order.size(); ++slot) {
        const std::size_t from = layout.row_order[slot];
        const auto to = static_cast<Eigen::Index>(slot);
        out.y(to) = design.y(static_cast<Eigen::Index>(from));
        out.X.row(to) = design.X.row(static_cast<Eigen::Index>(from));
        out.ids[slot] = design.ids[from];
        if (!design.rows.empty()) out.rows[slot] = design.rows[from];
    }
    return out;
}

}  // namespace spillover
