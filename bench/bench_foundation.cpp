// Benchmarks of the foundation's hot paths at 10^4 – 10^6 rows: parsing a numeric CSV, and the OLS
// fit (design matrix + QR + covariance). `make bench` writes build/bench_foundation.json.

#include <random>
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "engine/csv_reader.hpp"
#include "engine/design_matrix.hpp"
#include "engine/formula.hpp"
#include "models/ols.hpp"

namespace {

/// A CSV with an id, a response and four regressors drawn from a fixed seed.
std::string synthetic_csv(std::int64_t rows) {
    std::mt19937_64 rng(20261129);
    std::normal_distribution<double> normal;
    std::string text = "id,y,x1,x2,x3,x4\n";
    text.reserve(static_cast<std::size_t>(rows) * 110);
    for (std::int64_t i = 0; i < rows; ++i) {
        const double x1 = normal(rng), x2 = normal(rng), x3 = normal(rng), x4 = normal(rng);
        const double y = 1.0 + 0.5 * x1 - 0.25 * x2 + 2.0 * x3 + normal(rng);
        text += fmt::format("{},{},{},{},{},{}\n", i + 1, y, x1, x2, x3, x4);
    }
    return text;
}

void BM_ReadCsv(benchmark::State& state) {
    const std::string text = synthetic_csv(state.range(0));
    for (auto _ : state) {
        auto table = spillover::read_csv_text(text, "synthetic.csv");
        benchmark::DoNotOptimize(table.rows());
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_ReadCsv)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_Ols(benchmark::State& state) {
    const auto table = spillover::read_csv_text(synthetic_csv(state.range(0)), "synthetic.csv");
    const auto formula = spillover::parse_formula("y ~ x1 + x2 + x3 + x4");
    for (auto _ : state) {
        const auto design = spillover::build_design(table, formula);
        auto fit = spillover::fit_ols(design);
        benchmark::DoNotOptimize(fit.beta.data());
    }
}
BENCHMARK(BM_Ols)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
