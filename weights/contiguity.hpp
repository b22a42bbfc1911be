#pragma once
// Queen and rook contiguity from polygons, equal to R spdep's poly2nb (spdep 1.2-7; Bivand,
// Pebesma & Gómez-Rubio 2013, Applied Spatial Data Analysis with R, 2nd ed., ch. 9).
//
// The rule (spdep R/poly2nb.R and src/polypoly.c, polypolyC):
//   * Each feature is reduced to a list of boundary points: the vertices of all its rings — every
//     part, exterior and holes — in file order, each ring with its closing vertex, minus the very
//     first vertex of the feature (poly2nb drops row 1 of sf::st_coordinates; for sp objects it
//     drops the first vertex of every ring instead, so spdep's own rook can differ between sf and
//     sp input — this follows sf). Vertices are points; edges play no role.
//   * For two features A and B, k = the number of vertex pairs (p in A, q in B) with
//         |p.x - q.x| <= snap  and  |p.y - q.y| <= snap  and  hypot(p.x - q.x, p.y - q.y) <= snap,
//     i.e. Euclidean distance at most snap (<=, not <), each pair counted with multiplicity.
//   * Queen: A ~ B when k >= 1 (a common boundary point). Rook: A ~ B when k >= 2.
//   * poly2nb first keeps candidate pairs whose bounding boxes, each widened by snap, overlap. That
//     filter never removes a pair with k >= 1, so it changes nothing here; this code finds the
//     candidates with a grid hash of the vertices instead (cell side >= snap), in O(vertices + hits)
//     rather than O(n^2).
//
// snap: the distance (in the layer's coordinate units) under which two vertices count as the same
// point. Default sqrt(DBL_EPSILON) ≈ 1.49e-8, spdep's: it absorbs the rounding of coordinates that
// were meant to coincide. It is not a tolerance on edges: polygons separated by a gap narrower
// than snap are only neighbours if they have vertices within snap of each other.
//
// WARNING — poly2nb's rook is "two boundary-point matches", NOT "a shared edge":
//   * two polygons touching at two separate points (no common segment) are rook neighbours;
//   * a point counted twice is enough: a corner that is the start (and so also the end) of a hole
//     ring or of a later part, or a repeated vertex, or two vertices of A within snap of one of B
//     (likely with a large snap) make a single-point touch a rook link;
//   * a common edge whose end points are not vertices of both polygons (a T-junction: A's edge lies
//     along part of B's longer edge) gives no link at all, queen or rook.
// This is what spdep does and so what published results built with spdep use; it is kept exactly.
//
// Differences from poly2nb, by design: spdep turns a negative snap into |snap|, here it is an
// error; for sf data in longitude/latitude with sf_use_s2() TRUE, poly2nb takes its candidates from
// s2's st_intersects (polygons must touch on the sphere), so polygons that are within snap but do
// not touch are not linked there, while here coordinates are always planar.

#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include "weights/polygon_layer.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

enum class ContiguityRule {
    Queen,  ///< at least one pair of boundary points within snap
    Rook,   ///< at least two such pairs (see the WARNING above)
};

std::string_view to_string(ContiguityRule rule);
/// "queen" or "rook"; InputError otherwise.
ContiguityRule parse_contiguity_rule(std::string_view name);

struct ContiguityOptions {
    ContiguityRule rule = ContiguityRule::Queen;
    /// Points at most this far apart (Euclidean, layer units) are the same point; spdep's default.
    double snap = std::sqrt(std::numeric_limits<double>::epsilon());

    /// Throws InputError unless snap is finite and >= 0.
    void validate() const;
};

/// The neighbours of each feature (0-based, ascending), by the rule above. Throws InputError for
/// invalid options or a non-finite coordinate (naming the feature).
std::vector<std::vector<SpatialWeights::Index>> contiguity_neighbours(const PolygonLayer& layer,
                                                                      const ContiguityOptions& options);

/// Binary contiguity weights (w_ij = 1 for neighbours, WeightsTransform::None), rows in the
/// layer's order and with its ids ("1".."n" when `layer.ids` is empty). Features with no
/// neighbour are islands (empty rows).
SpatialWeights contiguity_weights(const PolygonLayer& layer, const ContiguityOptions& options = {});

}  // namespace spillover
