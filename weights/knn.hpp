#pragma once
// k-nearest-neighbour weights from points, equal to R spdep 1.2-7's knn2nb(knearneigh(x, k)).
//
// Definition
//   Unit i's neighbours are the k units j ≠ i closest to it: planar distance, or the great-circle
//   distance of point_set.hpp for lon/lat points (spdep's gcdist unless PointSet::great_circle says
//   haversine). The relation is not symmetric; `symmetrise` takes the union (i ~ j when j is among
//   i's k nearest or i among j's), as spdep's make.sym.nb, so some units then have more than k.
//
// Ties (spdep's rule, from knearneigh() in spdep's src/knn.c)
//   spdep scans the other points in input order and inserts each into a sorted list of the k
//   nearest with a strict `<`, so a point never displaces an equally distant one seen before:
//   among equal distances the lower input index wins, both for who gets in at the k-th place and
//   for the order of the list. (spdep's relative 1e-4 "fuzz" only admits a point to the scan; it
//   never changes the result.) Here the KD-tree proposes candidates and the same rule — order by
//   (distance, index) on the exact distances — decides, so the result does not depend on the tree.
//   Duplicate points are at distance 0 and so are each other's nearest neighbours; spdep (without
//   the dbscan package, as on Debian) warns and gives the same answer.
//   Note: with the dbscan package installed, spdep 1.2-7 answers planar queries with dbscan::kNN
//   (an ANN kd-tree), whose order among exact ties is the tree's; the fixtures were made without it.
//
// Row order: knn_neighbours keeps each row in distance order (the rows of knearneigh()$nn), unless
// symmetrised (then rows are sorted by index). knn_weights' rows are sorted by index (CSR).
//
// Cost: one KD-tree build (O(n log n)) and one (k + 2)-nearest query per point, on all hardware
// threads, in Morton order; an exact tie at the k-th distance costs a radius query, and lon/lat
// points sometimes one more (point_set.hpp). Symmetrising is a transpose and merge done in Morton
// order, before the rows are put back in input order. About 1.9 s for 10^6 points, k = 6,
// symmetrised, into a SpatialWeights, on 2 cores (bench/bench_knn.cpp).

#include "weights/point_set.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

struct KnnOptions {
    int k = 1;                ///< neighbours per unit (spdep's knearneigh default)
    bool symmetrise = false;  ///< union with the transpose, as spdep's make.sym.nb
    int threads = 0;          ///< 0 = one per hardware thread

    /// Throws InputError for k < 1 or threads < 0.
    void validate() const;
    /// Also throws InputError when k ≥ n (spdep: "fewer data points than k").
    void validate(PointSet::Index n) const;
};

/// The k nearest neighbours of every unit with their distances; see the header comment for the
/// row order.
NeighbourLists knn_neighbours(const PointIndex& index, const KnnOptions& options);
NeighbourLists knn_neighbours(const PointSet& points, const KnnOptions& options);

/// Binary W (w_ij = 1 for each neighbour), ids from `points`: spdep's
/// nb2listw(knn2nb(knearneigh(x, k)), style = "B"), or of make.sym.nb(...) with `symmetrise`.
SpatialWeights knn_weights(const PointSet& points, const KnnOptions& options);

}  // namespace spillover
