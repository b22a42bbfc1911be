#include "solvers/logdet_eigen.hpp"

#include <chrono>
#include <cmath>
#include <complex>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "engine/stage_timer.hpp"
#include "weights/spectrum.hpp"

namespace spillover {

LogDetEigen::LogDetEigen(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options)
    : LogDeterminant(LogDetMethod::Eigen, w.n(), std::move(interval)) {
    const auto start = std::chrono::steady_clock::now();
    options.validate();
    if (w.n() > options.eigen_limit)
        throw InputError(fmt::format("the eigen log-determinant is for n <= {} (dense O(n^3)); W has {} units: use "
                                     "cholesky, lu or an approximate method",
                                     options.eigen_limit, w.n()));
    AllEigenvalues all = all_eigenvalues(w);
    eigenvalues_ = std::move(all.values);
    real_ = all.real;
    description_ = std::move(all.method);
    setup_seconds_ = seconds_since(start);
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
