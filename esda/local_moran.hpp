#pragma once
// Local Moran's I, LISA (Anselin 1995), as spdep 1.2-7's localmoran with its defaults (mlvar = TRUE,
// conditional = TRUE, alternative = "two.sided", adjust.x = FALSE, zero.policy = TRUE):
//
//     z = x − x̄,   m2 = Σ z² / n   (n all units: the ML variance, mlvar = TRUE),
//     I_i = (z_i / m2) · (Wz)_i,
//     E[I_i]   = −z_i² W_i / ((n − 1) m2),                         W_i = Σ_j w_ij,
//     Var[I_i] = (z_i / m2)² · n/(n − 2) · (W_i2 − W_i²/(n − 1)) · (m2 − z_i²/(n − 1)),  W_i2 = Σ_j w_ij²,
//     Z_i = (I_i − E[I_i]) / √Var[I_i],   p two-sided by default.
// (The moments are conditional on z_i — Sokal, Oden & Thomson 1998 — the form spdep uses since 1.2.)
//
// Conditional permutation p-values, the adjustment and the significance: esda/local_inference.hpp.
//
// Clusters: the quadrant of the unit in the Moran scatterplot — High-High, Low-Low, High-Low (a high
// value among low neighbours), Low-High — when significant, "Not significant" otherwise, and
// "No neighbours" for an island (I_i = E = Var = 0, Z and p undefined). The quadrant by default is
// GeoDa's and esda's: the centred value z_i against 0 and its spatial lag (Wz)_i against 0 (spdep's
// quadrant "pysal"); QuadrantRule::Mean is spdep's default "mean" for hotspot(): x_i against x̄ and
// (Wx)_i against the mean of Wx. The two agree for a row-standardised W whose lag has the mean x̄.
// A value exactly at the cut is Low, as spdep's cut().
//
// For the Moran scatterplot the result keeps the standardised variable z/σ (σ the population
// standard deviation, as GeoDa) and its spatial lag W(z/σ); the slope of the lag on z/σ is Moran's I
// when W is row-standardised.
//
// Cost: O(nnz(W)); conditional permutations O(N · nnz(W)), parallel.

#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "engine/estimation_result.hpp"
#include "engine/lisa_class.hpp"
#include "esda/local_inference.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

enum class QuadrantRule { Centred, Mean };
std::string_view to_string(QuadrantRule rule);
/// "centred" (also "geoda", "pysal"), "mean"; InputError otherwise.
QuadrantRule parse_quadrant_rule(std::string_view name);


struct LocalMoranOptions {
    LocalInferenceOptions inference;
    QuadrantRule quadrant = QuadrantRule::Centred;
    void validate() const { inference.validate(); }
};

struct LocalMoranResult {
    Eigen::VectorXd ii, expected, variance, z, p_value;  ///< spdep's localmoran columns
    Eigen::VectorXd permutation_p_value;                  ///< NaN without permutations
    Eigen::VectorXd p_adjusted;                           ///< of the p-values the clusters use
    std::vector<LisaClass> quadrant;                    ///< the scatterplot's quadrant (islands: NoNeighbours)
    std::vector<LisaClass> cluster;                     ///< the quadrant when significant
    Eigen::VectorXd standardised;                         ///< z/σ (σ population SD)
    Eigen::VectorXd lag;                                  ///< W(z/σ)
    std::vector<std::string> conventions;
    FitStatus status = FitStatus::Ok;
    std::string message;
};

/// Local Moran of `x` (W's unit order). std::invalid_argument when the sizes differ; a constant x
/// gives status Warning and NaN statistics.
LocalMoranResult local_moran(const Eigen::VectorXd& x, const SpatialWeights& w, const LocalMoranOptions& options);

}  // namespace spillover
