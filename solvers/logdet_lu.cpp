#include "solvers/logdet_lu.hpp"

#include <xmmintrin.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>
#include <umfpack.h>

#include "engine/numerical_failure.hpp"
#include "engine/parallel_for.hpp"
#include "engine/stage_timer.hpp"


namespace spillover {

namespace {

using Index = SpatialWeights::Index;
constexpr const char* singular = "I - rho W is singular";
static_assert(sizeof(SuiteSparse_long) == sizeof(Index), "UMFPACK's long indices must be 64-bit");

/// The pattern of I − ρW in compressed columns with an explicit diagonal, and W's values on it.
struct LuPattern {
    std::vector<SuiteSparse_long> column_starts, rows;
    std::vector<double> w_values;
    std::vector<char> on_diagonal;

    explicit LuPattern(const SpatialWeights& w) {
        const Eigen::SparseMatrix<double, Eigen::ColMajor, Index> columns(w.matrix());
        const Index n = w.n();
        column_starts.assign(static_cast<size_t>(n) + 1, 0);
        for (Index j = 0; j < n; ++j) {
            bool diagonal_seen = false;
            auto add_diagonal = [&](double value) {
                rows.push_back(j);
                w_values.push_back(value);
                on_diagonal.push_back(1);
                diagonal_seen = true;
            };
            for (decltype(columns)::InnerIterator it(columns, j); it; ++it) {
                if (!diagonal_seen && it.index() >= j) {
                    add_diagonal(it.index() == j ? it.value() : 0.0);
                    if (it.index() == j) continue;
                }
                rows.push_back(it.index());
                w_values.push_back(it.value());
                on_diagonal.push_back(0);
            }
            if (!diagonal_seen) add_diagonal(0.0);
            column_starts[static_cast<size_t>(j) + 1] = static_cast<SuiteSparse_long>(rows.size());
        }
    }
};

class LuWorker {
public:
    LuWorker(const LuPattern& pattern, void* symbolic, const double* control)
        : pattern_(pattern), symbolic_(symbolic), control_(control), values_(pattern.rows.size()) {}
    ~LuWorker() { release(); }
    LuWorker(const LuWorker&) = delete;
    LuWorker& operator=(const LuWorker&) = delete;

    /// ln|det(I − ρW)|; NaN when I − ρW is singular.
    double log_determinant(double rho) {
        factorise(rho);
        double mantissa = 0.0, exponent = 0.0;
        double info[UMFPACK_INFO];
        umfpack_dl_get_determinant(&mantissa, &exponent, numeric_, info);
        if (mantissa == 0.0) return std::numeric_limits<double>::quiet_NaN();
        return std::log(std::fabs(mantissa)) + exponent * std::log(10.0);
    }

    Eigen::MatrixXd solve(double rho, const Eigen::MatrixXd& b, bool transposed) {
        if (!(rho_ == rho)) factorise(rho);
        Eigen::MatrixXd x(b.rows(), b.cols());
        double info[UMFPACK_INFO];
        for (Eigen::Index c = 0; c < b.cols(); ++c) {
            const SuiteSparse_long status =
                umfpack_dl_solve(transposed ? UMFPACK_At : UMFPACK_A, pattern_.column_starts.data(),
                                 pattern_.rows.data(), values_.data(), x.col(c).data(), b.col(c).data(), numeric_,
                                 control_, info);
            if (status < 0) throw NumericalFailure(fmt::format("UMFPACK solve failed (status {})", status));
        }
        return x;
    }

    double factorised_at() const { return rho_; }

private:
    void factorise(double rho) {
        release();
        for (size_t k = 0; k < values_.size(); ++k)
            values_[k] = (pattern_.on_diagonal[k] ? 1.0 : 0.0) - rho * pattern_.w_values[k];
        double info[UMFPACK_INFO];
        const unsigned saved = _mm_getcsr();
        _mm_setcsr(saved | 0x8040);  // flush subnormals, as logdet_cholesky.hpp explains
        const SuiteSparse_long status = umfpack_dl_numeric(pattern_.column_starts.data(), pattern_.rows.data(),
                                                           values_.data(), symbolic_, &numeric_, control_, info);
        _mm_setcsr(saved);
        if (status < 0) throw NumericalFailure(fmt::format("UMFPACK numeric factorisation failed (status {})", status));
        rho_ = rho;
    }
    void release() {
        if (numeric_ != nullptr) umfpack_dl_free_numeric(&numeric_);
        rho_ = std::numeric_limits<double>::quiet_NaN();
    }

    const LuPattern& pattern_;
    void* symbolic_;
    const double* control_;
    std::vector<double> values_;
    void* numeric_ = nullptr;
    double rho_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace

struct LogDetLu::Impl {
    explicit Impl(const SpatialWeights& w) : pattern(w) { umfpack_dl_defaults(control); }
    ~Impl() {
        workers.clear();
        if (symbolic != nullptr) umfpack_dl_free_symbolic(&symbolic);
    }
    LuPattern pattern;
    double control[UMFPACK_CONTROL];
    void* symbolic = nullptr;
    std::vector<std::unique_ptr<LuWorker>> workers;
};

LogDetLu::LogDetLu(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options)
    : LogDeterminant(LogDetMethod::Lu, w.n(), std::move(interval)), impl_(std::make_unique<Impl>(w)) {
    const auto start = std::chrono::steady_clock::now();
    options.validate();
    const auto& p = impl_->pattern;
    // The analysis looks at the pattern only; the values of I − 0.5 W are a representative input.
    std::vector<double> values(p.rows.size());
    for (size_t k = 0; k < values.size(); ++k) values[k] = (p.on_diagonal[k] ? 1.0 : 0.0) - 0.5 * p.w_values[k];
    double info[UMFPACK_INFO];
    const SuiteSparse_long status = umfpack_dl_symbolic(w.n(), w.n(), p.column_starts.data(), p.rows.data(),
                                                        values.data(), &impl_->symbolic, impl_->control, info);
    if (status < 0) throw NumericalFailure(fmt::format("UMFPACK symbolic analysis failed (status {})", status));
    const int threads = thread_count(options.threads);
    for (int t = 0; t < threads; ++t)
        impl_->workers.push_back(std::make_unique<LuWorker>(impl_->pattern, impl_->symbolic, impl_->control));
    description_ = fmt::format("UMFPACK LU of I - rho W, pattern analysed once, {} workspace(s)", threads);
    setup_seconds_ = seconds_since(start);
}

LogDetLu::~LogDetLu() = default;

LogDetValue LogDetLu::evaluate(double rho, bool derivative) {
    return exact_value(rho, derivative, workspace_value(), singular);
}

std::vector<LogDetValue> LogDetLu::evaluate(std::span<const double> rhos) {
    return exact_values(rhos, static_cast<int>(impl_->workers.size()), workspace_value(), singular);
}

LogDeterminant::WorkspaceValue LogDetLu::workspace_value() {
    return [this](double rho, int t) { return impl_->workers[static_cast<size_t>(t)]->log_determinant(rho); };
}

Eigen::MatrixXd LogDetLu::solve(double rho, const Eigen::MatrixXd& b, bool transposed) {
    check_inside(rho);
    for (const auto& worker : impl_->workers)
        if (worker->factorised_at() == rho) return worker->solve(rho, b, transposed);
    return impl_->workers.front()->solve(rho, b, transposed);
}

}  // namespace spillover
