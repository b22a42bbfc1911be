#pragma once
// The log-determinant ln|I − ρW| of a spatial model, and its derivative in ρ.
//
// Every spatial ML likelihood carries the Jacobian term ln|I − ρW| (Ord 1975); at large n it is
// where the time goes. One interface serves every method: construct once for W (the set-up: an
// eigen-decomposition, a symbolic factorisation, a set of probe vectors), then evaluate at any ρ
// inside the open interval 1/λ_min < ρ < 1/λ_max where I − ρW is non-singular:
//
//     f(ρ)  = ln|I − ρW| = Σ_i ln|1 − ρλ_i|
//     f'(ρ) = −tr(W (I − ρW)⁻¹) = −Σ_i λ_i / (1 − ρλ_i)
//
// Methods (LogDetMethod):
//   eigen      all eigenvalues of dense W (Ord 1975) by LAPACK; of the symmetric similar matrix when W
//              has one (weights/symmetric_similar.hpp), complex otherwise. O(n³) set-up and 8n² bytes,
//              O(n) per ρ. Exact. Any n whose dense matrix fits in the memory available (InputError
//              with the numbers otherwise); the time and memory it will take are estimated first
//              (solvers/logdet_eigen.hpp).
//   cholesky   sparse Cholesky of I − ρS, S the symmetric matrix similar to W: CHOLMOD supernodal,
//              fill-reducing ordering and symbolic analysis once, a numeric factorisation per ρ,
//              ln|I − ρW| = 2 Σ ln L_ii. Exact. Needs a symmetric similar form.
//   lu         sparse LU of I − ρW (UMFPACK), pattern analysed once. Exact; any W.
//   chebyshev  Chebyshev expansion of ln(1 − ρx) in W with stochastic traces (Pace & LeSage 2004).
//   mc         power series −Σ ρ^k tr(W^k)/k with Monte-Carlo traces (Barry & Pace 1999).
//   slq        stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017) on the symmetric similar
//              matrix.
//   auto       by cost: eigen for n ≤ auto_eigen_limit (and a dense W up to eigen_limit); otherwise
//              cholesky when W has a symmetric similar form, lu when it does not. The used method is
//              reported (`method()`).
//
// Accuracy. Exact methods are exact to rounding (≤ 1e-10 relative against dense eigenvalues, tested).
// Approximate methods return `error_bound` with every value: z·(standard error of the stochastic
// trace estimates over the probes) plus a deterministic bound on the truncation of the series or
// polynomial; the tests check that the true error lies within it.
//
// Derivatives. eigen and the approximate methods return f'(ρ) with every value. The sparse exact
// methods compute it only when asked (`evaluate(ρ, true)`), by a Richardson-extrapolated central
// difference of exact values (four more factorisations), accurate to about 1e-9 relative.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weights/spatial_weights.hpp"

namespace spillover {

enum class LogDetMethod { Auto, Eigen, Cholesky, Lu, Chebyshev, MonteCarlo, Slq };

/// "auto", "eigen", "cholesky", "lu", "chebyshev", "mc", "slq".
std::string_view to_string(LogDetMethod method);
/// The inverse of to_string; InputError naming the choices otherwise.
LogDetMethod parse_logdet_method(std::string_view name);
/// True for eigen, cholesky and lu.
bool is_exact(LogDetMethod method);

/// The open interval of ρ on which I − ρW is non-singular (1/λ_min, 1/λ_max), and how it was found.
struct RhoInterval {
    double lower = -1.0;
    double upper = 1.0;
    std::string method;
    bool contains(double rho) const { return rho > lower && rho < upper; }
};

struct LogDetOptions {
    LogDetMethod method = LogDetMethod::Auto;
    /// auto: dense eigenvalues up to this n for a dense W (a tenth of its entries or more); and the
    /// ρ interval of the other methods comes from dense eigenvalues up to this n (memory 8n² bytes,
    /// time O(n³)). An explicit `eigen` runs at any n that fits in memory.
    SpatialWeights::Index eigen_limit = 2000;
    /// auto: dense eigenvalues up to this n for a sparse W, a sparse factorisation above.
    SpatialWeights::Index auto_eigen_limit = 400;
    /// Approximate methods: number of random probe vectors (Rademacher, from `seed`).
    int probes = 30;
    /// chebyshev: polynomial degree; mc: number of powers of W (Barry & Pace's m); slq: Lanczos steps.
    int chebyshev_degree = 60;
    int mc_powers = 60;
    int slq_steps = 40;
    std::uint64_t seed = 20261129;
    /// Error bounds are z standard errors of the stochastic part plus the truncation bound. 3.5, not
    /// 3: the standard error itself comes from the probes, and at z = 3 the error exceeded the bound
    /// in 0.2–0.8% of evaluations over 200 seeds (a t distribution with 29 df predicts 0.55%).
    double z = 3.5;
    /// Threads: exact methods factorise several ρ at once, approximate ones split their set-up
    /// (0 = hardware threads); eigen's dense decomposition runs on this many OpenBLAS threads (0 =
    /// those the load average leaves idle: weights/dense_eigenvalues.hpp).
    int threads = 0;
    /// cholesky and lu: also set up a cheap approximation (slq for a symmetric similar W, mc
    /// otherwise, `surrogate_probes` probes) that steers the exact ρ search to few factorisations.
    bool surrogate = true;
    int surrogate_probes = 10;
    /// Called with one line before a set-up whose estimated time exceeds notice_seconds (the eigen
    /// method's O(n³) decomposition: "eigen log-determinant: n = 10000, 0.8 GB, about 95 s"); the
    /// command line prints it on stderr. Empty: nothing is said.
    std::function<void(const std::string&)> notice;
    double notice_seconds = 2.0;

    /// Throws std::invalid_argument naming the first field out of range.
    void validate() const;
};

struct LogDetValue {
    double value = 0.0;       ///< ln|I − ρW|
    double derivative = 0.0;  ///< d/dρ ln|I − ρW| = −tr(W (I − ρW)⁻¹)
    double error_bound = 0.0;             ///< |value − exact| ≤ error_bound (0 for exact methods)
    double derivative_error_bound = 0.0;  ///< the same for the derivative
};

class LogDeterminant {
public:
    virtual ~LogDeterminant() = default;

    /// ln|I − ρW| at ρ, with its derivative (always for eigen and the approximate methods; for
    /// cholesky and lu only when `derivative` is true, otherwise NaN). Throws std::invalid_argument
    /// when ρ is outside interval().
    virtual LogDetValue evaluate(double rho, bool derivative = false) = 0;
    /// Values at several ρ; exact sparse methods spread them over threads.
    virtual std::vector<LogDetValue> evaluate(std::span<const double> rhos);

    LogDetMethod method() const noexcept { return method_; }
    bool exact() const noexcept { return is_exact(method_); }
    SpatialWeights::Index n() const noexcept { return n_; }
    const RhoInterval& interval() const noexcept { return interval_; }
    /// Seconds spent in construction (eigenvalues, symbolic analysis, probes).
    double setup_seconds() const noexcept { return setup_seconds_; }
    /// Numeric factorisations (cholesky, lu) or evaluations (others) so far.
    std::int64_t evaluations() const noexcept { return evaluations_; }
    /// The exact values ln|I − rW| factorised so far, as (r, value) (exact sparse methods): a later
    /// search on the same W (an LR refit) starts from them instead of factorising again.
    const std::vector<std::pair<double, double>>& factorised_values() const noexcept { return factorised_; }
    /// What was done, in words (ordering, fill, probes ...).
    const std::string& description() const noexcept { return description_; }
    /// Floating-point operations of one numeric factorisation (exact sparse methods; 0 otherwise).
    virtual double factorisation_flops() const { return 0.0; }

    /// A cheap approximation of the same log-determinant that steers the exact ρ search
    /// (solvers/spatial_search.hpp); set by the factory for cholesky and lu, null otherwise.
    LogDeterminant* surrogate() const noexcept { return surrogate_.get(); }
    void set_surrogate(std::unique_ptr<LogDeterminant> surrogate) { surrogate_ = std::move(surrogate); }
    /// Set-up work done outside the constructor (the surrogate's wait) is counted here too.
    void add_setup_seconds(double seconds) { setup_seconds_ += std::max(0.0, seconds); }

protected:
    LogDeterminant(LogDetMethod method, SpatialWeights::Index n, RhoInterval interval)
        : method_(method), n_(n), interval_(std::move(interval)) {}
    void check_inside(double rho) const;
    /// Richardson-extrapolated central difference of `value` at ρ: f'(ρ), for the exact sparse methods.
    template <class Value>
    double difference_derivative(double rho, Value&& value) const;

    /// For the exact sparse methods, which hold one factorisation workspace per thread:
    /// `value(ρ, workspace)` factorises and returns ln|I − ρW|, NaN when the matrix is singular (or not
    /// positive definite), which then throws "`failure` at rho = ...". One ρ on workspace 0 (with the
    /// difference derivative if asked), or several spread over `workspaces` threads.
    using WorkspaceValue = std::function<double(double rho, int workspace)>;
    LogDetValue exact_value(double rho, bool derivative, const WorkspaceValue& value, std::string_view failure);
    std::vector<LogDetValue> exact_values(std::span<const double> rhos, int workspaces, const WorkspaceValue& value,
                                          std::string_view failure);

    LogDetMethod method_;
    SpatialWeights::Index n_;
    RhoInterval interval_;
    double setup_seconds_ = 0.0;
    std::int64_t evaluations_ = 0;
    std::string description_;
    std::unique_ptr<LogDeterminant> surrogate_;
    std::vector<std::pair<double, double>> factorised_;
};

/// The interval for W: from the extreme eigenvalues (weights/spectrum.hpp) when n ≤ eigen_limit or
/// W is not row-standardised; for a row-standardised W above eigen_limit, (−1, 1), which is always
/// admissible (|λ| ≤ 1), as spatialreg's sparse methods (its search interval is [−1, 0.999]).
RhoInterval rho_interval(const SpatialWeights& w, const LogDetOptions& options);

/// (1/λ_min, 1/λ_max) from the extreme real eigenvalues; InputError unless λ_min < 0 < λ_max.
RhoInterval interval_from_eigenvalues(double smallest, double largest, std::string method);

/// The method `auto` resolves to for this W (or the requested one, checked against W: cholesky,
/// chebyshev and slq need a symmetric similar form; InputError saying why otherwise). eigen is not
/// refused here at any n; its set-up refuses a dense matrix that does not fit in memory.
LogDetMethod resolve_logdet_method(const SpatialWeights& w, const LogDetOptions& options);

/// Sets up the requested (resolved) method for W. The interval is rho_interval(w, options).
std::unique_ptr<LogDeterminant> make_log_determinant(const SpatialWeights& w, const LogDetOptions& options = {});

// ---------------------------------------------------------------------------------------------------

template <class Value>
double LogDeterminant::difference_derivative(double rho, Value&& value) const {
    // Step: a small fraction of the distance to the nearer end of the interval, where the nearest
    // singularity 1/λ lies, so the Taylor remainder stays small; Richardson removes the h² term:
    // f' ≈ (8[f(ρ+h) − f(ρ−h)] − [f(ρ+2h) − f(ρ−2h)]) / 12h, error O(h⁴ f⁽⁵⁾) + O(ε|f|/h).
    const double distance = std::min(rho - interval_.lower, interval_.upper - rho);
    const double h = 0.005 * distance;
    return (8.0 * (value(rho + h) - value(rho - h)) - (value(rho + 2 * h) - value(rho - 2 * h))) / (12.0 * h);
}

}  // namespace spillover
