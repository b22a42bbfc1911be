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

TEST_CASE("RandomIndices stays in range, repeats with the seed and is flat") {
    RandomIndices g(1), h(1);
    std::vector<int> counts(7, 0);
    for (int k = 0; k < 70000; ++k) {
        const auto a = g.below(7);
        CHECK(a == h.below(7));
        REQUIRE(a < 7);
        ++counts[a];
    }
    for (const int c : counts) CHECK(std::abs(c - 10000) < 500);  // 5 SD
    CHECK(g.below(1) == 0);
    CHECK_THROWS_AS(g.below(0), std::invalid_argument);
    // The stream is mt19937_64's words, low half first: bound 2^32 returns the halves themselves.
    std::mt19937_64 raw(9);
    RandomIndices halves(9);
    const std::uint64_t word = raw();
    CHECK(halves.below(std::uint64_t{1} << 32) == (word & 0xffffffffULL));
    CHECK(halves.below(std::uint64_t{1} << 32) == (word >> 32));
    // Above 2^32 a whole word: bound 2^63 gives its top 63 bits.
    CHECK(halves.below(std::uint64_t{1} << 63) == (raw() >> 1));
}

TEST_CASE("shuffle gives a permutation and depends only on the seed") {
    std::vector<int> a(100), b(100);
    std::iota(a.begin(), a.end(), 0);
    b = a;
    RandomIndices g(stream_seed(5, 0)), h(stream_seed(5, 0));
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
    RandomIndices g(3);
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

TEST_CASE("ConditionalDraws by rejection (few among many): distinct, flat, never the excluded unit") {
    ConditionalDraws sampler(200);  // k = 3: 8k² ≤ n, the rejection path
    RandomIndices g(4);
    std::vector<std::uint32_t> out(3);
    std::vector<int> counts(200, 0);
    for (int d = 0; d < 39800; ++d) {
        sampler.draw(17, out, g);
        REQUIRE(std::set<std::uint32_t>(out.begin(), out.end()).size() == 3);
        for (const auto j : out) ++counts[j];
    }
    CHECK(counts[17] == 0);
    for (int j = 0; j < 200; ++j)
        if (j != 17) CHECK(std::abs(counts[static_cast<std::size_t>(j)] - 600) < 130);  // 39800·3/199, 5 SD
}
