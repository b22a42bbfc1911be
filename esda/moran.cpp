#include "esda/moran.hpp"

#include <cmath>
#include <stdexcept>

#include "esda/global_test.hpp"
#include "esda/weights_constants.hpp"

namespace spillover {

GlobalTest moran_test(const Eigen::VectorXd& x, const SpatialWeights& w, const GlobalTestOptions& options) {
    options.validate();
    if (x.size() != w.n()) throw std::invalid_argument("moran_test: the variable and W differ in size");
    const WeightsConstants c = weights_constants(w);
    GlobalTest t = begin_global_test("moran", c, options);

    const Eigen::VectorXd z = x.array() - x.mean();
    const double zz = z.squaredNorm();
    if (!(zz > 0.0)) {
        t.status = FitStatus::Warning;
        t.message = "the variable is constant: Moran's I is undefined";
        return t;
    }
    const double n = c.n, nn = n * n, s02 = c.s0 * c.s0;
    const double kurtosis = c.n_all * z.array().pow(4).sum() / (zz * zz);
    t.value = (n / c.s0) * lag_cross_product(w, z) / zz;
    t.expected = -1.0 / (n - 1.0);
    const double e2 = t.expected * t.expected;
    if (options.assumption == VarianceAssumption::Randomisation) {
        const double a = n * (c.s1 * (nn - 3.0 * n + 3.0) - n * c.s2 + 3.0 * s02);
        const double b = kurtosis * (c.s1 * (nn - n) - 2.0 * n * c.s2 + 6.0 * s02);
        t.variance = (a - b) / ((n - 1.0) * (n - 2.0) * (n - 3.0) * s02) - e2;
    } else {
        t.variance = (nn * c.s1 - n * c.s2 + 3.0 * s02) / (s02 * (nn - 1.0)) - e2;
    }
    set_normal_inference(t, options.alternative,
                         "Var[I] <= 0 (too few units with neighbours, or the kurtosis too large): z and p undefined");

    if (options.permutation.permutations > 0) {
        const double scale = (n / c.s0) / zz;
        const PermutationCounts pc = permutation_counts(
            z, t.value, [&](const Eigen::VectorXd& v) { return scale * lag_cross_product(w, v); }, options.permutation);
        set_permutation_inference(t, pc, options.alternative);
    }
    return t;
}

}  // namespace spillover
