// Benchmarks of contiguity weights (weights/contiguity): queen and rook on generated lattices of
// k x k squares and hexagons built in memory (10^4 – 10^6 polygons), the full SpatialWeights
// build, and reading the Columbus shapefile through GDAL.

#include <cmath>
#include <string>

#include <benchmark/benchmark.h>

#include "weights/contiguity.hpp"
#include "weights/polygon_layer.hpp"

namespace {

using spillover::ContiguityRule;
using spillover::Point;
using spillover::PolygonLayer;

/// k x k unit squares, each a closed 5-vertex ring starting at its lower-left corner.
PolygonLayer square_lattice(std::int64_t k) {
    PolygonLayer layer;
    layer.shapes.reserve(static_cast<std::size_t>(k * k));
    for (std::int64_t r = 0; r < k; ++r)
        for (std::int64_t c = 0; c < k; ++c) {
            const double x = static_cast<double>(c), y = static_cast<double>(r);
            layer.shapes.push_back({{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}}});
        }
    return layer;
}

/// k x k pointy-top hexagons of circumradius 1 in offset rows. Each hexagon computes its own
/// vertices, so shared corners agree only up to rounding: the default snap has to absorb it.
PolygonLayer hexagon_lattice(std::int64_t k) {
    const double pi = std::acos(-1.0);
    const double width = std::sqrt(3.0);
    PolygonLayer layer;
    layer.shapes.reserve(static_cast<std::size_t>(k * k));
    for (std::int64_t r = 0; r < k; ++r)
        for (std::int64_t c = 0; c < k; ++c) {
            const double cx = static_cast<double>(c) * width + (r % 2 ? width / 2 : 0.0);
            const double cy = static_cast<double>(r) * 1.5;
            spillover::Ring ring;
            for (int v = 0; v <= 6; ++v) {
                const double angle = pi / 6 + static_cast<double>(v % 6) * pi / 3;
                ring.push_back({cx + std::cos(angle), cy + std::sin(angle)});
            }
            layer.shapes.push_back({{ring}});
        }
    return layer;
}

void report_links(benchmark::State& state, const std::vector<std::vector<spillover::SpatialWeights::Index>>& nb) {
    std::size_t links = 0;
    for (const auto& list : nb) links += list.size();
    state.counters["polygons"] = static_cast<double>(nb.size());
    state.counters["links"] = static_cast<double>(links);
}

void BM_QueenSquares(benchmark::State& state) {
    const PolygonLayer layer = square_lattice(state.range(0));
    std::vector<std::vector<spillover::SpatialWeights::Index>> nb;
    for (auto _ : state) {
        nb = spillover::contiguity_neighbours(layer, {ContiguityRule::Queen});
        benchmark::DoNotOptimize(nb.data());
    }
    report_links(state, nb);
}
BENCHMARK(BM_QueenSquares)->Arg(100)->Arg(300)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_RookSquares(benchmark::State& state) {
    const PolygonLayer layer = square_lattice(state.range(0));
    std::vector<std::vector<spillover::SpatialWeights::Index>> nb;
    for (auto _ : state) {
        nb = spillover::contiguity_neighbours(layer, {ContiguityRule::Rook});
        benchmark::DoNotOptimize(nb.data());
    }
    report_links(state, nb);
}
BENCHMARK(BM_RookSquares)->Arg(300)->Unit(benchmark::kMillisecond);

void BM_QueenHexagons(benchmark::State& state) {
    const PolygonLayer layer = hexagon_lattice(state.range(0));
    std::vector<std::vector<spillover::SpatialWeights::Index>> nb;
    for (auto _ : state) {
        nb = spillover::contiguity_neighbours(layer, {ContiguityRule::Queen});
        benchmark::DoNotOptimize(nb.data());
    }
    report_links(state, nb);
}
BENCHMARK(BM_QueenHexagons)->Arg(100)->Arg(300)->Unit(benchmark::kMillisecond);

// Neighbour lists plus the sparse W (ids, triplets, validation).
void BM_QueenWeightsSquares(benchmark::State& state) {
    const PolygonLayer layer = square_lattice(state.range(0));
    for (auto _ : state) {
        const auto w = spillover::contiguity_weights(layer, {ContiguityRule::Queen});
        benchmark::DoNotOptimize(w.links());
    }
}
BENCHMARK(BM_QueenWeightsSquares)->Arg(300)->Unit(benchmark::kMillisecond);

void BM_ReadColumbus(benchmark::State& state) {
    const std::string path = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.shp";
    for (auto _ : state) {
        const auto layer = spillover::read_polygon_layer(path, "POLYID");
        benchmark::DoNotOptimize(layer.shapes.data());
    }
}
BENCHMARK(BM_ReadColumbus)->Unit(benchmark::kMicrosecond);

void BM_QueenColumbus(benchmark::State& state) {
    const auto layer = spillover::read_polygon_layer(std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.shp");
    for (auto _ : state) {
        const auto w = spillover::contiguity_weights(layer);
        benchmark::DoNotOptimize(w.links());
    }
}
BENCHMARK(BM_QueenColumbus)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
