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

/// Distinct period labels, numerically sorted when all are numbers.
std::vector<std::string> sorted_periods(const std::vector<std::string>& period_of_row) {
    std::vector<std::string> periods = period_of_row;
    std::sort(periods.begin(), periods.end());
    periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
    std::vector<std::pair<double, std::string>> numbers;
    double value = 0.0;
    for (const auto& p : periods) {
        if (!is_number(p, value)) return periods;
        numbers.emplace_back(value, p);
    }
    std::sort(numbers.begin(), numbers.end());
    for (std::size_t i = 0; i < numbers.size(); ++i) periods[i] = numbers[i].second;
    return periods;
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
    std::unordered_map<std::string, std::size_t> unit_index;
    for (const auto& u : unit_of_row)
        if (unit_index.emplace(u, layout.units.size()).second) layout.units.push_back(u);
    layout.periods = sorted_periods(period_of_row);
    if (layout.periods.size() < 2)
        throw InputError(fmt::format("the panel has one period only ({} = {}): use a cross-section fit without --panel",
                                     period_column, layout.periods.empty() ? "" : layout.periods.front()));
    std::unordered_map<std::string, std::size_t> period_index;
    for (std::size_t t = 0; t < layout.periods.size(); ++t) period_index.emplace(layout.periods[t], t);

    const std::size_t n = layout.units.size();
    layout.row_order.assign(n * layout.periods.size(), missing_row);
    for (std::size_t r = 0; r < unit_of_row.size(); ++r) {
        std::size_t& slot = layout.row_order[period_index.at(period_of_row[r]) * n + unit_index.at(unit_of_row[r])];
        if (slot != missing_row)
            throw InputError(fmt::format("{} = {} appears twice in {} = {} (data rows {} and {})", unit_column,
                                         unit_of_row[r], period_column, period_of_row[r], slot + 1, r + 1));
        slot = r;
    }
    report_missing(layout, unit_column, period_column);
    return layout;
}

DesignMatrix in_panel_order(const DesignMatrix& design, const PanelLayout& layout) {
    DesignMatrix out = design;
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
