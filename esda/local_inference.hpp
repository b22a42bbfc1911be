#pragma once
// Inference shared by the local statistics (local Moran, local G and G*): the analytic p-values
// come from each statistic's own moments; this adds the conditional permutation p-values
// (esda/permutation_test.hpp), the multiple-testing adjustment (esda/p_adjust.hpp) and the
// significance that decides the cluster classes.
//
// Conventions:
//   - the permutation p-value is the folded pseudo p-value (min(#≥, N − #≥) + 1)/(N + 1), one-sided
//     in the direction the observed value lies (esda's p_sim, GeoDa, spdep's "Pr(folded) Sim");
//   - the classes use the permutation p-value when permutations > 0 (GeoDa's and esda's LISA maps),
//     the analytic one otherwise; after the adjustment, a unit is significant when p < significance
//     (spdep's hotspot(): p.adjust(p) < cutoff);
//   - a unit with no neighbour has no p-value (NaN) and a class of its own.

#include <string>
#include <vector>

#include <Eigen/Core>

#include "esda/alternative.hpp"
#include "esda/autocorrelation_test.hpp"
#include "esda/p_adjust.hpp"
#include "esda/permutation_test.hpp"

namespace spillover {

struct LocalInferenceOptions {
    Alternative alternative = Alternative::TwoSided;  ///< of the analytic p-values (spdep's default)
    PermutationOptions permutation;                   ///< conditional; 0 permutations: analytic p only
    PAdjust adjust = PAdjust::None;
    double significance = 0.05;
    /// std::invalid_argument for a significance outside (0, 1) and the permutation options' errors.
    void validate() const;
};

struct LocalInference {
    Eigen::VectorXd permutation_p_value;  ///< NaN without permutations or neighbours
    Eigen::VectorXd p_adjusted;           ///< the p-values the classes use, adjusted
    std::vector<bool> significant;
    std::string p_source;  ///< "permutation" or "analytic"
};

/// The permutation p-values from the conditional counts of the weighted sums L_i, `direction`[i] the
/// sign of dStatistic_i/dL_i (+1, −1, or 0 where the statistic does not depend on L_i: p = 1); then
/// the adjustment of the p-values used and the significance. `counts` empty: analytic only.
LocalInference local_inference(const Eigen::VectorXd& analytic_p, const std::vector<PermutationCounts>& counts,
                               const Eigen::VectorXd& direction, const LocalInferenceOptions& options);

/// The convention lines of `inference` under `options` (which p, which adjustment, which level).
std::vector<std::string> local_inference_conventions(const LocalInference& inference, const LocalInferenceOptions& options);

}  // namespace spillover
