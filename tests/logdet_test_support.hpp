#pragma once
// Weights shared by the log-determinant and trace suites: Columbus contiguity and kNN-6 on uniform
// random points, row-standardised.

#include <random>
#include <string>

#include "weights/knn.hpp"
#include "weights/transforms.hpp"
#include "weights/weights_io.hpp"

namespace spillover::testing {

/// Columbus queen contiguity (Anselin's COL.gal), row-standardised: symmetric similar, n = 49.
inline SpatialWeights columbus_row() {
    return transformed(read_weights(std::string(SPILLOVER_DATA_DIR) + "/columbus/COL.gal", {}), WeightsTransform::Row);
}

/// kNN-6 on n uniform random points of the unit square, symmetrised (as make.sym.nb) or not,
/// row-standardised.
inline SpatialWeights random_knn_row(Eigen::Index n, bool symmetrise, std::uint64_t seed = 20261129) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Eigen::MatrixX2d xy(n, 2);
    for (Eigen::Index i = 0; i < n; ++i) xy.row(i) << unit(rng), unit(rng);
    KnnOptions o;
    o.k = 6;
    o.symmetrise = symmetrise;
    return transformed(knn_weights(PointSet::with_default_ids(std::move(xy), false), o), WeightsTransform::Row);
}

}  // namespace spillover::testing
