#pragma once
// The neighbour graph of W: connected components and higher-order neighbours (Boost.Graph).
//
// Components treat a link in either direction as a connection (weak connectivity), so kNN weights,
// which are asymmetric, split only where no link crosses at all (spdep n.comp.nb on the symmetrised
// list). Higher-order neighbours follow W's rows: j is an order-k neighbour of i when the shortest
// path from i to j along links has exactly k steps (spdep nblag); cumulative order k is every unit
// within k steps (nblag_cumul). Both exclude i itself.

#include <vector>

#include "weights/spatial_weights.hpp"

namespace spillover {

struct Components {
    int count = 0;
    std::vector<int> label;  ///< component of each unit, 0..count−1, numbered by first unit
    /// Sizes of the components, in label order.
    std::vector<SpatialWeights::Index> sizes() const;
};

Components connected_components(const SpatialWeights& w);

enum class NeighbourOrder { Exclusive, Cumulative };

/// Binary W of the order-`order` neighbours (order ≥ 1). Order 1 Exclusive is W's pattern.
SpatialWeights higher_order(const SpatialWeights& w, int order, NeighbourOrder kind = NeighbourOrder::Exclusive);

}  // namespace spillover
