#include "models/specification_tests.hpp"

#include <cmath>

#include "engine/distributions.hpp"

namespace spillover {

HypothesisTest likelihood_ratio_test(std::string key, std::string label, double unrestricted, double restricted,
                                     double df) {
    const double statistic = 2.0 * (unrestricted - restricted);
    return {std::move(key), std::move(label), statistic, df, chi_squared_upper_p(statistic, df)};
}

HypothesisTest wald_test(std::string key, std::string label, const Eigen::VectorXd& r, const Eigen::MatrixXd& jacobian,
                         const Eigen::MatrixXd& covariance) {
    const Eigen::MatrixXd v = jacobian * covariance * jacobian.transpose();
    const double statistic = r.dot(v.ldlt().solve(r));
    const double df = static_cast<double>(r.size());
    return {std::move(key), std::move(label), statistic, df,
            std::isfinite(statistic) ? chi_squared_upper_p(statistic, df) : NAN};
}

}  // namespace spillover
