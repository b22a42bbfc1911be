#pragma once
// The pooled statistic of a balanced panel (N units × T periods, the same W every period): the
// statistic over the stacked N·T vector with the block-diagonal I_T ⊗ W — each unit a neighbour of
// its neighbours in the same period only — as spdep's moran.test (geary.test, globalG.test) on the
// stacked vector with that listw.
//
// Centring (Moran, Geary; esda/moran.hpp centres on the mean of what it is given):
//   PooledCentring::Period (the default): each period's values centred on their period mean first,
//     so that a common trend or level shift over time — growth in every region — is not counted as
//     spatial clustering; the pooled I is then the within-period autocorrelation pooled over the
//     periods, Σ_t z_t'W z_t / Σ_t z_t'z_t · NT/(T·S0), the summary of the year-by-year table.
//   PooledCentring::Pooled: the raw stacked values, centred on the one pooled mean (moran.test on the
//     stacked vector as it is).
// General G needs the raw non-negative values, so it always pools the raw values.
// Permutations move values over all N·T unit-periods (free randomisation of the stacked vector).

#include <cstdint>
#include <string_view>

#include <Eigen/Core>

#include "weights/spatial_weights.hpp"

namespace spillover {

enum class PooledCentring { Period, Pooled };
std::string_view to_string(PooledCentring centring);
/// "period", "pooled"; InputError otherwise.
PooledCentring parse_pooled_centring(std::string_view name);

/// I_T ⊗ W, ids "<unit>@<period index>", W's transform kept. O(T · nnz(W)).
SpatialWeights stacked_weights(const SpatialWeights& w, std::int64_t periods);

/// The stacked values (row t·N + i is unit i in period t) as the pooled statistic uses them.
Eigen::VectorXd pooled_values(const Eigen::VectorXd& stacked, std::int64_t units, PooledCentring centring);

}  // namespace spillover
