#pragma once
// A renumbering of W's units that puts neighbours near each other in memory.
//
// Data often come in an order unrelated to space (random points, firms sorted by name): then every
// neighbour in a spatial lag Wx is a cache miss, and at 10^6 units the lags, the sparse Cholesky
// analysis and the solves are bound by memory latency. Breadth-first order over W's graph (the first
// step of Cuthill–McKee: each component from its first unit, neighbours in W's row order) numbers a
// unit's neighbours within a narrow band of its own number. Measured on a 10^6 kNN-6 W in random
// order: an 8-column lag 0.72 → 0.30 s, CHOLMOD's analysis 4.2 → 2.0 s, the Hutchinson traces
// 8.5 → 3.4 s. Estimators renumber, fit and map the results back; results do not depend on the order.

#include <vector>

#include "weights/spatial_weights.hpp"

namespace spillover {

/// order[i] is the unit placed at position i (as SpatialWeights::permuted takes it). O(n + links).
std::vector<SpatialWeights::Index> breadth_first_order(const SpatialWeights& w);

/// order[i] == i for every i: W is already in that order (breadth-first order of a W renumbered by
/// its breadth-first order is the identity).
bool is_identity(const std::vector<SpatialWeights::Index>& order);

}  // namespace spillover
