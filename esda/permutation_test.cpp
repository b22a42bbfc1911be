#include "esda/permutation_test.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <span>
#include <stdexcept>
#include <string>

#include "engine/parallel_for.hpp"
#include "engine/random_permutation.hpp"

namespace spillover {

std::string_view to_string(VarianceAssumption assumption) {
    return assumption == VarianceAssumption::Randomisation ? "randomisation" : "normality";
}

void PermutationOptions::validate() const {
    if (permutations < 0 || permutations > 10'000'000)
        throw std::invalid_argument("permutations must be between 0 and 10^7 (got " + std::to_string(permutations) + ")");
    if (threads < 0) throw std::invalid_argument("threads must be 0 (all) or more");
}

namespace {
constexpr std::int64_t global_block = 64;
constexpr std::int64_t local_block = 256;
// A permuted statistic within this relative distance of the observed one is a tie, counted both ≥
// and ≤: a discrete variable (a 0/1 dummy) gives exact ties that rounding in another summation
// order would split at random.
constexpr double tie_tolerance = 1e-10;
}  // namespace

PermutationCounts permutation_counts(const Eigen::VectorXd& values, double observed,
                                     const std::function<double(const Eigen::VectorXd&)>& statistic,
                                     const PermutationOptions& options) {
    options.validate();
    const std::int64_t draws = options.permutations;
    std::vector<double> permuted(static_cast<std::size_t>(draws));
    const std::int64_t blocks = (draws + global_block - 1) / global_block;
    const int threads = thread_count(options.threads);
    std::vector<Eigen::VectorXd> work(static_cast<std::size_t>(threads));
    parallel_for(static_cast<std::size_t>(blocks), threads, [&](std::size_t b, int t) {
        Eigen::VectorXd& v = work[static_cast<std::size_t>(t)];
        v = values;  // every block starts from the data: its draws depend on its stream only
        RandomIndices g(stream_seed(options.seed, b));
        const std::int64_t first = static_cast<std::int64_t>(b) * global_block;
        const std::int64_t last = std::min(draws, first + global_block);
        for (std::int64_t d = first; d < last; ++d) {
            shuffle(std::span<double>(v.data(), static_cast<std::size_t>(v.size())), g);
            permuted[static_cast<std::size_t>(d)] = statistic(v);
        }
    });
    PermutationCounts c;
    c.draws = draws;
    double sum = 0.0;
    const double tie = tie_tolerance * std::fabs(observed);
    for (const double s : permuted) {
        c.at_least += s >= observed - tie;
        c.at_most += s <= observed + tie;
        sum += s;
    }
    if (draws > 0) c.mean = sum / static_cast<double>(draws);
    double ss = 0.0;
    for (const double s : permuted) ss += (s - c.mean) * (s - c.mean);
    c.sd = draws > 1 ? std::sqrt(ss / static_cast<double>(draws - 1)) : std::nan("");
    return c;
}

std::vector<PermutationCounts> conditional_counts(const SpatialWeights& w, const Eigen::VectorXd& v,
                                                  const PermutationOptions& options) {
    options.validate();
    const SpatialWeights::Matrix& W = w.matrix();
    const std::int64_t n = w.n(), draws = options.permutations;
    if (v.size() != n) throw std::invalid_argument("conditional_counts: values and W differ in size");
    std::vector<PermutationCounts> counts(static_cast<std::size_t>(n));
    const std::int64_t blocks = (n + local_block - 1) / local_block;
    const int threads = thread_count(options.threads);
    struct Workspace {
        ConditionalDraws sampler;
        std::vector<std::uint32_t> drawn;
        std::vector<double> weights;
    };
    const double largest = v.size() > 0 ? v.cwiseAbs().maxCoeff() : 0.0;
    std::vector<Workspace> work;
    for (int t = 0; t < threads; ++t) work.push_back({ConditionalDraws(static_cast<std::size_t>(n)), {}, {}});
    parallel_for(static_cast<std::size_t>(blocks), threads, [&](std::size_t b, int t) {
        Workspace& ws = work[static_cast<std::size_t>(t)];
        RandomIndices g(stream_seed(options.seed, b));
        const std::int64_t first = static_cast<std::int64_t>(b) * local_block, last = std::min(n, first + local_block);
        for (std::int64_t i = first; i < last; ++i) {
            // The row's off-diagonal weights (drawn for) and its diagonal term (kept).
            ws.weights.clear();
            double fixed = 0.0, observed = 0.0, scale = 0.0;
            for (SpatialWeights::Matrix::InnerIterator it(W, i); it; ++it) {
                scale += std::fabs(it.value());
                if (it.col() == i) {
                    fixed = it.value() * v[i];
                } else {
                    ws.weights.push_back(it.value());
                    observed += it.value() * v[it.col()];
                }
            }
            observed += fixed;
            const double tie = tie_tolerance * scale * largest;
            PermutationCounts& c = counts[static_cast<std::size_t>(i)];
            const std::size_t k = ws.weights.size();
            if (k == 0 || k + 1 > static_cast<std::size_t>(n)) continue;  // nothing to permute
            ws.drawn.resize(k);
            c.draws = draws;
            for (std::int64_t d = 0; d < draws; ++d) {
                ws.sampler.draw(static_cast<std::size_t>(i), ws.drawn, g);
                double sum = fixed;
                for (std::size_t j = 0; j < k; ++j) sum += ws.weights[j] * v[ws.drawn[j]];
                c.at_least += sum >= observed - tie;
                c.at_most += sum <= observed + tie;
            }
        }
    });
    return counts;
}

}  // namespace spillover
