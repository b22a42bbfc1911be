#pragma once
// Kernel density curves of one variable, one per period (the "kernel density by year" figure of the
// regional studies; inequality/kernel_density.hpp for the estimator, its bandwidth and its grid).
// What `spillover density` reports: a summary row per period, and the curves as a long table
// (period, x, density) for a CSV file or a figure.

#include <string>
#include <vector>

#include <Eigen/Core>

#include "engine/estimation_result.hpp"
#include "engine/result_table.hpp"
#include "inequality/kernel_density.hpp"

namespace spillover {

struct PeriodDensity {
    std::string period;  ///< empty for a cross-section
    DensityCurve curve;  ///< the grid (curve.x) and the density on it (curve.density): what a figure draws
};

struct DensityResult {
    std::string variable;
    KernelDensityOptions options;
    std::vector<PeriodDensity> periods;
    std::vector<std::string> conventions;
    FitStatus status = FitStatus::Ok;
    std::string message;

    /// "density": per period n, bandwidth, the grid's ends, the mode (grid value of the largest
    /// density) and that density.
    StatisticsReport report() const;
    /// Every curve: period, x, density (points rows per period), for --grid-out.
    ResultTable curves_table() const;
};

/// The density of each period's N values (`values`: N·T in panel order).
DensityResult density_by_period(const Eigen::VectorXd& values, std::int64_t units, const std::vector<std::string>& periods,
                                const std::string& variable, const KernelDensityOptions& options = {});

}  // namespace spillover
