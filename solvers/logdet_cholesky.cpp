#include "solvers/logdet_cholesky.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/parallel_for.hpp"
#include "engine/stage_timer.hpp"
#include "solvers/sparse_factorisation.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

namespace {

constexpr const char* not_definite = "I - rho W is not positive definite (rho outside the interval of W's eigenvalues)";

}  // namespace

struct LogDetCholesky::Impl {
    SparsePattern::Matrix s;      // the symmetric similar matrix, lower triangle used
    SparsePattern pattern;        // its lower triangle with the diagonal
    std::unique_ptr<SparseFactorisation> factor;
    std::vector<double> s_values, identity;  // S and I on the pattern
    std::vector<double> factorised_at;  // ρ of each workspace's last factorisation (NaN: none)

    std::vector<double> values(double rho) const {
        std::vector<double> out(identity.size());
        for (size_t k = 0; k < out.size(); ++k) out[k] = identity[k] - rho * s_values[k];
        return out;
    }
};

LogDetCholesky::LogDetCholesky(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options)
    : LogDeterminant(LogDetMethod::Cholesky, w.n(), std::move(interval)), impl_(std::make_unique<Impl>()) {
    const auto start = std::chrono::steady_clock::now();
    options.validate();
    impl_->s = symmetric_similar(w);
    const SparsePattern::Matrix* terms[] = {&impl_->s};
    impl_->pattern = SparsePattern::union_of(terms, true);
    const double one[] = {1.0};
    impl_->s_values = impl_->pattern.values(terms, one, 0.0);
    impl_->identity = impl_->pattern.values({}, {}, 1.0);
    impl_->factor = make_sparse_cholesky(impl_->pattern, thread_count(options.threads));
    impl_->factorised_at.assign(static_cast<size_t>(impl_->factor->workspaces()), std::numeric_limits<double>::quiet_NaN());
    description_ = impl_->factor->description() + " (I - rho S)";
    setup_seconds_ = seconds_since(start);
}

LogDetCholesky::~LogDetCholesky() = default;

double LogDetCholesky::factorisation_flops() const { return impl_->factor->flops(); }

LogDetValue LogDetCholesky::evaluate(double rho, bool derivative) {
    return exact_value(rho, derivative, workspace_value(), not_definite);
}

std::vector<LogDetValue> LogDetCholesky::evaluate(std::span<const double> rhos) {
    return exact_values(rhos, impl_->factor->workspaces(), workspace_value(), not_definite);
}

LogDeterminant::WorkspaceValue LogDetCholesky::workspace_value() {
    return [this](double rho, int t) {
        const double value = impl_->factor->log_determinant(impl_->values(rho), t);
        impl_->factorised_at[static_cast<size_t>(t)] = std::isnan(value) ? std::numeric_limits<double>::quiet_NaN() : rho;
        return value;
    };
}

Eigen::MatrixXd LogDetCholesky::solve_similar(double rho, const Eigen::MatrixXd& b) {
    // Any workspace already factorised at ρ will do (the search leaves its last ρ in one of them).
    for (size_t t = 0; t < impl_->factorised_at.size(); ++t)
        if (impl_->factorised_at[t] == rho) return impl_->factor->solve(b, static_cast<int>(t));
    evaluate(rho);
    return impl_->factor->solve(b, 0);
}


}  // namespace spillover
