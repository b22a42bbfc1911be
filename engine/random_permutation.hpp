#pragma once
// Random permutations and draws without replacement from a fixed stream: the same seed gives the
// same permutations, hence the same permutation p-values, on every platform and compiler.
//
// Why not std::shuffle or std::uniform_int_distribution: the standard fixes std::mt19937_64's output
// but not the algorithms of its distributions and of std::shuffle, so two standard libraries give
// different permutations from the same seed (engine/random_probes.hpp says the same of the probes).
// Here everything is built from mt19937_64's raw 64-bit words:
//   - uniform_index(g, m): an integer uniform on [0, m) by rejection — draw a 64-bit word r, reject
//     it when r falls in the incomplete last block (r ≥ 2^64 − (2^64 mod m)), else return r mod m.
//     Exactly uniform; on average fewer than two words.
//   - shuffle: Fisher–Yates (Durstenfeld): for s = n−1 … 1 swap a[s] with a[uniform_index(s + 1)].
//   - ConditionalDraws: k distinct indices among [0, n) without one excluded index, by the first k
//     steps of Fisher–Yates on a kept index array, undone afterwards (O(k) per draw, any k ≤ n − 1).
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

/// An integer uniform on [0, bound), bound ≥ 1, from g's raw words (see the header comment).
std::uint64_t uniform_index(std::mt19937_64& g, std::uint64_t bound);

/// Shuffles `values` in place (Fisher–Yates), every order equally likely.
template <typename T>
void shuffle(std::span<T> values, std::mt19937_64& g) {
    for (std::size_t s = values.size(); s > 1; --s) std::swap(values[s - 1], values[uniform_index(g, s)]);
}

/// k distinct indices of [0, n) other than one excluded index, uniformly among all such sets (and in
/// uniformly random order). Keeps an index array of size n, so one object per thread.
class ConditionalDraws {
public:
    explicit ConditionalDraws(std::size_t n);
    /// Draws `out.size()` (≤ n − 1) distinct indices ≠ `excluded` into `out`.
    void draw(std::size_t excluded, std::span<std::uint32_t> out, std::mt19937_64& g);

private:
    std::vector<std::uint32_t> index_;  // 0..n−1 in order between draws (each draw undoes its swaps)
    std::vector<std::size_t> swapped_;  // the swaps of the current draw, to undo them
};

}  // namespace spillover
