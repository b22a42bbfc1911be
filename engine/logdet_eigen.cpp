#include "engine/logdet_eigen.hpp"

#include <chrono>
#include <cmath>
#include <complex>

#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

LogDetEigen::LogDetEigen(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options)
    : LogDeterminant(LogDetMethod::Eigen, w.n(), std::move(interval)) {
    const auto start = std::chrono::steady_clock::now();
    options.validate();
    if (w.n() > options.eigen_limit)
        throw InputError(fmt::format("the eigen log-determinant is for n <= {} (dense O(n^3)); W has {} units: use "
                                     "cholesky, lu or an approximate method",
                                     options.eigen_limit, w.n()));
    if (has_symmetric_similar(w)) {
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(Eigen::MatrixXd(symmetric_similar(w)),
                                                                    Eigen::EigenvaluesOnly);
        eigenvalues_ = solver.eigenvalues().cast<std::complex<double>>();
        description_ = "dense symmetric eigenvalues of the symmetric matrix similar to W";
    } else {
        const Eigen::EigenSolver<Eigen::MatrixXd> solver(Eigen::MatrixXd(w.matrix()), false);
        eigenvalues_ = solver.eigenvalues();
        real_ = false;
        description_ = "dense complex eigenvalues of W";
    }
    setup_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

LogDetEigen::LogDetEigen(const SpatialWeights& w, const LogDetOptions& options) : LogDetEigen(w, RhoInterval{}, options) {
    interval_ = interval_from_eigenvalues(eigenvalues_.real().minCoeff(), eigenvalues_.real().maxCoeff(),
                                          description_ + " (real parts)");
}

LogDetValue LogDetEigen::evaluate(double rho, bool) {
    check_inside(rho);
    ++evaluations_;
    LogDetValue out;
    if (real_) {
        for (const auto& lambda : eigenvalues_) {
            const double l = lambda.real();
            out.value += std::log1p(-rho * l);
            out.derivative -= l / (1.0 - rho * l);
        }
        return out;
    }
    for (const auto& lambda : eigenvalues_) {
        const std::complex<double> one_minus = 1.0 - rho * lambda;
        out.value += std::log(std::abs(one_minus));
        out.derivative -= (lambda / one_minus).real();
    }
    return out;
}

}  // namespace spillover
