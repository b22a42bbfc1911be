// Benchmarks of distance-based weights at 10^4 – 10^6 points: k = 6 nearest neighbours (symmetrised,
// as make.sym.nb) into a SpatialWeights, a distance band with about 6 neighbours a point, and the
// stages of kNN separately (KD-tree build; queries). Uniform random points in the unit square from a
// fixed seed; the ids "1".."n" are built once outside the timed loop.

#include <cmath>
#include <numbers>
#include <random>

#include <benchmark/benchmark.h>

#include "weights/distance_band.hpp"
#include "weights/knn.hpp"
#include "weights/point_set.hpp"

namespace {

using spillover::PointSet;

PointSet uniform_points(std::int64_t n, bool lonlat = false) {
    std::mt19937_64 rng(20261130);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Eigen::MatrixX2d xy(n, 2);
    for (std::int64_t i = 0; i < n; ++i) {
        // lon/lat: a 10° × 10° patch, 0–10° E, 45–55° N.
        xy(i, 0) = lonlat ? 0 + 10 * unit(rng) : unit(rng);
        xy(i, 1) = lonlat ? 45 + 10 * unit(rng) : unit(rng);
    }
    return PointSet::with_default_ids(std::move(xy), lonlat);
}

// kNN-6, symmetrised, all the way to SpatialWeights; planar or lon/lat.
void knn6_weights(benchmark::State& state, bool lonlat) {
    const PointSet points = uniform_points(state.range(0), lonlat);
    spillover::KnnOptions options;
    options.k = 6;
    options.symmetrise = true;
    for (auto _ : state) {
        const auto w = spillover::knn_weights(points, options);
        benchmark::DoNotOptimize(w.links());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_KnnWeights(benchmark::State& state) { knn6_weights(state, false); }
BENCHMARK(BM_KnnWeights)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_KnnWeightsLonLat(benchmark::State& state) { knn6_weights(state, true); }
BENCHMARK(BM_KnnWeightsLonLat)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The stages: building the index, and the k = 6 neighbour lists (queries only, no W).
void BM_PointIndexBuild(benchmark::State& state) {
    const PointSet points = uniform_points(state.range(0));
    for (auto _ : state) {
        const spillover::PointIndex index(points);
        benchmark::DoNotOptimize(index.size());
    }
}
BENCHMARK(BM_PointIndexBuild)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_KnnQueries(benchmark::State& state) {
    const PointSet points = uniform_points(state.range(0));
    const spillover::PointIndex index(points);
    spillover::KnnOptions options;
    options.k = 6;
    for (auto _ : state) {
        const auto lists = spillover::knn_neighbours(index, options);
        benchmark::DoNotOptimize(lists.links());
    }
}
BENCHMARK(BM_KnnQueries)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// A band holding about 6 neighbours a point: π r² n = 6.
void BM_DistanceBandWeights(benchmark::State& state) {
    const std::int64_t n = state.range(0);
    const PointSet points = uniform_points(n);
    spillover::DistanceBandOptions band;
    band.upper = std::sqrt(6.0 / (std::numbers::pi * static_cast<double>(n)));
    for (auto _ : state) {
        const auto w = spillover::distance_band_weights(points, band);
        benchmark::DoNotOptimize(w.links());
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_DistanceBandWeights)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
