#pragma once
// Random numbers from a fixed stream: the same seed gives the same numbers everywhere.
//
// Probe vectors for stochastic trace estimation (Hutchinson 1990): tr(A) = E[zᵀAz] when the entries
// of z are independent with mean 0 and variance 1. Rademacher entries (±1) give the smallest
// variance among such z, 2 Σ_{i≠j} a_ij² for symmetric A.
//
// The probes come from std::mt19937_64, whose output is fixed by the C++ standard, one bit per
// entry: the same seed gives the same probes on every platform and compiler (std::*_distribution
// would not).

#include <cstdint>

#include <Eigen/Dense>

namespace spillover {

/// n × count matrix of ±1 entries from `seed`, column by column.
Eigen::MatrixXd rademacher_probes(Eigen::Index n, Eigen::Index count, std::uint64_t seed);

/// rows × cols matrix of independent standard normal draws from `seed`, column by column: Box–Muller
/// on uniforms made from the top 53 bits of std::mt19937_64, so reproducible everywhere.
Eigen::MatrixXd standard_normal_draws(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed);

}  // namespace spillover
