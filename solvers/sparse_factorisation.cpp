#include "solvers/sparse_factorisation.hpp"

#include <dlfcn.h>
#include <xmmintrin.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <cholmod.h>
#include <fmt/format.h>
#include <umfpack.h>

#include "engine/numerical_failure.hpp"

namespace spillover {

static_assert(sizeof(SuiteSparse_long) == sizeof(std::int64_t), "SuiteSparse's long indices must be 64-bit");

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// Sets flush-to-zero and denormals-are-zero for the current thread while alive (see the header).
class FlushDenormals {
public:
    FlushDenormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040); }
    ~FlushDenormals() { _mm_setcsr(saved_); }
    FlushDenormals(const FlushDenormals&) = delete;
    FlushDenormals& operator=(const FlushDenormals&) = delete;

private:
    unsigned saved_;
};

SuiteSparse_long* as_long(const std::vector<std::int64_t>& v) {
    return reinterpret_cast<SuiteSparse_long*>(const_cast<std::int64_t*>(v.data()));
}

cholmod_sparse cholmod_view(const SparsePattern& p, const double* values) {
    cholmod_sparse m{};
    m.nrow = m.ncol = static_cast<size_t>(p.n);
    m.nzmax = p.rows.size();
    m.p = as_long(p.column_starts);
    m.i = as_long(p.rows);
    m.x = const_cast<double*>(values);
    m.stype = -1;  // the lower triangle holds the matrix
    m.itype = CHOLMOD_LONG;
    m.xtype = values != nullptr ? CHOLMOD_REAL : CHOLMOD_PATTERN;
    m.dtype = CHOLMOD_DOUBLE;
    m.sorted = 1;
    m.packed = 1;
    return m;
}

void configure(cholmod_common& common) {
    common.nmethods = 1;
    common.method[0].ordering = CHOLMOD_AMD;
    common.postorder = 1;
    common.supernodal = CHOLMOD_AUTO;  // CHOLMOD's rule: supernodal when flops / nnz(L) ≥ 40
    common.final_ll = 0;               // simplicial stays LDLᵀ: no conversion pass
    common.print = 0;
}

class SparseCholesky final : public SparseFactorisation {
public:
    SparseCholesky(SparsePattern pattern, int workspaces) : pattern_(std::move(pattern)) {
        if (!pattern_.lower) throw std::invalid_argument("SparseCholesky needs the lower triangle of a symmetric pattern");
        const bool pinned = single_threaded_blas();
        cholmod_l_start(&common_);
        configure(common_);
        cholmod_sparse view = cholmod_view(pattern_, nullptr);
        symbolic_ = cholmod_l_analyze(&view, &common_);
        if (symbolic_ == nullptr) throw NumericalFailure("CHOLMOD symbolic analysis failed");
        workspaces_ = std::max(1, workspaces);
        flops_ = common_.fl;
        for (int t = 0; t < workspaces_; ++t) workers_.push_back(std::make_unique<Worker>(symbolic_));
        description_ = fmt::format("CHOLMOD {} of {} rows, AMD ordering, {:.3g} non-zeros in L (fill {:.1f}x the lower "
                                   "triangle), {:.3g} flops, {} workspace(s){}",
                                   symbolic_->is_super ? "supernodal LL'" : "simplicial LDL'", pattern_.n, common_.lnz,
                                   common_.lnz / static_cast<double>(pattern_.entries()), flops_, workspaces_,
                                   pinned ? ", OpenBLAS on one thread" : "");
    }
    ~SparseCholesky() override {
        workers_.clear();
        cholmod_l_free_factor(&symbolic_, &common_);
        cholmod_l_finish(&common_);
    }

    double log_determinant(std::span<const double> values, int workspace) override {
        return workers_.at(static_cast<size_t>(workspace))->factorise(pattern_, values);
    }
    Eigen::MatrixXd solve(const Eigen::MatrixXd& b, int workspace, bool) override {
        return workers_.at(static_cast<size_t>(workspace))->solve(b);  // M is symmetric
    }

private:
    /// One CHOLMOD workspace with its own copy of the symbolic factor.
    class Worker {
    public:
        explicit Worker(cholmod_factor* symbolic) {
            cholmod_l_start(&common_);
            configure(common_);
            factor_ = cholmod_l_copy_factor(symbolic, &common_);
        }
        ~Worker() {
            cholmod_l_free_factor(&factor_, &common_);
            cholmod_l_finish(&common_);
        }
        Worker(const Worker&) = delete;
        Worker& operator=(const Worker&) = delete;

        double factorise(const SparsePattern& pattern, std::span<const double> values) {
            cholmod_sparse m = cholmod_view(pattern, values.data());
            {
                FlushDenormals flush;
                cholmod_l_factorize(&m, factor_, &common_);
            }
            if (common_.status == CHOLMOD_NOT_POSDEF || factor_->minor < factor_->n) return not_a_number;
            if (common_.status < CHOLMOD_OK) throw NumericalFailure(fmt::format("CHOLMOD failed (status {})", common_.status));
            return log_determinant();
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

    private:
        /// 2 Σ ln L_jj (LLᵀ) or Σ ln D_jj (LDLᵀ, NaN unless every D_jj > 0).
        double log_determinant() const {
            double sum = 0.0;
            const auto* x = static_cast<const double*>(factor_->x);
            if (factor_->is_super) {
                const auto* super = static_cast<const SuiteSparse_long*>(factor_->super);
                const auto* pi = static_cast<const SuiteSparse_long*>(factor_->pi);
                const auto* px = static_cast<const SuiteSparse_long*>(factor_->px);
                for (size_t s = 0; s < factor_->nsuper; ++s) {
                    const SuiteSparse_long columns = super[s + 1] - super[s], rows = pi[s + 1] - pi[s];
                    for (SuiteSparse_long j = 0; j < columns; ++j) sum += std::log(x[px[s] + j * rows + j]);
                }
                return 2.0 * sum;
            }
            const auto* p = static_cast<const SuiteSparse_long*>(factor_->p);
            for (size_t j = 0; j < factor_->n; ++j) {
                const double d = x[p[j]];
                if (!(d > 0)) return not_a_number;
                sum += std::log(d);
            }
            return factor_->is_ll ? 2.0 * sum : sum;
        }

        cholmod_common common_{};
        cholmod_factor* factor_ = nullptr;
    };

    SparsePattern pattern_;
    cholmod_common common_{};
    cholmod_factor* symbolic_ = nullptr;
    std::vector<std::unique_ptr<Worker>> workers_;
};

class SparseLu final : public SparseFactorisation {
public:
    SparseLu(SparsePattern pattern, std::span<const double> representative, int workspaces)
        : pattern_(std::move(pattern)) {
        if (pattern_.lower) throw std::invalid_argument("SparseLu needs the full pattern");
        umfpack_dl_defaults(control_);
        double info[UMFPACK_INFO];
        const SuiteSparse_long status = umfpack_dl_symbolic(pattern_.n, pattern_.n, as_long(pattern_.column_starts),
                                                            as_long(pattern_.rows), representative.data(), &symbolic_,
                                                            control_, info);
        if (status < 0) throw NumericalFailure(fmt::format("UMFPACK symbolic analysis failed (status {})", status));
        workspaces_ = std::max(1, workspaces);
        flops_ = info[UMFPACK_FLOPS_ESTIMATE];
        for (int t = 0; t < workspaces_; ++t) workers_.push_back(std::make_unique<Worker>(*this));
        description_ = fmt::format("UMFPACK LU of {} rows, pattern analysed once, {:.3g} flops (estimate), {} workspace(s)",
                                   pattern_.n, flops_, workspaces_);
    }
    ~SparseLu() override {
        workers_.clear();
        if (symbolic_ != nullptr) umfpack_dl_free_symbolic(&symbolic_);
    }

    double log_determinant(std::span<const double> values, int workspace) override {
        return workers_.at(static_cast<size_t>(workspace))->factorise(values);
    }
    Eigen::MatrixXd solve(const Eigen::MatrixXd& b, int workspace, bool transposed) override {
        return workers_.at(static_cast<size_t>(workspace))->solve(b, transposed);
    }

private:
    class Worker {
    public:
        explicit Worker(const SparseLu& lu) : lu_(lu) {}
        ~Worker() { release(); }
        Worker(const Worker&) = delete;
        Worker& operator=(const Worker&) = delete;

        double factorise(std::span<const double> values) {
            release();
            values_.assign(values.begin(), values.end());
            double info[UMFPACK_INFO];
            SuiteSparse_long status = 0;
            {
                FlushDenormals flush;
                status = umfpack_dl_numeric(as_long(lu_.pattern_.column_starts), as_long(lu_.pattern_.rows),
                                            values_.data(), lu_.symbolic_, &numeric_, lu_.control_, info);
            }
            if (status < 0) throw NumericalFailure(fmt::format("UMFPACK numeric factorisation failed (status {})", status));
            double mantissa = 0.0, exponent = 0.0;
            umfpack_dl_get_determinant(&mantissa, &exponent, numeric_, info);
            if (mantissa == 0.0) return not_a_number;
            return std::log(std::fabs(mantissa)) + exponent * std::log(10.0);
        }

        Eigen::MatrixXd solve(const Eigen::MatrixXd& b, bool transposed) const {
            if (numeric_ == nullptr) throw std::logic_error("SparseLu::solve before a factorisation");
            Eigen::MatrixXd x(b.rows(), b.cols());
            double info[UMFPACK_INFO];
            for (Eigen::Index c = 0; c < b.cols(); ++c) {
                const SuiteSparse_long status = umfpack_dl_solve(
                    transposed ? UMFPACK_At : UMFPACK_A, as_long(lu_.pattern_.column_starts), as_long(lu_.pattern_.rows),
                    values_.data(), x.col(c).data(), b.col(c).data(), numeric_, lu_.control_, info);
                if (status < 0) throw NumericalFailure(fmt::format("UMFPACK solve failed (status {})", status));
            }
            return x;
        }

    private:
        void release() {
            if (numeric_ != nullptr) umfpack_dl_free_numeric(&numeric_);
        }
        const SparseLu& lu_;
        std::vector<double> values_;
        void* numeric_ = nullptr;
    };

    SparsePattern pattern_;
    double control_[UMFPACK_CONTROL];
    void* symbolic_ = nullptr;
    std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace

SparsePattern SparsePattern::union_of(std::span<const Matrix* const> terms, bool lower_triangle) {
    SparsePattern out;
    out.n = terms.empty() ? 0 : terms.front()->rows();
    out.lower = lower_triangle;
    out.column_starts.assign(static_cast<size_t>(out.n) + 1, 0);
    std::vector<std::int64_t> column;
    for (std::int64_t j = 0; j < out.n; ++j) {
        column.assign(1, j);
        for (const Matrix* m : terms)
            for (Matrix::InnerIterator it(*m, j); it; ++it)
                if (!lower_triangle || it.index() >= j) column.push_back(it.index());
        std::sort(column.begin(), column.end());
        column.erase(std::unique(column.begin(), column.end()), column.end());
        out.rows.insert(out.rows.end(), column.begin(), column.end());
        out.column_starts[static_cast<size_t>(j) + 1] = static_cast<std::int64_t>(out.rows.size());
    }
    return out;
}

std::vector<double> SparsePattern::values(std::span<const Matrix* const> terms, std::span<const double> coefficients,
                                          double diagonal) const {
    std::vector<double> out(rows.size(), 0.0);
    for (std::int64_t j = 0; j < n; ++j) {
        const auto first = rows.begin() + column_starts[static_cast<size_t>(j)];
        const auto last = rows.begin() + column_starts[static_cast<size_t>(j) + 1];
        out[static_cast<size_t>(std::lower_bound(first, last, j) - rows.begin())] += diagonal;
        for (size_t t = 0; t < terms.size(); ++t)
            for (Matrix::InnerIterator it(*terms[t], j); it; ++it) {
                if (lower && it.index() < j) continue;
                const auto at = std::lower_bound(first, last, it.index());
                if (at == last || *at != it.index()) throw std::logic_error("SparsePattern::values: entry outside the pattern");
                out[static_cast<size_t>(at - rows.begin())] += coefficients[t] * it.value();
            }
    }
    return out;
}

std::unique_ptr<SparseFactorisation> make_sparse_cholesky(SparsePattern pattern, int workspaces) {
    return std::make_unique<SparseCholesky>(std::move(pattern), workspaces);
}

std::unique_ptr<SparseFactorisation> make_sparse_lu(SparsePattern pattern, std::span<const double> representative,
                                                    int workspaces) {
    return std::make_unique<SparseLu>(std::move(pattern), representative, workspaces);
}

bool single_threaded_blas() {
    using SetThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
        set(1);
        return true;
    }
    return false;
}

}  // namespace spillover
