#pragma once
// The composite index of a panel of indicators by the entropy-weight method
// (inequality/entropy_weights.hpp) and its entropy-weighted TOPSIS closeness (inequality/topsis.hpp):
// what `spillover index` computes. The maths, the normalisation and the variants are in those two
// headers; this file chooses the scope (pooled or per period), runs them, and reports.
//
//   index_i = Σ_j w_j x'_ij ∈ [shift, 1 + shift]   (x' the shifted min–max values of the scope)
//   topsis_i = D_i⁻ / (D_i⁺ + D_i⁻)                (ideals over the same scope)

#include <string>
#include <vector>

#include <Eigen/Core>

#include "engine/estimation_result.hpp"
#include "engine/result_table.hpp"
#include "inequality/entropy_weights.hpp"
#include "inequality/topsis.hpp"

namespace spillover {

/// Over which rows min, max, the entropy and the TOPSIS ideals are taken.
enum class NormalisationScope {
    Pooled,     ///< all units and periods together: one set of weights, values comparable across years
    PerPeriod,  ///< each period on its own: weights per period
};

struct EntropyIndexOptions {
    double shift = 1e-4;  ///< added after the min–max normalisation so that ln p is defined
    NormalisationScope scope = NormalisationScope::Pooled;
    bool topsis = true;
    TopsisNormalisation topsis_normalisation = TopsisNormalisation::MinMax;
    /// std::invalid_argument for a shift that is negative or not finite.
    void validate() const;
};

/// The weight of one indicator (in one period, for the per-period scope).
struct IndicatorWeight {
    std::string period;  ///< empty for the pooled scope
    Indicator indicator;
    double entropy = 0.0, divergence = 0.0, weight = 0.0;
};

struct EntropyIndexResult {
    std::vector<Indicator> indicators;
    std::vector<std::string> units;    ///< N
    std::vector<std::string> periods;  ///< T ({""} for a cross-section)
    EntropyIndexOptions options;
    std::vector<IndicatorWeight> weights;  ///< k (pooled) or T·k (per period, period by period)
    Eigen::VectorXd index;                 ///< N·T, panel order (row t·N + i: unit i, period t)
    Eigen::VectorXd topsis;                ///< N·T, empty without TOPSIS
    std::vector<std::string> conventions;
    FitStatus status = FitStatus::Ok;
    std::string message;

    /// The weights (pooled: a row per indicator; per period: a row per period, a column per
    /// indicator), the index by period (mean, min, max) and the conventions.
    StatisticsReport report() const;
    /// Every weight, one row each: [period,] indicator, direction, entropy, divergence, weight.
    ResultTable weights_table() const;
    /// The index per unit-period: unit, [period,] index[, topsis].
    ResultTable index_table() const;
};

/// The index of `x` (N·T × k, panel order; k = indicators.size()) for `units` × `periods`.
/// InputError naming a constant indicator (and its period for the per-period scope).
EntropyIndexResult entropy_index(const Eigen::MatrixXd& x, const std::vector<Indicator>& indicators,
                                 const std::vector<std::string>& units, const std::vector<std::string>& periods,
                                 const EntropyIndexOptions& options = {});

}  // namespace spillover
