#include "engine/random_permutation.hpp"

#include <limits>
#include <stdexcept>

namespace spillover {

std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t stream) {
    // SplitMix64 (Steele, Lea & Flood 2014) over seed and stream, twice mixed.
    auto mix = [](std::uint64_t z) {
        z += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    return mix(mix(seed) ^ (stream * 0xd1b54a32d192ed03ULL));
}

std::uint64_t uniform_index(std::mt19937_64& g, std::uint64_t bound) {
    if (bound == 0) throw std::invalid_argument("uniform_index: the bound must be at least 1");
    // 2^64 mod bound, computed without 2^64: (2^64 − bound) mod bound.
    const std::uint64_t excess = (std::numeric_limits<std::uint64_t>::max() - bound + 1) % bound;
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - excess;  // accept r ≤ limit
    for (;;) {
        const std::uint64_t r = g();
        if (r <= limit) return r % bound;
    }
}

ConditionalDraws::ConditionalDraws(std::size_t n) : index_(n) {
    if (n > std::numeric_limits<std::uint32_t>::max()) throw std::invalid_argument("ConditionalDraws: n too large");
    for (std::size_t i = 0; i < n; ++i) index_[i] = static_cast<std::uint32_t>(i);
}

void ConditionalDraws::draw(std::size_t excluded, std::span<std::uint32_t> out, std::mt19937_64& g) {
    const std::size_t n = index_.size();
    if (excluded >= n || out.size() + 1 > n)
        throw std::invalid_argument("ConditionalDraws: more draws than other units, or no such unit");
    // index_ is 0..n−1 in order here. The excluded index goes last, out of reach; then the first k
    // Fisher–Yates steps on [0, n − 1); then every swap undone in reverse, back to 0..n−1.
    const std::size_t last = n - 1;
    std::swap(index_[excluded], index_[last]);
    swapped_.clear();
    for (std::size_t s = 0; s < out.size(); ++s) {
        const std::size_t j = s + uniform_index(g, last - s);
        std::swap(index_[s], index_[j]);
        swapped_.push_back(j);
        out[s] = index_[s];
    }
    for (std::size_t s = out.size(); s-- > 0;) std::swap(index_[s], index_[swapped_[s]]);
    std::swap(index_[excluded], index_[last]);
}

}  // namespace spillover
