#pragma once
// The inequality of one variable, period by period (the year-by-year table of the regional studies):
// Gini, Theil T and L, and, with groups, Dagum's decomposition of the Gini (inequality/dagum_gini.hpp)
// and the within/between decomposition of T and L (inequality/theil.hpp). What `spillover inequality`
// reports. A cross-section is one period.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "engine/estimation_result.hpp"
#include "engine/result_table.hpp"
#include "inequality/dagum_gini.hpp"
#include "inequality/theil.hpp"

namespace spillover {

struct PeriodInequality {
    std::string period;
    std::int64_t n = 0;
    double mean = 0.0;
    double gini = 0.0;
    TheilDecomposition theil;                ///< by the groups when there are groups
    std::optional<DagumDecomposition> dagum; ///< with groups
};

struct InequalityResult {
    std::string variable;
    std::vector<std::string> groups;  ///< sorted labels; empty: no decomposition
    std::vector<PeriodInequality> periods;
    std::vector<std::string> conventions;
    FitStatus status = FitStatus::Ok;
    std::string message;

    /// Tables by period: "inequality" (n, mean, Gini, T, L); with groups "dagum" (G, G_w, G_nb, G_t
    /// and their shares of G), "dagum_within" (G_jj per group), "dagum_between" (G_jh per pair),
    /// "dagum_relative_affluence" (D_jh per pair), "theil" (T, L and their within/between parts).
    StatisticsReport report() const;
};

/// `values`: N·T values in panel order (row t·N + i: unit i in period t), every one ≥ 0 with a
/// positive mean in each period; `group_of_row`: empty, or one label per value.
InequalityResult inequality_by_period(const Eigen::VectorXd& values, std::int64_t units,
                                      const std::vector<std::string>& periods,
                                      const std::vector<std::string>& group_of_row, const std::string& variable);

}  // namespace spillover
