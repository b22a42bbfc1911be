#include "solvers/logdet_lu.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/parallel_for.hpp"
#include "engine/stage_timer.hpp"
#include "solvers/sparse_factorisation.hpp"


namespace spillover {

namespace {

constexpr const char* singular = "I - rho W is singular";

}  // namespace

struct LogDetLu::Impl {
    SparsePattern::Matrix w;  // column-major W
    SparsePattern pattern;    // W's with the diagonal
    std::vector<double> w_values, identity;
    std::unique_ptr<SparseFactorisation> factor;
    std::vector<double> factorised_at;  // ρ of each workspace's last factorisation (NaN: none)

    std::vector<double> values(double rho) const {
        std::vector<double> out(identity.size());
        for (size_t k = 0; k < out.size(); ++k) out[k] = identity[k] - rho * w_values[k];
        return out;
    }
};

LogDetLu::LogDetLu(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options)
    : LogDeterminant(LogDetMethod::Lu, w.n(), std::move(interval)), impl_(std::make_unique<Impl>()) {
    const auto start = std::chrono::steady_clock::now();
    options.validate();
    impl_->w = w.matrix();
    const SparsePattern::Matrix* terms[] = {&impl_->w};
    const double one[] = {1.0};
    impl_->pattern = SparsePattern::union_of(terms, false);
    impl_->w_values = impl_->pattern.values(terms, one, 0.0);
    impl_->identity = impl_->pattern.values({}, {}, 1.0);
    // The analysis looks at the pattern; the values of I − 0.5 W are a representative input.
    impl_->factor = make_sparse_lu(impl_->pattern, impl_->values(0.5), thread_count(options.threads));
    impl_->factorised_at.assign(static_cast<size_t>(impl_->factor->workspaces()), std::numeric_limits<double>::quiet_NaN());
    description_ = impl_->factor->description() + " (I - rho W)";
    setup_seconds_ = seconds_since(start);
}

LogDetLu::~LogDetLu() = default;

double LogDetLu::factorisation_flops() const { return impl_->factor->flops(); }

LogDetValue LogDetLu::evaluate(double rho, bool derivative) {
    return exact_value(rho, derivative, workspace_value(), singular);
}

std::vector<LogDetValue> LogDetLu::evaluate(std::span<const double> rhos) {
    return exact_values(rhos, impl_->factor->workspaces(), workspace_value(), singular);
}

LogDeterminant::WorkspaceValue LogDetLu::workspace_value() {
    return [this](double rho, int t) {
        const double value = impl_->factor->log_determinant(impl_->values(rho), t);
        impl_->factorised_at[static_cast<size_t>(t)] = std::isnan(value) ? std::numeric_limits<double>::quiet_NaN() : rho;
        return value;
    };
}

Eigen::MatrixXd LogDetLu::solve(double rho, const Eigen::MatrixXd& b, bool transposed) {
    check_inside(rho);
    for (size_t t = 0; t < impl_->factorised_at.size(); ++t)
        if (impl_->factorised_at[t] == rho) return impl_->factor->solve(b, static_cast<int>(t), transposed);
    evaluate(rho);
    return impl_->factor->solve(b, 0, transposed);
}

}  // namespace spillover
