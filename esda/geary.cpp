#include "esda/geary.hpp"

#include <cmath>
#include <stdexcept>

#include "esda/global_test.hpp"
#include "esda/weights_constants.hpp"

namespace spillover {

namespace {

/// Σ_ij w_ij (v_i − v_j)².
double squared_differences(const SpatialWeights& w, const Eigen::VectorXd& v) {
    const SpatialWeights::Matrix& W = w.matrix();
    double sum = 0.0;
    for (SpatialWeights::Index i = 0; i < W.outerSize(); ++i)
        for (SpatialWeights::Matrix::InnerIterator it(W, i); it; ++it) {
            const double d = v[i] - v[it.col()];
            sum += it.value() * d * d;
        }
    return sum;
}

Alternative reversed(Alternative a) {
    return a == Alternative::Greater ? Alternative::Less : a == Alternative::Less ? Alternative::Greater : a;
}

}  // namespace

GlobalTest geary_test(const Eigen::VectorXd& x, const SpatialWeights& w, const GlobalTestOptions& options) {
    options.validate();
    if (x.size() != w.n()) throw std::invalid_argument("geary_test: the variable and W differ in size");
    const WeightsConstants c = weights_constants(w);
    GlobalTest t = begin_global_test("geary", c, options);

    const Eigen::VectorXd z = x.array() - x.mean();
    const double zz = z.squaredNorm();
    if (!(zz > 0.0)) {
        t.status = FitStatus::Warning;
        t.message = "the variable is constant: Geary's C is undefined";
        return t;
    }
    const double n = c.n, m = c.n_all, n1 = n - 1.0, nn = n * n, s02 = c.s0 * c.s0;
    const double k = n * z.array().pow(4).sum() / (zz * zz);
    const double scale = n1 / (2.0 * c.s0) / zz;
    t.value = scale * squared_differences(w, z);
    t.expected = 1.0;
    if (options.assumption == VarianceAssumption::Randomisation) {
        double v = n1 * c.s1 * (nn - 3.0 * m + 3.0 - k * n1);
        v -= 0.25 * n1 * c.s2 * (nn + 3.0 * m - 6.0 - k * (nn - m + 2.0));
        v += s02 * (nn - 3.0 - k * n1 * n1);
        t.variance = v / (m * (n - 2.0) * (n - 3.0) * s02);
    } else {
        t.variance = ((2.0 * c.s1 + c.s2) * n1 - 4.0 * s02) / (2.0 * (m + 1.0) * s02);
    }
    set_normal_inference(t, options.alternative,
                         "Var[C] <= 0 (too few units with neighbours, or the kurtosis too large): z and p undefined", -1.0);

    if (options.permutation.permutations > 0) {
        const PermutationCounts pc = permutation_counts(
            z, t.value, [&](const Eigen::VectorXd& v) { return scale * squared_differences(w, v); }, options.permutation);
        // Small C is positive autocorrelation: "greater" counts the permuted C at most the observed.
        set_permutation_inference(t, pc, reversed(options.alternative));
    }
    return t;
}

}  // namespace spillover
