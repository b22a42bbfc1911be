#pragma once
// Random permutations and draws without replacement from a fixed stream: the same seed gives the
// same permutations, hence the same permutation p-values, on every platform and compiler.
//
// Why not std::shuffle or std::uniform_int_distribution: the standard fixes std::mt19937_64's output
// but not the algorithms of its distributions and of std::shuffle, so two standard libraries give
// different permutations from the same seed (engine/random_probes.hpp says the same of the probes).
// Here everything is built from mt19937_64's raw 64-bit words, in RandomIndices:
//   - below(m): an integer uniform on [0, m) by Lemire's (2019) multiply-and-reject. For m ≤ 2^32
//     each 64-bit word serves twice, low half first, as a 32-bit r: the high 32 bits of r·m, r
//     rejected when the low 32 bits fall below 2^32 mod m; a larger m takes a whole word the same way
//     in 64 bits. Exactly uniform; almost never a division; the generator — most of the cost of a
//     permutation test — runs half as often as with a word per draw.
//   - shuffle: Fisher–Yates (Durstenfeld): for s = n−1 … 1 swap a[s] with a[below(s + 1)].
//   - ConditionalDraws: k distinct indices among [0, n) without one excluded index. For few draws
//     among many (k ≤ 32 and 8k² ≤ n: contiguity and kNN weights) by rejection of repeats, touching
//     no memory; otherwise by the first k steps of Fisher–Yates on a kept index array, undone
//     afterwards (O(k) per draw, any k ≤ n − 1). Both are uniform over the k-subsets in random
//     order; which one runs depends on (n, k) only, so the draws still depend on the seed only.
//     This is the conditional randomisation of local statistics (Anselin 1995): unit i keeps its
//     value, its k neighbours take k distinct values drawn from the other n − 1 units.
//
// Parallel work stays reproducible by giving each fixed-size block of work its own stream,
// stream_seed(seed, block), whichever thread runs it: the numbers depend on the seed and the block
// size, never on the number of threads.

#include <cstdint>
#include <random>
#include <span>
#include <utility>
#include <vector>

namespace spillover {

/// A well-mixed seed for stream `stream` of `seed` (SplitMix64 of the pair): neighbouring streams
/// get unrelated mt19937_64 states.
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t stream);

/// Uniform integers from one mt19937_64 stream (see the header comment).
class RandomIndices {
public:
    explicit RandomIndices(std::uint64_t seed) : engine_(seed) {}
    /// An integer uniform on [0, bound); std::invalid_argument for bound 0.
    std::uint64_t below(std::uint64_t bound);

private:
    std::uint32_t next_half();
    [[noreturn]] static void zero_bound();
    std::mt19937_64 engine_;
    std::uint32_t spare_ = 0;  // the high half of the last word, when has_spare_
    bool has_spare_ = false;
};

// Inline: the permutation tests call it ~10^9 times.
inline std::uint32_t RandomIndices::next_half() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_;
    }
    const std::uint64_t word = engine_();
    spare_ = static_cast<std::uint32_t>(word >> 32);
    has_spare_ = true;
    return static_cast<std::uint32_t>(word);
}

inline std::uint64_t RandomIndices::below(std::uint64_t bound) {
    if (bound == 0) zero_bound();
    if (bound <= (std::uint64_t{1} << 32)) {
        // Lemire (2019) in 32 bits: the high half of r·bound, rejecting low halves below 2^32 mod bound.
        std::uint64_t m = std::uint64_t{next_half()} * bound;
        auto low = static_cast<std::uint32_t>(m);
        if (low < bound) {
            const auto threshold = static_cast<std::uint32_t>((std::uint64_t{1} << 32) % bound);
            while (low < threshold) {
                m = std::uint64_t{next_half()} * bound;
                low = static_cast<std::uint32_t>(m);
            }
        }
        return m >> 32;
    }
    unsigned __int128 m = static_cast<unsigned __int128>(engine_()) * bound;
    auto low = static_cast<std::uint64_t>(m);
    if (low < bound) {
        const std::uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
        while (low < threshold) {
            m = static_cast<unsigned __int128>(engine_()) * bound;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

/// Shuffles `values` in place (Fisher–Yates), every order equally likely.
template <typename T>
void shuffle(std::span<T> values, RandomIndices& random) {
    for (std::size_t s = values.size(); s > 1; --s) std::swap(values[s - 1], values[random.below(s)]);
}

/// k distinct indices of [0, n) other than one excluded index, uniformly among all such sets (and in
/// uniformly random order). Keeps an index array of size n, so one object per thread.
class ConditionalDraws {
public:
    explicit ConditionalDraws(std::size_t n);
    /// Draws `out.size()` (≤ n − 1) distinct indices ≠ `excluded` into `out`.
    void draw(std::size_t excluded, std::span<std::uint32_t> out, RandomIndices& random);

private:
    static constexpr std::size_t rejection_limit = 32;
    std::vector<std::uint32_t> index_;  // 0..n−1 in order between draws (each draw undoes its swaps)
    std::vector<std::size_t> swapped_;  // the swaps of the current draw, to undo them
};

}  // namespace spillover
