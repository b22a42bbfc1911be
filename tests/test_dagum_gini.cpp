// Dagum's (1997) decomposition: a small example by hand, the identity G = G_w + G_nb + G_t on random
// data, its properties, and Dagum's d_jh and p_jh against their definition over all pairs.

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "inequality/dagum_gini.hpp"
#include "inequality/gini.hpp"

using spillover::code_groups;
using spillover::dagum_decomposition;
using spillover::DagumDecomposition;

TEST_CASE("Dagum: two groups of three values by hand") {
    // A = {1, 3, 5} (mu_A = 3), B = {2, 6, 7} (mu_B = 5); n = 6, mu = 4.
    // G: sorted 1 2 3 5 6 7, coefficients -5 -3 -1 1 3 5 -> 44 over i < j, 88 over ordered pairs;
    //    G = 88 / (2 * 36 * 4) = 11/36.
    // G_AA: |diffs| 2 4 2 -> 16 ordered; 16 / (2 * 9 * 3) = 8/27.   G_BB: 4 5 1 -> 20; 20 / (2 * 9 * 5) = 2/9.
    // p_A = p_B = 1/2; s_A = 9/24 = 3/8, s_B = 15/24 = 5/8.
    // G_w = (8/27)(1/2)(3/8) + (2/9)(1/2)(5/8) = 1/18 + 5/72 = 1/8.
    // j = B (larger mean), h = A. y_B - y_A over the 9 pairs:
    //     2-1 = 1, 2-3 = -1, 2-5 = -3, 6-1 = 5, 6-3 = 3, 6-5 = 1, 7-1 = 6, 7-3 = 4, 7-5 = 2
    //   d_BA = (1 + 5 + 3 + 1 + 6 + 4 + 2)/9 = 22/9,  p_BA = (1 + 3)/9 = 4/9  (d - p = 2 = mu_B - mu_A)
    //   G_BA = (22 + 4) / (9 (3 + 5)) = 13/36,  D_BA = (22 - 4)/(22 + 4) = 9/13
    //   weight p_B s_A + p_A s_B = 3/16 + 5/16 = 1/2
    // G_nb = (13/36)(1/2)(9/13) = 1/8,  G_t = (13/36)(1/2)(4/13) = 1/18;  1/8 + 1/8 + 1/18 = 11/36 = G.
    const std::vector<double> y{1, 2, 3, 6, 5, 7};
    const auto groups = code_groups({"A", "B", "A", "B", "A", "B"});
    const DagumDecomposition d = dagum_decomposition(y, groups);
    const double tight = 1e-15;
    CHECK(d.gini == doctest::Approx(11.0 / 36).epsilon(tight));
    CHECK(d.within_gini(0) == doctest::Approx(8.0 / 27).epsilon(tight));
    CHECK(d.within_gini(1) == doctest::Approx(2.0 / 9).epsilon(tight));
    CHECK(d.income_share(0) == doctest::Approx(3.0 / 8).epsilon(tight));
    CHECK(d.within == doctest::Approx(1.0 / 8).epsilon(tight));
    const auto& pair = d.pair(0, 1);
    CHECK(pair.richer == 1);
    CHECK(pair.affluence == doctest::Approx(22.0 / 9).epsilon(tight));
    CHECK(pair.transvariation == doctest::Approx(4.0 / 9).epsilon(tight));
    CHECK(pair.gini == doctest::Approx(13.0 / 36).epsilon(tight));
    CHECK(pair.relative_affluence == doctest::Approx(9.0 / 13).epsilon(tight));
    CHECK(pair.weight == doctest::Approx(0.5).epsilon(tight));
    CHECK(d.net_between == doctest::Approx(1.0 / 8).epsilon(tight));
    CHECK(d.transvariation == doctest::Approx(1.0 / 18).epsilon(tight));
}

namespace {

struct Sample {
    std::vector<double> y;
    std::vector<std::string> labels;
};

/// Four groups of different sizes and levels that overlap.
Sample random_sample(unsigned seed, int n) {
    std::mt19937_64 rng(seed);
    std::lognormal_distribution<double> draw(0.0, 0.6);
    const std::vector<std::string> names{"central", "eastern", "north-east", "western"};
    const std::vector<double> level{1.0, 1.8, 1.2, 0.7};
    Sample s;
    for (int i = 0; i < n; ++i) {
        const auto g = static_cast<std::size_t>((i * 7 + i / 3) % 4);
        s.labels.push_back(names[g]);
        s.y.push_back(level[g] * draw(rng));
    }
    return s;
}

}  // namespace

TEST_CASE("Dagum: G = G_w + G_nb + G_t to 1e-12 on random data with 4 groups, d_jh and p_jh as defined") {
    for (unsigned seed : {1u, 2u, 3u}) {
        const Sample s = random_sample(seed, 285);
        const auto groups = code_groups(s.labels);
        const DagumDecomposition d = dagum_decomposition(s.y, groups);
        INFO("seed " << seed);
        CHECK(std::fabs(d.within + d.net_between + d.transvariation - d.gini) <= 1e-12 * d.gini);
        double weights = 0.0;
        for (int j = 0; j < 4; ++j) weights += d.population_share(j) * d.income_share(j);
        for (const auto& p : d.pairs) {
            weights += p.weight;
            CHECK(p.relative_affluence >= 0.0);
            CHECK(p.relative_affluence <= 1.0);
            // d_jh and p_jh over all n_j n_h pairs, straight from the definition
            double above = 0.0, below = 0.0;
            std::int64_t pairs = 0;
            for (std::size_t i = 0; i < s.y.size(); ++i)
                for (std::size_t r = 0; r < s.y.size(); ++r)
                    if (groups.code[i] == p.richer && groups.code[r] == (p.richer == p.first ? p.second : p.first)) {
                        above += std::max(s.y[i] - s.y[r], 0.0);
                        below += std::max(s.y[r] - s.y[i], 0.0);
                        ++pairs;
                    }
            CHECK(p.affluence == doctest::Approx(above / static_cast<double>(pairs)).epsilon(1e-13));
            CHECK(p.transvariation == doctest::Approx(below / static_cast<double>(pairs)).epsilon(1e-13));
            // Dagum: d_jh - p_jh = mu_j - mu_h
            const int h = p.richer == p.first ? p.second : p.first;
            CHECK(p.affluence - p.transvariation == doctest::Approx(d.mean(p.richer) - d.mean(h)).epsilon(1e-12));
        }
        CHECK(weights == doctest::Approx(1.0).epsilon(1e-14));  // Dagum: the weights add to one
    }
}

TEST_CASE("Dagum: scale invariance, one group has G_w = G, separated groups have no transvariation") {
    const Sample s = random_sample(11, 60);
    const auto groups = code_groups(s.labels);
    const DagumDecomposition d = dagum_decomposition(s.y, groups);
    std::vector<double> scaled;
    for (double v : s.y) scaled.push_back(37.5 * v);
    const DagumDecomposition e = dagum_decomposition(scaled, groups);
    CHECK(e.gini == doctest::Approx(d.gini).epsilon(1e-13));
    CHECK(e.within == doctest::Approx(d.within).epsilon(1e-13));
    CHECK(e.net_between == doctest::Approx(d.net_between).epsilon(1e-13));
    CHECK(e.transvariation == doctest::Approx(d.transvariation).epsilon(1e-13));

    const DagumDecomposition one = dagum_decomposition(s.y, code_groups(std::vector<std::string>(s.y.size(), "all")));
    CHECK(one.within == doctest::Approx(one.gini).epsilon(1e-14));
    CHECK(one.net_between == 0.0);
    CHECK(one.transvariation == 0.0);
    CHECK(one.gini == doctest::Approx(spillover::gini(s.y)).epsilon(1e-15));

    // every value of B above every value of A: p_BA = 0, D_BA = 1, G_t = 0
    const DagumDecomposition apart = dagum_decomposition(std::vector<double>{1, 2, 3, 4, 6, 8}, code_groups({"A", "A", "A", "B", "B", "B"}));
    CHECK(apart.transvariation == 0.0);
    CHECK(apart.pair(0, 1).relative_affluence == 1.0);
    CHECK(apart.within + apart.net_between == doctest::Approx(apart.gini).epsilon(1e-15));
}

TEST_CASE("Dagum: a group without values has NaN numbers and no weight") {
    const auto groups = code_groups({"A", "B", "A", "B"}, {"A", "B", "C"});
    const DagumDecomposition d = dagum_decomposition(std::vector<double>{1, 4, 2, 6}, groups);
    CHECK(std::isnan(d.within_gini(2)));
    CHECK(std::isnan(d.pair(0, 2).gini));
    CHECK(d.pair(1, 2).weight == 0.0);
    CHECK(d.within + d.net_between + d.transvariation == doctest::Approx(d.gini).epsilon(1e-14));
    CHECK_THROWS_AS(dagum_decomposition(std::vector<double>{1, 2}, code_groups({"A"})), std::invalid_argument);
}
