#include "models/panel/hausman_test.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include "engine/distributions.hpp"
#include "engine/input_error.hpp"
#include "engine/number_format.hpp"
#include "models/ml_estimates.hpp"

namespace spillover {

namespace {

/// A parameter of a fit: its name, estimate and row in SpatialFit::covariance (β, ρ, λ, σ²).
struct Parameter {
    std::string name;
    double estimate = 0.0;
    Eigen::Index row = 0;
};

std::vector<Parameter> slopes_and_spatial(const SpatialFit& fit) {
    std::vector<Parameter> out;
    const auto k = static_cast<Eigen::Index>(fit.coefficients.size());
    for (Eigen::Index j = 0; j < k; ++j) {
        const Coefficient& c = fit.coefficients[static_cast<std::size_t>(j)];
        if (c.name != "(Intercept)") out.push_back({c.name, c.estimate, j});
    }
    Eigen::Index next = k;
    if (fit.rho) out.push_back({"rho", fit.rho->estimate, next++});
    if (fit.lambda) out.push_back({"lambda", fit.lambda->estimate, next++});
    return out;
}

/// The parameters of `random` in the order of `fixed`'s; InputError when they are not the same set.
std::vector<Parameter> matching(const std::vector<Parameter>& fixed, const std::vector<Parameter>& random) {
    std::vector<Parameter> out;
    for (const auto& f : fixed) {
        const auto it = std::find_if(random.begin(), random.end(), [&](const Parameter& r) { return r.name == f.name; });
        if (it == random.end())
            throw InputError(fmt::format("Hausman test: '{}' of the fixed-effects fit is not in the random-effects fit; "
                                         "fit the same model with the same regressors",
                                         f.name));
        out.push_back(*it);
    }
    if (out.size() != random.size())
        throw InputError("Hausman test: the random-effects fit has parameters the fixed-effects fit lacks (other "
                         "regressors or another spatial parameter); fit the same model with the same regressors");
    return out;
}

Eigen::MatrixXd block(const Eigen::MatrixXd& covariance, const std::vector<Parameter>& p) {
    const auto q = static_cast<Eigen::Index>(p.size());
    Eigen::MatrixXd out(q, q);
    for (Eigen::Index i = 0; i < q; ++i)
        for (Eigen::Index j = 0; j < q; ++j)
            out(i, j) = covariance(p[static_cast<std::size_t>(i)].row, p[static_cast<std::size_t>(j)].row);
    return out;
}

}  // namespace

HausmanTest hausman_test(const SpatialFit& fixed, const SpatialFit& random) {
    const std::vector<Parameter> f = slopes_and_spatial(fixed);
    const std::vector<Parameter> r = matching(f, slopes_and_spatial(random));
    if (f.empty()) throw InputError("Hausman test: the fits have no parameter in common");
    const auto q = static_cast<Eigen::Index>(f.size());

    HausmanTest h;
    h.difference.resize(q);
    for (Eigen::Index i = 0; i < q; ++i) {
        h.parameters.push_back(f[static_cast<std::size_t>(i)].name);
        h.difference(i) = f[static_cast<std::size_t>(i)].estimate - r[static_cast<std::size_t>(i)].estimate;
    }
    h.covariance_difference = block(fixed.covariance, f) - block(random.covariance, r);
    h.test = {"hausman", "Hausman test of fixed against random effects", std::numeric_limits<double>::quiet_NaN(),
              static_cast<double>(q), std::numeric_limits<double>::quiet_NaN()};
    if (!h.covariance_difference.allFinite() || !h.difference.allFinite()) {
        h.positive_definite = false;
        h.warning = "Hausman test not computed: a fit has no covariance (see its status)";
        return h;
    }
    // H = Σ (q_i'd)²/e_i over the eigenpairs of the symmetric V_FE − V_RE: the plain inverse, whatever
    // the signs of the e_i.
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(h.covariance_difference);
    const Eigen::VectorXd projected = eigen.eigenvectors().transpose() * h.difference;
    h.test.statistic = (projected.array().square() / eigen.eigenvalues().array()).sum();
    h.test.p_value = chi_squared_upper_p(h.test.statistic, h.test.df);
    h.smallest_eigenvalue = eigen.eigenvalues().minCoeff();
    h.positive_definite = h.smallest_eigenvalue > 0.0;
    if (!h.positive_definite)
        h.warning = fmt::format(
            "Hausman test: V_FE - V_RE is not positive definite (smallest eigenvalue {}), so H = {} has no chi-squared "
            "justification on these data (Stata warns the same); H is d'(V_FE - V_RE)^-1 d as plm's phtest computes it, "
            "Elhorst's code reports |H|",
            format_number(h.smallest_eigenvalue, 4), format_number(h.test.statistic, 6));
    return h;
}

void add_hausman_test(SpatialFit& random, const SpatialFit& fixed) {
    const HausmanTest h = hausman_test(fixed, random);
    random.tests.push_back(h.test);
    if (!h.warning.empty()) add_warning(random, h.warning);
}

}  // namespace spillover
