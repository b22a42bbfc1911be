#pragma once
// The layout of a balanced panel read in long format: which unit and which period each row is, and
// the order that stacks the rows period by period (row t·N + i is unit i in period t), the layout
// every panel estimator works on (engine/sample_shape.hpp, engine/panel_within.hpp). The input rows
// may come in any order.
//
// Units keep the order in which they first appear (a W read for them then follows it); periods are
// sorted — as numbers when every label is a number (1963 < 1970 < 1992), as text otherwise.
//
// Errors (InputError, naming what is wrong): one period only; a unit–period pair on two rows (both
// rows named); an unbalanced panel (how many unit–periods are missing, and the first of them).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/design_matrix.hpp"

namespace spillover {

struct PanelLayout {
    std::vector<std::string> units;    ///< N unit ids, in order of first appearance
    std::vector<std::string> periods;  ///< T period labels, sorted
    /// row_order[t·N + i] = the input row of unit i in period t.
    std::vector<std::size_t> row_order;

    std::int64_t unit_count() const noexcept { return static_cast<std::int64_t>(units.size()); }
    std::int64_t period_count() const noexcept { return static_cast<std::int64_t>(periods.size()); }
};

/// The layout of rows whose unit is unit_of_row[r] and period period_of_row[r]; the column names
/// are for the messages.
PanelLayout panel_layout(const std::vector<std::string>& unit_of_row, const std::vector<std::string>& period_of_row,
                         std::string_view unit_column, std::string_view period_column);

/// The design's rows in the layout's order (y, X, ids and table rows permuted together).
DesignMatrix in_panel_order(const DesignMatrix& design, const PanelLayout& layout);

}  // namespace spillover
