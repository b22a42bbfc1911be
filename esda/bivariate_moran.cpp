#include "esda/bivariate_moran.hpp"

#include <cmath>
#include <stdexcept>

#include "esda/permutation_test.hpp"

namespace spillover {

namespace {

/// (v − mean)/σ, σ the population SD; empty when v is constant.
Eigen::VectorXd standardised(const Eigen::VectorXd& v) {
    const Eigen::VectorXd c = v.array() - v.mean();
    const double sd = std::sqrt(c.squaredNorm() / static_cast<double>(v.size()));
    return sd > 0.0 ? Eigen::VectorXd(c / sd) : Eigen::VectorXd();
}

}  // namespace

GlobalTest bivariate_moran_test(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const SpatialWeights& w,
                                const GlobalTestOptions& options) {
    options.validate();
    if (x.size() != w.n() || y.size() != w.n())
        throw std::invalid_argument("bivariate_moran_test: the variables and W differ in size");
    GlobalTest t;
    t.statistic = "bivariate_moran";
    t.alternative = options.alternative;
    t.n_all = static_cast<double>(w.n());
    t.n = t.n_all - static_cast<double>(w.islands().size());
    t.s0 = w.matrix().sum();
    const Eigen::VectorXd zx = standardised(x), zy = standardised(y);
    if (zx.size() == 0 || zy.size() == 0) {
        t.status = FitStatus::Warning;
        t.message = "a variable is constant: the bivariate Moran's I is undefined";
        return t;
    }
    const double n = t.n_all;
    const Eigen::VectorXd a = w.matrix().transpose() * zx;  // I_B = a'z_y / n
    t.value = a.dot(zy) / n;
    t.expected = 0.0;
    t.variance = (a.array() - a.mean()).square().sum() / (n * (n - 1.0));
    if (t.variance > 0.0) {
        t.z = t.value / std::sqrt(t.variance);
        t.p_value = normal_p_value(t.z, options.alternative);
    } else {
        t.status = FitStatus::Warning;
        t.message = "Var[I_B] = 0 (W'z_x is constant): z and p undefined";
    }
    t.conventions.push_back(
        "bivariate Moran I_B = sum_i z_x,i (W z_y)_i / n (GeoDa; spdep moran_bv), z by the population SD; E, Var the "
        "exact moments under permutation of y with x held");
    if (options.permutation.permutations > 0) {
        const PermutationCounts pc = permutation_counts(
            zy, t.value, [&](const Eigen::VectorXd& v) { return a.dot(v) / n; }, options.permutation);
        t.permutations = pc.draws;
        t.permutation_p_value = permutation_p_value(pc.at_least, pc.at_most, pc.draws, options.alternative);
        t.permutation_mean = pc.mean;
        t.permutation_sd = pc.sd;
    }
    return t;
}

}  // namespace spillover
