#include "solvers/logdet_eigen.hpp"

#include <chrono>
#include <cmath>
#include <complex>

#include <fmt/format.h>

#include "engine/stage_timer.hpp"
#include "weights/dense_eigenvalues.hpp"
#include "weights/spectrum.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

LogDetEigen::LogDetEigen(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options)
    : LogDeterminant(LogDetMethod::Eigen, w.n(), std::move(interval)) {
    const auto start = std::chrono::steady_clock::now();
    options.validate();
    const bool symmetric = has_symmetric_similar(w);
    const DenseEigenCost cost = dense_eigenvalues_cost(w.n(), symmetric);
    check_memory(cost, "--ldet eigen",
                 symmetric ? "use --ldet cholesky or lu (exact, sparse)" : "use --ldet lu (exact, sparse)");
    if (options.notice && cost.seconds > options.notice_seconds)
        options.notice(fmt::format("eigen log-determinant: n = {}, {}", w.n(), cost.summary()));
    const auto decomposed = std::chrono::steady_clock::now();
    AllEigenvalues all = all_eigenvalues(w, options.threads);
    eigenvalues_ = std::move(all.values);
    real_ = all.real;
    description_ =
        fmt::format("{}; estimated {}; took {:.2f} s", all.method, cost.summary(), seconds_since(decomposed));
    eigen_method_ = std::move(all.method);
    setup_seconds_ = seconds_since(start);
}

LogDetEigen::LogDetEigen(const SpatialWeights& w, const LogDetOptions& options) : LogDetEigen(w, RhoInterval{}, options) {
    interval_ = interval_from_eigenvalues(eigenvalues_.real().minCoeff(), eigenvalues_.real().maxCoeff(),
                                          eigen_method_ + " (real parts)");
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
