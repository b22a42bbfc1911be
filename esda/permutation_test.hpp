#pragma once
// The permutation engines of the global and the local statistics, seeded and parallel.
//
// Global (free randomisation): the statistic recomputed for N random permutations of the values.
// Draws go in blocks of 64, block b drawn from stream_seed(seed, b) on a fresh copy of the values, so
// the draws depend on the seed only, never on the threads (engine/random_permutation.hpp).
// Cost N·(n + cost of one statistic): O(N·nnz) for Moran and Geary.
//
// Local (conditional randomisation, Anselin 1995; esda's crand, GeoDa, spdep's localmoran_perm):
// unit i keeps its value; its k_i neighbours (off the diagonal) take k_i distinct values drawn from
// the other n − 1 units, and the weighted sum L_i = Σ_j w_ij v_j (plus w_ii v_i, kept, when W has a
// diagonal, as for G*) is compared with the observed one. Units go in blocks of 256, block b drawn
// from stream_seed(seed, b). Cost O(N·nnz); at n = 10^5, k ≈ 6, N = 999 about a second per core.
// spdep 1.2-7's localmoran_perm and localG_perm draw the neighbours' values *with* replacement and
// draw G*'s own value too; here they are drawn without replacement, the unit's own value kept (as
// esda and GeoDa).

#include <cstdint>
#include <functional>
#include <vector>

#include <Eigen/Core>

#include "esda/autocorrelation_test.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

struct PermutationCounts {
    std::int64_t draws = 0;
    std::int64_t at_least = 0;  ///< permuted ≥ observed
    std::int64_t at_most = 0;   ///< permuted ≤ observed
    double mean = 0.0, sd = 0.0;  ///< of the permuted statistics
};

/// statistic(values permuted) for options.permutations permutations, compared with `observed`.
PermutationCounts permutation_counts(const Eigen::VectorXd& values, double observed,
                                     const std::function<double(const Eigen::VectorXd&)>& statistic,
                                     const PermutationOptions& options);

/// For each unit i: the counts of conditionally permuted weighted sums L_i ≥ and ≤ the observed
/// L_i = (Wv)_i; draws = 0 for a unit with no neighbour off the diagonal (nothing to permute).
std::vector<PermutationCounts> conditional_counts(const SpatialWeights& w, const Eigen::VectorXd& v,
                                                  const PermutationOptions& options);

}  // namespace spillover
