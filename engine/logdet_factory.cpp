// make_log_determinant: resolves `auto`, checks the requested method against W, and sets it up.

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "engine/logdet.hpp"
#include "engine/logdet_cholesky.hpp"
#include "engine/logdet_eigen.hpp"
#include "engine/logdet_lu.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

LogDetMethod resolve_logdet_method(const SpatialWeights& w, const LogDetOptions& options) {
    options.validate();
    const bool symmetric = has_symmetric_similar(w);
    switch (options.method) {
        case LogDetMethod::Auto:
            if (w.n() <= options.eigen_limit) return LogDetMethod::Eigen;
            return symmetric ? LogDetMethod::Cholesky : LogDetMethod::Lu;
        case LogDetMethod::Eigen:
            if (w.n() > options.eigen_limit)
                throw InputError(fmt::format("--ldet eigen is for n <= {} (dense, O(n^3)); W has {} units: use "
                                             "cholesky, lu or an approximate method",
                                             options.eigen_limit, w.n()));
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
        case LogDetMethod::Cholesky: return std::make_unique<LogDetCholesky>(w, std::move(interval), options);
        case LogDetMethod::Lu: return std::make_unique<LogDetLu>(w, std::move(interval), options);
        default: break;
    }
    throw InputError(fmt::format("log-determinant method {} is not available", to_string(method)));
}

}  // namespace spillover
