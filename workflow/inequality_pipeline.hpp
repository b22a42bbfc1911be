#pragma once
// The pipelines of `spillover inequality` and `spillover density`: read one variable of a
// cross-section or a balanced panel (workflow/variable_inputs.hpp; no W), with an optional column of
// group labels, and compute, period by period, the inequality measures and their decompositions
// (inequality/inequality_by_period.hpp) or the kernel density curves
// (inequality/density_by_period.hpp).

#include <string>

#include "inequality/density_by_period.hpp"
#include "inequality/inequality_by_period.hpp"
#include "workflow/model_inputs.hpp"

namespace spillover {

struct InequalityRequest {
    InputRequest input;        ///< the data, its ids and (for a panel) its period column; no W
    std::string variable;      ///< the column measured
    std::string group_column;  ///< empty: no decomposition
    /// InputError for no data file, no variable, a weights file; the input's checks.
    void validate() const;
};

/// Gini, Theil T and L per period, and with groups Dagum's decomposition and Theil's within/between
/// parts. InputError naming the unit and period of a negative value, or a period whose mean is 0.
InequalityResult run_inequality(const InequalityRequest& request);

struct DensityRequest {
    InputRequest input;
    std::string variable;
    KernelDensityOptions options;
    void validate() const;
};

/// The kernel density of the variable in each period.
DensityResult run_density(const DensityRequest& request);

}  // namespace spillover
