#pragma once
// The Gini ratio and the pairwise sums it is made of, by sorting (O(n log n)) instead of the n²
// pairs of its definition.
//
//   G = Σ_i Σ_r |y_i − y_r| / (2 n² μ)        (Gini 1912; every ordered pair, i = r included)
//
// so G = Δ / (2μ) with Δ the mean absolute difference over all n² ordered pairs. This is the
// population (descriptive) Gini of the regional literature, ineq::Gini's default and PySAL's
// inequality.gini: no n/(n − 1) small-sample factor. With the values sorted, y_(1) ≤ … ≤ y_(n),
// Σ_i Σ_r |y_i − y_r| = 2 Σ_k (2k − n − 1) y_(k).
//
// The between-group sums of Dagum's decomposition (inequality/dagum_gini.hpp) need the two halves
// of Σ_i Σ_r |a_i − b_r| separately: Σ (a_i − b_r)+ and Σ (b_r − a_i)+; `positive_part_sums` gives
// both from one sort of b and prefix sums, in O((n_a + n_b) log n_b).

#include <span>

namespace spillover {

/// Σ_i Σ_r |y_i − y_r| over all ordered pairs of `y`.
double pairwise_absolute_sum(std::span<const double> y);

/// G = Σ_i Σ_r |y_i − y_r| / (2 n² μ). std::invalid_argument for no values or a mean that is not
/// positive (the ratio is then meaningless); 0 when every value is equal.
double gini(std::span<const double> y);

/// Σ_i Σ_r (a_i − b_r)+ and Σ_i Σ_r (b_r − a_i)+ over the n_a · n_b pairs.
struct PositivePartSums {
    double a_above_b = 0.0;  ///< Σ (a_i − b_r)+
    double b_above_a = 0.0;  ///< Σ (b_r − a_i)+
};
PositivePartSums positive_part_sums(std::span<const double> a, std::span<const double> b);

}  // namespace spillover
