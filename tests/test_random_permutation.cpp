// The seeded permutations (engine/random_permutation): exactly uniform integers, Fisher–Yates
// permutations, draws without replacement that never return the excluded unit, all reproducible.

#include <algorithm>
#include <numeric>
#include <set>
#include <stdexcept>
#include <vector>

#include <doctest/doctest.h>

#include "engine/random_permutation.hpp"

using namespace spillover;

TEST_CASE("uniform_index stays in range, repeats with the seed and is flat") {
    std::mt19937_64 g(1), h(1);
    std::vector<int> counts(7, 0);
    for (int k = 0; k < 70000; ++k) {
        const auto a = uniform_index(g, 7);
        CHECK(a == uniform_index(h, 7));
        REQUIRE(a < 7);
        ++counts[a];
    }
    for (const int c : counts) CHECK(std::abs(c - 10000) < 500);  // 5 SD
    CHECK(uniform_index(g, 1) == 0);
    CHECK_THROWS_AS(uniform_index(g, 0), std::invalid_argument);
}

TEST_CASE("shuffle gives a permutation and depends only on the seed") {
    std::vector<int> a(100), b(100);
    std::iota(a.begin(), a.end(), 0);
    b = a;
    std::mt19937_64 g(stream_seed(5, 0)), h(stream_seed(5, 0));
    shuffle(std::span<int>(a), g);
    shuffle(std::span<int>(b), h);
    CHECK(a == b);
    std::vector<int> sorted = a;
    std::sort(sorted.begin(), sorted.end());
    for (int i = 0; i < 100; ++i) CHECK(sorted[static_cast<std::size_t>(i)] == i);
    CHECK(stream_seed(5, 0) != stream_seed(5, 1));
    CHECK(stream_seed(5, 0) != stream_seed(6, 0));
}

TEST_CASE("ConditionalDraws: distinct, never the excluded unit, each other unit equally likely") {
    ConditionalDraws sampler(10);
    std::mt19937_64 g(3);
    std::vector<std::uint32_t> out(4);
    std::vector<int> counts(10, 0);
    for (int d = 0; d < 9000; ++d) {
        sampler.draw(6, out, g);
        const std::set<std::uint32_t> distinct(out.begin(), out.end());
        REQUIRE(distinct.size() == 4);
        CHECK(distinct.count(6) == 0);
        for (const auto j : out) ++counts[j];
    }
    CHECK(counts[6] == 0);
    for (int j = 0; j < 10; ++j)
        if (j != 6) CHECK(std::abs(counts[static_cast<std::size_t>(j)] - 4000) < 250);  // 9000·4/9
    std::vector<std::uint32_t> all(9);
    sampler.draw(0, all, g);  // k = n − 1: every other unit
    CHECK(std::set<std::uint32_t>(all.begin(), all.end()).size() == 9);
    std::vector<std::uint32_t> too_many(10);
    CHECK_THROWS_AS(sampler.draw(0, too_many, g), std::invalid_argument);
}
