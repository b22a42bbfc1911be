#include "models/error_profile.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace spillover {

ErrorProfile::ErrorProfile(const Eigen::VectorXd& y, const Eigen::MatrixXd& x, const SpatialWeights& w)
    : y_(y), x_(x) {
    const Eigen::Index n = y.size(), k = x.cols();
    if (x.rows() != n || w.n() != n) throw std::invalid_argument("ErrorProfile: y, X and W must have the same number of rows");
    wy_ = w.lag(y);
    wx_ = w.lag(x);
    const Eigen::VectorXd scale = x.colwise().norm().cwiseInverse().transpose();
    Eigen::MatrixXd z(n, k + 1), wz(n, k + 1);
    z << x * scale.asDiagonal(), y;
    wz << wx_ * scale.asDiagonal(), wy_;
    g0_ = z.transpose() * z;
    const Eigen::MatrixXd cross = z.transpose() * wz;
    g1_ = cross + cross.transpose();
    g2_ = wz.transpose() * wz;
}

double ErrorProfile::sse(double lambda) const {
    const Eigen::MatrixXd gram = g0_ - lambda * g1_ + lambda * lambda * g2_;
    const Eigen::LLT<Eigen::MatrixXd> llt(gram);
    if (llt.info() != Eigen::Success) return solve(lambda).residuals.squaredNorm();  // rounding: take the QR
    const double last = llt.matrixLLT()(gram.rows() - 1, gram.cols() - 1);
    return last * last;
}

double ErrorProfile::rest(double lambda) const {
    const double n = static_cast<double>(y_.size());
    return -0.5 * n * (std::log(2 * std::numbers::pi) + std::log(sse(lambda) / n) + 1.0);
}

ErrorProfile::Solution ErrorProfile::solve(double lambda) const {
    Solution s;
    s.bx = x_ - lambda * wx_;
    const Eigen::VectorXd by = y_ - lambda * wy_;
    s.beta = s.bx.colPivHouseholderQr().solve(by);
    s.residuals = by - s.bx * s.beta;
    return s;
}

}  // namespace spillover
