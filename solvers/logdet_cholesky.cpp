#include "solvers/logdet_cholesky.hpp"

#include <dlfcn.h>
#include <xmmintrin.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <cholmod.h>
#include <fmt/format.h>

#include "engine/numerical_failure.hpp"
#include "engine/parallel_for.hpp"
#include "engine/stage_timer.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

namespace {

using Index = SpatialWeights::Index;
constexpr const char* not_definite = "I - rho W is not positive definite (rho outside the interval of W's eigenvalues)";
static_assert(sizeof(SuiteSparse_long) == sizeof(Index), "CHOLMOD's long indices must be 64-bit");

/// Sets flush-to-zero and denormals-are-zero for the current thread while alive.
class FlushDenormals {
public:
    FlushDenormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040); }
    ~FlushDenormals() { _mm_setcsr(saved_); }
    FlushDenormals(const FlushDenormals&) = delete;
    FlushDenormals& operator=(const FlushDenormals&) = delete;

private:
    unsigned saved_;
};

/// Asks OpenBLAS, if it is the BLAS in use, for one thread (see the header); true if it was.
bool single_threaded_blas() {
    using SetThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
        set(1);
        return true;
    }
    return false;
}

/// One CHOLMOD workspace with its own copy of the symbolic factor and its own values of I − ρS,
/// sharing the pattern of the lower triangle: one per thread.
class Worker {
public:
    Worker(const std::vector<SuiteSparse_long>& column_starts, const std::vector<SuiteSparse_long>& rows,
           Index n, cholmod_factor* symbolic)
        : values_(rows.size()) {
        cholmod_l_start(&common_);
        configure(common_);
        factor_ = cholmod_l_copy_factor(symbolic, &common_);
        matrix_.nrow = matrix_.ncol = static_cast<size_t>(n);
        matrix_.nzmax = rows.size();
        matrix_.p = const_cast<SuiteSparse_long*>(column_starts.data());
        matrix_.i = const_cast<SuiteSparse_long*>(rows.data());
        matrix_.nz = nullptr;
        matrix_.x = values_.data();
        matrix_.z = nullptr;
        matrix_.stype = -1;  // lower triangle holds the matrix
        matrix_.itype = CHOLMOD_LONG;
        matrix_.xtype = CHOLMOD_REAL;
        matrix_.dtype = CHOLMOD_DOUBLE;
        matrix_.sorted = 1;
        matrix_.packed = 1;
    }
    ~Worker() {
        cholmod_l_free_factor(&factor_, &common_);
        cholmod_l_finish(&common_);
    }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    static void configure(cholmod_common& common) {
        common.nmethods = 1;
        common.method[0].ordering = CHOLMOD_AMD;
        common.postorder = 1;
        common.supernodal = CHOLMOD_SUPERNODAL;
        common.final_ll = 1;
        common.print = 0;
    }

    /// Factorises I − ρS (values: 1 on the diagonal, −ρ s_ij off it) and returns 2 Σ ln L_ii, or NaN
    /// when I − ρS is not positive definite.
    double log_determinant(double rho, const std::vector<double>& s_values, const std::vector<char>& on_diagonal) {
        for (size_t k = 0; k < values_.size(); ++k) values_[k] = (on_diagonal[k] ? 1.0 : 0.0) - rho * s_values[k];
        {
            FlushDenormals flush;
            cholmod_l_factorize(&matrix_, factor_, &common_);
        }
        rho_ = rho;
        if (common_.status == CHOLMOD_NOT_POSDEF || factor_->minor < factor_->n) {
            rho_ = std::numeric_limits<double>::quiet_NaN();
            return std::numeric_limits<double>::quiet_NaN();
        }
        if (common_.status < CHOLMOD_OK) throw NumericalFailure(fmt::format("CHOLMOD failed (status {})", common_.status));
        return 2.0 * sum_log_diagonal();
    }

    Eigen::MatrixXd solve(const Eigen::MatrixXd& b) {
        cholmod_dense rhs{};
        rhs.nrow = static_cast<size_t>(b.rows());
        rhs.ncol = static_cast<size_t>(b.cols());
        rhs.nzmax = rhs.nrow * rhs.ncol;
        rhs.d = rhs.nrow;
        rhs.x = const_cast<double*>(b.data());
        rhs.xtype = CHOLMOD_REAL;
        rhs.dtype = CHOLMOD_DOUBLE;
        cholmod_dense* x = cholmod_l_solve(CHOLMOD_A, factor_, &rhs, &common_);
        if (x == nullptr) throw NumericalFailure("CHOLMOD solve failed");
        Eigen::MatrixXd out = Eigen::Map<const Eigen::MatrixXd>(static_cast<double*>(x->x), b.rows(), b.cols());
        cholmod_l_free_dense(&x, &common_);
        return out;
    }

    double factorised_at() const { return rho_; }

private:
    double sum_log_diagonal() const {
        double sum = 0.0;
        const auto* x = static_cast<const double*>(factor_->x);
        if (factor_->is_super) {
            const auto* super = static_cast<const SuiteSparse_long*>(factor_->super);
            const auto* pi = static_cast<const SuiteSparse_long*>(factor_->pi);
            const auto* px = static_cast<const SuiteSparse_long*>(factor_->px);
            for (size_t s = 0; s < factor_->nsuper; ++s) {
                const SuiteSparse_long columns = super[s + 1] - super[s];
                const SuiteSparse_long rows = pi[s + 1] - pi[s];
                for (SuiteSparse_long j = 0; j < columns; ++j) sum += std::log(x[px[s] + j * rows + j]);
            }
        } else {
            const auto* p = static_cast<const SuiteSparse_long*>(factor_->p);
            for (size_t j = 0; j < factor_->n; ++j) sum += std::log(x[p[j]]);
        }
        return sum;
    }

    cholmod_common common_{};
    cholmod_factor* factor_ = nullptr;
    cholmod_sparse matrix_{};
    std::vector<double> values_;
    double rho_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace

struct LogDetCholesky::Impl {
    std::vector<SuiteSparse_long> column_starts, rows;  // lower triangle of S with the diagonal, CSC
    std::vector<double> s_values;
    std::vector<char> on_diagonal;
    cholmod_common common{};
    cholmod_factor* symbolic = nullptr;
    std::vector<std::unique_ptr<Worker>> workers;

    ~Impl() {
        workers.clear();
        cholmod_l_free_factor(&symbolic, &common);
        cholmod_l_finish(&common);
    }

    /// The lower triangle of S plus an explicit diagonal, so that every I − ρS shares one pattern.
    void set_pattern(const SymmetricSparse& s) {
        const Index n = s.cols();
        column_starts.assign(static_cast<size_t>(n) + 1, 0);
        for (Index j = 0; j < n; ++j) {
            rows.push_back(j);
            s_values.push_back(0.0);
            on_diagonal.push_back(1);
            for (SymmetricSparse::InnerIterator it(s, j); it; ++it) {
                if (it.index() < j) continue;
                if (it.index() == j) {
                    s_values.back() = it.value();  // a kernel W may keep its diagonal
                    continue;
                }
                rows.push_back(it.index());
                s_values.push_back(it.value());
                on_diagonal.push_back(0);
            }
            column_starts[static_cast<size_t>(j) + 1] = static_cast<SuiteSparse_long>(rows.size());
        }
    }
};

LogDetCholesky::LogDetCholesky(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options)
    : LogDeterminant(LogDetMethod::Cholesky, w.n(), std::move(interval)), impl_(std::make_unique<Impl>()) {
    const auto start = std::chrono::steady_clock::now();
    options.validate();
    impl_->set_pattern(symmetric_similar(w));
    const bool blas_pinned = single_threaded_blas();

    cholmod_l_start(&impl_->common);
    Worker::configure(impl_->common);
    cholmod_sparse pattern{};
    pattern.nrow = pattern.ncol = static_cast<size_t>(w.n());
    pattern.nzmax = impl_->rows.size();
    pattern.p = impl_->column_starts.data();
    pattern.i = impl_->rows.data();
    pattern.stype = -1;
    pattern.itype = CHOLMOD_LONG;
    pattern.xtype = CHOLMOD_PATTERN;
    pattern.dtype = CHOLMOD_DOUBLE;
    pattern.sorted = 1;
    pattern.packed = 1;
    impl_->symbolic = cholmod_l_analyze(&pattern, &impl_->common);
    if (impl_->symbolic == nullptr) throw NumericalFailure("CHOLMOD symbolic analysis failed");

    const int threads = thread_count(options.threads);
    for (int t = 0; t < threads; ++t)
        impl_->workers.push_back(std::make_unique<Worker>(impl_->column_starts, impl_->rows, w.n(), impl_->symbolic));
    description_ = fmt::format("CHOLMOD supernodal LL' of I - rho S, AMD ordering, {:.3g} non-zeros in L (fill {:.1f}x "
                               "the lower triangle), {} workspace(s){}",
                               impl_->common.lnz, impl_->common.lnz / static_cast<double>(impl_->rows.size()), threads,
                               blas_pinned ? ", OpenBLAS on one thread" : "");
    setup_seconds_ = seconds_since(start);
}

LogDetCholesky::~LogDetCholesky() = default;

LogDetValue LogDetCholesky::evaluate(double rho, bool derivative) {
    return exact_value(rho, derivative, workspace_value(), not_definite);
}

std::vector<LogDetValue> LogDetCholesky::evaluate(std::span<const double> rhos) {
    return exact_values(rhos, static_cast<int>(impl_->workers.size()), workspace_value(), not_definite);
}

LogDeterminant::WorkspaceValue LogDetCholesky::workspace_value() {
    return [this](double rho, int t) {
        return impl_->workers[static_cast<size_t>(t)]->log_determinant(rho, impl_->s_values, impl_->on_diagonal);
    };
}

Eigen::MatrixXd LogDetCholesky::solve_similar(double rho, const Eigen::MatrixXd& b) {
    // Any workspace already factorised at ρ will do (the search leaves its last ρ in one of them).
    for (const auto& worker : impl_->workers)
        if (worker->factorised_at() == rho) return worker->solve(b);
    evaluate(rho);
    return impl_->workers.front()->solve(b);
}


}  // namespace spillover
