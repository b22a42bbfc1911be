#include "models/lag_profile.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace spillover {

LagProfile::LagProfile(const Eigen::VectorXd& y, const Eigen::MatrixXd& x, const Eigen::VectorXd& wy,
                       double observations)
    : n_(observations) {
    if (x.rows() != y.size() || wy.size() != y.size())
        throw std::invalid_argument("LagProfile: y, X and Wy must have the same number of rows");
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
    if (qr.rank() < x.cols()) throw std::invalid_argument("LagProfile: X is rank deficient");
    beta0_ = qr.solve(y);
    beta_lag_ = qr.solve(wy);
    const Eigen::VectorXd e0 = y - x * beta0_;
    const Eigen::VectorXd el = wy - x * beta_lag_;
    ee_ = e0.squaredNorm();
    el_ = e0.dot(el);
    ll_ = el.squaredNorm();
}

double LagProfile::rest(double rho) const {
    const double n = n_;
    return -0.5 * n * std::log(2 * std::numbers::pi) - 0.5 * n * std::log(sse(rho) / n) - 0.5 * n;
}

}  // namespace spillover
