#include "esda/getis_ord.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "engine/input_error.hpp"
#include "esda/global_test.hpp"
#include "esda/weights_constants.hpp"

namespace spillover {

void require_non_negative(const Eigen::VectorXd& x, const SpatialWeights& w, const char* statistic) {
    for (Eigen::Index i = 0; i < x.size(); ++i)
        if (x[i] < 0.0)
            throw InputError(std::string(statistic) + " needs non-negative values: unit \"" +
                             w.ids()[static_cast<std::size_t>(i)] + "\" has " + std::to_string(x[i]));
}

namespace {

/// G = x'Wx / ((Σ a)² − Σ a²), a the values of the units with neighbours.
double general_g(const SpatialWeights& w, const Eigen::VectorXd& x, const std::vector<bool>& has_neighbours) {
    double s = 0.0, s2 = 0.0;
    for (Eigen::Index i = 0; i < x.size(); ++i)
        if (has_neighbours[static_cast<std::size_t>(i)]) {
            s += x[i];
            s2 += x[i] * x[i];
        }
    double numerator = 0.0;
    const SpatialWeights::Matrix& W = w.matrix();
    for (SpatialWeights::Index i = 0; i < W.outerSize(); ++i)
        for (SpatialWeights::Matrix::InnerIterator it(W, i); it; ++it) numerator += x[i] * it.value() * x[it.col()];
    return numerator / (s * s - s2);
}

}  // namespace

GlobalTest getis_ord_test(const Eigen::VectorXd& x, const SpatialWeights& w, const GlobalTestOptions& options) {
    options.validate();
    if (x.size() != w.n()) throw std::invalid_argument("getis_ord_test: the variable and W differ in size");
    require_non_negative(x, w, "Getis-Ord's G");
    const WeightsConstants c = weights_constants(w);
    GlobalTest t = begin_global_test("getis", c, options);
    t.assumption = VarianceAssumption::Randomisation;
    if (w.transform() != WeightsTransform::Binary)
        t.conventions.push_back(
            "General G with a W that is not binary (transform: " + std::string(to_string(w.transform())) +
            "): Getis and Ord define G for binary weights; the formulas are applied to the W given, as spdep's "
            "globalG.test does (it warns)");

    std::vector<bool> has_neighbours(static_cast<std::size_t>(w.n()));
    Eigen::Array4d sums = Eigen::Array4d::Zero();  // Σ a, Σ a², Σ a³, Σ a⁴
    for (SpatialWeights::Index i = 0; i < w.n(); ++i) {
        has_neighbours[static_cast<std::size_t>(i)] = w.cardinality(i) > 0;
        if (!has_neighbours[static_cast<std::size_t>(i)]) continue;
        const double a = x[i];
        sums += Eigen::Array4d(a, a * a, a * a * a, a * a * a * a);
    }
    const double s1 = sums[0], s2 = sums[1], s3 = sums[2], s4 = sums[3];
    if (!(s1 * s1 - s2 > 0.0)) {
        t.status = FitStatus::Warning;
        t.message = "fewer than two units with neighbours have a positive value: G is undefined";
        return t;
    }
    const double n = c.n, nn = n * n, S1 = c.s1, S2 = c.s2, s02 = c.s0 * c.s0;
    t.value = general_g(w, x, has_neighbours);
    t.expected = c.s0 / (n * (n - 1.0));
    const double b0 = (nn - 3.0 * n + 3.0) * S1 - n * S2 + 3.0 * s02;
    const double b1 = -((nn - n) * S1 - 2.0 * n * S2 + 6.0 * s02);
    const double b2 = -(2.0 * n * S1 - (n + 3.0) * S2 + 6.0 * s02);
    const double b3 = 4.0 * (n - 1.0) * S1 - 2.0 * (n + 1.0) * S2 + 8.0 * s02;
    const double b4 = S1 - S2 + s02;
    const double d = s1 * s1 - s2;
    t.variance = (b0 * s2 * s2 + b1 * s4 + b2 * s1 * s1 * s2 + b3 * s1 * s3 + b4 * s1 * s1 * s1 * s1) /
                     (d * d * n * (n - 1.0) * (n - 2.0) * (n - 3.0)) -
                 t.expected * t.expected;
    set_normal_inference(t, options.alternative, "Var[G] <= 0: z and p undefined");

    if (options.permutation.permutations > 0) {
        const PermutationCounts pc = permutation_counts(
            x, t.value, [&](const Eigen::VectorXd& v) { return general_g(w, v, has_neighbours); }, options.permutation);
        set_permutation_inference(t, pc, options.alternative);
    }
    return t;
}

}  // namespace spillover
