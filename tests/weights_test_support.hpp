#pragma once
// Helpers shared by the weights test suites: spdep fixtures, the bundled point sets, and neighbour
// lists in the fixtures' layout (1-based indices, in stored order).

#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/csv_reader.hpp"
#include "weights/point_set.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover::testing {

using Lists = std::vector<std::vector<SpatialWeights::Index>>;

/// tests/fixtures/weights/NAME, parsed.
inline nlohmann::json weights_fixture(const std::string& name) {
    std::ifstream in(std::string(SPILLOVER_SOURCE_DIR) + "/tests/fixtures/weights/" + name);
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

/// The Columbus centroid columns X, Y (planar), ids 1..49.
inline PointSet columbus_points() {
    const DataTable table = read_csv(std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.csv");
    return PointSet::from_table(table, "X", "Y");
}

/// The 742 London cycle-hire docks (spData), lon/lat.
inline PointSet london_points() {
    const DataTable table = read_csv(std::string(SPILLOVER_SOURCE_DIR) + "/tests/fixtures/weights/london_points.csv");
    return PointSet::from_table(table, "lon", "lat", "id", true);
}

inline PointSet points_of(const std::vector<std::pair<double, double>>& xy, bool lonlat = false) {
    Eigen::MatrixX2d m(static_cast<Eigen::Index>(xy.size()), 2);
    for (std::size_t i = 0; i < xy.size(); ++i) m.row(static_cast<Eigen::Index>(i)) << xy[i].first, xy[i].second;
    return PointSet::with_default_ids(std::move(m), lonlat);
}

inline Lists one_based(const NeighbourLists& lists) {
    Lists out(static_cast<std::size_t>(lists.n()));
    for (SpatialWeights::Index i = 0; i < lists.n(); ++i)
        for (auto e = lists.offsets[static_cast<std::size_t>(i)]; e < lists.offsets[static_cast<std::size_t>(i) + 1]; ++e)
            out[static_cast<std::size_t>(i)].push_back(lists.index[static_cast<std::size_t>(e)] + 1);
    return out;
}

/// W's neighbour sets; with `binary`, also checks that every weight is 1.
inline Lists one_based(const SpatialWeights& w, bool binary = true) {
    Lists out(static_cast<std::size_t>(w.n()));
    for (SpatialWeights::Index i = 0; i < w.n(); ++i)
        for (SpatialWeights::Matrix::InnerIterator it(w.matrix(), i); it; ++it) {
            if (binary) CHECK(it.value() == 1.0);
            out[static_cast<std::size_t>(i)].push_back(it.col() + 1);
        }
    return out;
}

}  // namespace spillover::testing
