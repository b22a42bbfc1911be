#include "engine/random_probes.hpp"

#include <cmath>
#include <numbers>
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

Eigen::MatrixXd standard_normal_draws(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
    std::mt19937_64 engine(seed);
    // (0, 1]: the logarithm below never sees 0.
    const auto uniform = [&engine] { return static_cast<double>((engine() >> 11) + 1) * 0x1.0p-53; };
    Eigen::MatrixXd z(rows, cols);
    double* out = z.data();
    const Eigen::Index total = rows * cols;
    for (Eigen::Index i = 0; i < total; i += 2) {
        const double radius = std::sqrt(-2.0 * std::log(uniform()));
        const double angle = 2.0 * std::numbers::pi * uniform();
        out[i] = radius * std::cos(angle);
        if (i + 1 < total) out[i + 1] = radius * std::sin(angle);
    }
    return z;
}

}  // namespace spillover
