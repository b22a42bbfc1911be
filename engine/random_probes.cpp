#include "engine/random_probes.hpp"

#include <random>

namespace spillover {

Eigen::MatrixXd rademacher_probes(Eigen::Index n, Eigen::Index count, std::uint64_t seed) {
    std::mt19937_64 engine(seed);
    Eigen::MatrixXd z(n, count);
    double* out = z.data();
    const Eigen::Index total = n * count;
    for (Eigen::Index start = 0; start < total; start += 64) {
        std::uint64_t bits = engine();
        const Eigen::Index stop = std::min(total, start + 64);
        for (Eigen::Index i = start; i < stop; ++i, bits >>= 1) out[i] = (bits & 1U) ? 1.0 : -1.0;
    }
    return z;
}

}  // namespace spillover
