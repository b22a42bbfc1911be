#include "esda/geary.hpp"

#include <cmath>
#include <stdexcept>

#include "esda/permutation_test.hpp"
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
    GlobalTest t;
    t.statistic = "geary";
    t.assumption = options.assumption;
    t.alternative = options.alternative;
    t.n = c.n;
    t.n_all = c.n_all;
    t.s0 = c.s0;

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
    if (t.variance > 0.0) {
        t.z = (t.expected - t.value) / std::sqrt(t.variance);
        t.p_value = normal_p_value(t.z, options.alternative);
    } else {
        t.status = FitStatus::Warning;
        t.message = "Var[C] <= 0 (too few units with neighbours, or the kurtosis too large): z and p undefined";
    }

    if (options.permutation.permutations > 0) {
        const PermutationCounts pc = permutation_counts(
            z, t.value, [&](const Eigen::VectorXd& v) { return scale * squared_differences(w, v); }, options.permutation);
        t.permutations = pc.draws;
        // Small C is positive autocorrelation: "greater" counts the permuted C at most the observed.
        t.permutation_p_value = permutation_p_value(pc.at_least, pc.at_most, pc.draws, reversed(options.alternative));
        t.permutation_mean = pc.mean;
        t.permutation_sd = pc.sd;
    }
    return t;
}

}  // namespace spillover
