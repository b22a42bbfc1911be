#include "models/error_profile.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace spillover {

ErrorProfile::ErrorProfile(Eigen::VectorXd y, Eigen::MatrixXd x, Eigen::VectorXd wy, Eigen::MatrixXd wx,
                           double observations)
    : y_(std::move(y)), x_(std::move(x)), wy_(std::move(wy)), wx_(std::move(wx)), n_(observations) {
    const Eigen::Index n = y_.size(), k = x_.cols();
    if (x_.rows() != n || wy_.size() != n || wx_.rows() != n || wx_.cols() != k)
        throw std::invalid_argument("ErrorProfile: y, X, Wy and WX must have the same number of rows");
    const Eigen::VectorXd scale = x_.colwise().norm().cwiseInverse().transpose();
    Eigen::MatrixXd z(n, k + 1), wz(n, k + 1);
    z << x_ * scale.asDiagonal(), y_;
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
    const double n = n_;
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
