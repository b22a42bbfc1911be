#pragma once
// Weights from attributes rather than geography, as used in the regional-economics literature.
//
//   economic distance   w_ij = 1 / |x̄_i − x̄_j| for i ≠ j, where x̄_i is unit i's mean of an
//                       attribute (GDP per capita, say) over the periods of a panel (or its value
//                       in a cross-section). Dense: every pair is linked. Two units with the same
//                       x̄ are an error (the weight would be infinite).
//   nested, product     w_ij = g_ij · (x̄_j / x̄), x̄ the mean of the x̄_i: a geographic W (g_ij,
//                       typically inverse distance 1/d_ij^φ) scaled by the economic weight of the
//                       destination ("economic-geographic nested" W of the Chinese productivity
//                       literature; φ is the distance-decay power of the geographic part).
//   nested, mix         W = φ·W_geo + (1 − φ)·W_econ with 0 ≤ φ ≤ 1, both parts row-standardised
//                       first so that φ is the share of geography in every row.
//   block (regimes)     w_ij = 1 when i and j are in the same group (province, industry), i ≠ j.
// None of these is row-standardised here: apply a transform (weights/transforms.hpp) after; the
// command line row-standardises by default and says so.

#include <string>
#include <vector>

#include "engine/data_table.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// Per-unit means of `value_column` over the rows of each id in `id_column` (a long panel), ids in
/// order of first appearance. A cross-section (one row per id) gives the values themselves. Missing
/// values are an error naming the id and line.
struct UnitMeans {
    std::vector<std::string> ids;
    Eigen::VectorXd means;
};
UnitMeans unit_means(const DataTable& table, const std::string& id_column, const std::string& value_column);

SpatialWeights economic_distance_weights(const UnitMeans& x);

/// `geographic` and `x` must list the same ids (any order).
SpatialWeights nested_product_weights(const SpatialWeights& geographic, const UnitMeans& x);

/// `geographic` and `economic` must list the same ids; φ in [0, 1].
SpatialWeights nested_mix_weights(const SpatialWeights& geographic, const SpatialWeights& economic, double phi);

/// Units and their group labels (one per unit).
SpatialWeights block_weights(const std::vector<std::string>& ids, const std::vector<std::string>& groups);

}  // namespace spillover
