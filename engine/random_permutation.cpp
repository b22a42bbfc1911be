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

void RandomIndices::zero_bound() { throw std::invalid_argument("RandomIndices::below: the bound must be at least 1"); }

ConditionalDraws::ConditionalDraws(std::size_t n) : index_(n) {
    if (n > std::numeric_limits<std::uint32_t>::max()) throw std::invalid_argument("ConditionalDraws: n too large");
    for (std::size_t i = 0; i < n; ++i) index_[i] = static_cast<std::uint32_t>(i);
}

void ConditionalDraws::draw(std::size_t excluded, std::span<std::uint32_t> out, RandomIndices& random) {
    const std::size_t n = index_.size(), k = out.size();
    if (excluded >= n || k + 1 > n)
        throw std::invalid_argument("ConditionalDraws: more draws than other units, or no such unit");
    if (k <= rejection_limit && 8 * k * k <= n) {
        // Few draws among many units: draw r uniform on the n − 1 others (r ≥ excluded shifted by
        // one), again when it repeats an earlier draw. No index array to touch; a repeat has
        // probability below k/(n − 1) ≤ 1/(8k) per draw.
        for (std::size_t s = 0; s < k;) {
            std::uint64_t r = random.below(n - 1);
            if (r >= excluded) ++r;
            const auto candidate = static_cast<std::uint32_t>(r);
            bool repeated = false;
            for (std::size_t t = 0; t < s; ++t) repeated |= out[t] == candidate;
            if (!repeated) out[s++] = candidate;
        }
        return;
    }
    // index_ is 0..n−1 in order here. The excluded index goes last, out of reach; then the first k
    // Fisher–Yates steps on [0, n − 1); then every swap undone in reverse, back to 0..n−1.
    const std::size_t last = n - 1;
    std::swap(index_[excluded], index_[last]);
    swapped_.clear();
    for (std::size_t s = 0; s < out.size(); ++s) {
        const std::size_t j = s + random.below(last - s);
        std::swap(index_[s], index_[j]);
        swapped_.push_back(j);
        out[s] = index_[s];
    }
    for (std::size_t s = out.size(); s-- > 0;) std::swap(index_[s], index_[swapped_[s]]);
    std::swap(index_[excluded], index_[last]);
}

}  // namespace spillover
