// make_log_determinant: resolves `auto`, checks the requested method against W, and sets it up.

#include <algorithm>
#include <chrono>
#include <future>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "engine/stage_timer.hpp"
#include "solvers/logdet.hpp"
#include "solvers/logdet_chebyshev.hpp"
#include "solvers/logdet_cholesky.hpp"
#include "solvers/logdet_eigen.hpp"
#include "solvers/logdet_lu.hpp"
#include "solvers/logdet_monte_carlo.hpp"
#include "solvers/logdet_slq.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

LogDetMethod resolve_logdet_method(const SpatialWeights& w, const LogDetOptions& options) {
    options.validate();
    const bool symmetric = has_symmetric_similar(w);
    switch (options.method) {
        case LogDetMethod::Auto: {
            // By cost: dense eigenvalues (O(n³) once) against a sparse factorisation per ρ, which
            // for a sparse W costs far less from a few hundred units on (1000 units: 0.18 s against
            // about 0.02 s for the whole search); a dense W (a tenth of its entries or more: distance
            // weights) fills the factor, so there the dense route stays up to eigen_limit.
            const double density = static_cast<double>(w.matrix().nonZeros()) / (static_cast<double>(w.n()) * w.n());
            if (w.n() <= options.auto_eigen_limit || (density >= 0.1 && w.n() <= options.eigen_limit))
                return LogDetMethod::Eigen;
            return symmetric ? LogDetMethod::Cholesky : LogDetMethod::Lu;
        }
        case LogDetMethod::Eigen:  // any n: LogDetEigen refuses what does not fit in memory
            return options.method;
        case LogDetMethod::Cholesky:
        case LogDetMethod::Chebyshev:
        case LogDetMethod::Slq:
            if (!symmetric)
                throw InputError(fmt::format("--ldet {} needs W symmetric or row-standardised from a symmetric matrix; "
                                             "this W is neither (asymmetric kNN?): use lu, mc or eigen, or symmetrise W",
                                             to_string(options.method)));
            return options.method;
        case LogDetMethod::Lu:
        case LogDetMethod::MonteCarlo:
            return options.method;
    }
    return options.method;
}

std::unique_ptr<LogDeterminant> make_log_determinant(const SpatialWeights& w, const LogDetOptions& options) {
    const LogDetMethod method = resolve_logdet_method(w, options);
    if (method == LogDetMethod::Eigen) return std::make_unique<LogDetEigen>(w, options);
    RhoInterval interval = rho_interval(w, options);
    switch (method) {
        case LogDetMethod::Chebyshev: return std::make_unique<LogDetChebyshev>(w, std::move(interval), options);
        case LogDetMethod::MonteCarlo: return std::make_unique<LogDetMonteCarlo>(w, std::move(interval), options);
        case LogDetMethod::Slq: return std::make_unique<LogDetSlq>(w, std::move(interval), options);
        default: break;
    }
    // The surrogate (a few probes: it only steers the exact search, solvers/spatial_search.hpp) is set up
    // on one thread while the exact method's symbolic analysis, which is sequential, runs on this one.
    std::future<std::unique_ptr<LogDeterminant>> surrogate;
    if (options.surrogate) {
        LogDetOptions cheap = options;
        cheap.probes = options.surrogate_probes;
        cheap.slq_steps = std::min(options.slq_steps, 20);
        cheap.threads = 1;
        surrogate = std::async(std::launch::async, [&w, interval, cheap]() -> std::unique_ptr<LogDeterminant> {
            if (has_symmetric_similar(w)) return std::make_unique<LogDetSlq>(w, interval, cheap);
            return std::make_unique<LogDetMonteCarlo>(w, interval, cheap);
        });
    }
    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<LogDeterminant> exact;
    if (method == LogDetMethod::Cholesky)
        exact = std::make_unique<LogDetCholesky>(w, interval, options);
    else
        exact = std::make_unique<LogDetLu>(w, interval, options);
    if (surrogate.valid()) {
        exact->set_surrogate(surrogate.get());
        exact->add_setup_seconds(seconds_since(start) -
                                 exact->setup_seconds());
    }
    return exact;
}

}  // namespace spillover
