#pragma once
// The effects (impacts) of the fitted models as tables people read or paste into a paper.
//
// Paper layout (LaTeX, Markdown), one column group per model with impacts, as effects tables are
// published (e.g. Elhorst 2014, table 2.3): Direct, Indirect, Total for each regressor, the estimate
// with significance stars on one row and its standard error in parentheses on the row below.
// Text layout (the full report): one row per regressor and effect with the estimate, the mean of the
// draws, the standard error, z, p and the interval; then the components by order of neighbours.

#include <string>
#include <vector>

#include "engine/comparison_table.hpp"
#include "engine/estimation_result.hpp"

namespace spillover {

struct EffectsTable {
    struct Row {
        std::string label;               ///< the regressor; empty on a standard-error row
        std::vector<std::string> cells;  ///< three per model: direct, indirect, total
    };
    std::vector<std::string> model_labels;   ///< one per column group
    std::vector<std::string> column_labels;  ///< "Direct", "Indirect", "Total" per model
    std::vector<Row> rows;
    std::string note;  ///< what the numbers, parentheses and stars are
};

/// True when at least one result carries impacts.
bool any_impacts(const std::vector<EstimationResult>& results);

/// The table of the results with impacts (std::invalid_argument when none has). Regressors are
/// merged by name in order of first appearance.
EffectsTable build_effects_table(const std::vector<EstimationResult>& results, const TableOptions& options = {});

/// The impacts section of a full text report (empty without impacts).
std::string effects_text(const EstimationResult& result);

}  // namespace spillover
