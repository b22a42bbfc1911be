#include "weights/knn.hpp"

#include <fmt/format.h>

#include "engine/input_error.hpp"

namespace spillover {

void KnnOptions::validate() const {
    if (k < 1) throw InputError(fmt::format("k nearest neighbours: k = {} (it must be at least 1)", k));
    if (threads < 0) throw InputError(fmt::format("k nearest neighbours: threads = {} (it must be 0 or more)", threads));
}

void KnnOptions::validate(PointSet::Index n) const {
    validate();
    if (k >= n)
        throw InputError(fmt::format("k nearest neighbours: k = {} needs more than {} points, got {}", k, k, n));
}

NeighbourLists knn_neighbours(const PointIndex& index, const KnnOptions& options) {
    options.validate(index.size());
    const PointSet::Index k = options.k;
    return index.build_rows(
        [&](PointIndex::Unit u, std::vector<Neighbour>& row) { index.nearest(u, k, row); }, options.threads, k,
        options.symmetrise);
}

NeighbourLists knn_neighbours(const PointSet& points, const KnnOptions& options) {
    options.validate(points.size());
    const PointIndex index(points, options.threads);
    return knn_neighbours(index, options);
}

SpatialWeights knn_weights(const PointSet& points, const KnnOptions& options) {
    return knn_neighbours(points, options).to_binary_weights(points.ids, options.threads);
}

}  // namespace spillover
