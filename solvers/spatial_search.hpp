#pragma once
// Maximising a concentrated log-likelihood over its spatial parameters: ρ (or λ) alone,
//
//     ℓ(ρ) = rest(ρ) + J(ρ),     J(ρ) = m·ln|I − ρW| + c·ln(1 − ρ),     ρ in the search interval,
//
// or ρ and λ together (sac: ℓ(ρ, λ) = rest(ρ, λ) + J(ρ) + J(λ)), where rest is cheap (for the lag
// model −n/2 ln(e(ρ)ᵀe(ρ)/n), e(ρ) = e₀ − ρe_L: Anselin 1988) and the log-determinant is not. J is
// the Jacobian of the sample's shape (engine/sample_shape.hpp): m = 1 and c = 0 for a cross-section,
// m = T for a panel's periods. The search interval is the log-determinant's interval shrunk by
// `bound_margin` at each end (spatialreg searches [−1, 0.999] with its sparse methods and the
// eigenvalue range ± machine epsilon with "eigen").
//
// Two schemes, chosen by the method (the result says which ran):
//   - eigen and the approximate methods cost little per ρ: Brent's method on ℓ directly (Boost.Math
//     brent_find_minima, the algorithm of R's optimize), about 30–40 evaluations.
//   - cholesky and lu cost one sparse factorisation per ρ, so the number of exact values is the
//     budget. Both searches keep those values in one model of ln|I − rW| (solvers/logdet_model.hpp). A first ρ comes from a cheap approximation: the log-determinant's surrogate (an slq or
//     mc approximation the factory sets up beside an exact sparse method) when it has one, else
//     exact values at `global_nodes` Chebyshev points of the interval (plus ln|I − 0·W| = 0, free),
//     interpolated. Then, in rounds, exact values at the current ρ and at ρ ± h (two factorisations
//     in parallel); the model is the surrogate plus a cubic through the four nearest exact
//     corrections (exact − surrogate: smooth and small, so a few values pin it down), Brent on that
//     model, and h shrinks with the step. The search stops when the step and the model's
//     uncertainty are below `tolerance`; ρ̂ is then a point where the log-determinant was
//     factorised, so the reported log-determinant and ℓ(ρ̂) are exact, not interpolated.
//     Accuracy: ρ to `tolerance` (1e-8 by default, as Brent on exact values; the objective is flat
//     to √ε near its maximum, so no value-based search locates ρ much better), the log-determinant
//     and ℓ at ρ̂ exact to rounding. Typical cost: 6–8 factorisations with a surrogate, 14–16 without, in pairs.
//
//   - ρ and λ together: eigen and the approximate methods by nested Brent (λ outside, ρ inside) on
//     ℓ, which finds the joint maximum sacsarlm's optimiser finds (spatialreg uses nlminb on both
//     at once); cholesky and lu by the exact scheme in two dimensions — one model of ln|I − rW| for
//     both parameters, each round factorising at the model's maximiser (ρ_k, λ_k) and beside it, in
//     parallel, then maximising the model again in a box of ±2h — stopping at a point where both
//     values are exact. About 16 factorisations (10^5 units: 2 s) where nested exact searches took
//     about 160.
//
// An estimate within `bound_margin` of an end is reported as at_bound (a warning for the fit's status).

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "engine/sample_shape.hpp"
#include "solvers/logdet.hpp"

namespace spillover {

struct SearchOptions {
    double tolerance = 1e-8;      ///< on the parameter
    double bound_margin = 1e-6;   ///< fraction of the interval's width kept off each end
    int global_nodes = 8;         ///< exact scheme: Chebyshev nodes over the whole interval
    int max_rounds = 40;          ///< exact scheme: local rounds before giving up (converged = false)
    /// Exact scheme: start from the log-determinant's surrogate (an approximate method set up
    /// beside it, LogDeterminant::surrogate()) instead of the global nodes, when it has one.
    bool use_surrogate = true;
    void validate() const;
};

/// The search over one spatial parameter (ρ or λ), or one coordinate of the joint search.
struct SearchResult {
    double estimate = 0.0;
    double objective = 0.0;           ///< ℓ at the maximum, with the exact log-determinant for exact methods
    LogDetValue logdet;               ///< ln|I − estimate·W| (value; error bound for approximate methods)
    double lower = 0.0, upper = 0.0;  ///< the interval searched
    std::int64_t logdet_evaluations = 0;  ///< factorisations (exact sparse) or evaluations
    int rounds = 0;                   ///< exact scheme: parallel rounds of factorisations
    double model_error = 0.0;         ///< exact scheme: |exact − interpolated| log-determinant at the estimate
    bool converged = true;
    bool at_bound = false;
    std::string scheme;               ///< what ran, in words
    double seconds = 0.0;
};

/// (argmax, max) of f on [a, b] by Brent's method (Boost.Math, the algorithm of R's optimize), to
/// about √ε relative in the argument.
std::pair<double, double> brent_maximum(const std::function<double(double)>& f, double a, double b);

/// The interval searched: the log-determinant's, shrunk by bound_margin of its width at each end.
std::pair<double, double> search_interval(const LogDeterminant& logdet, const SearchOptions& options);

/// The maximiser of rest(ρ) + J(ρ) (the header's schemes), J the Jacobian of `shape`.
SearchResult maximise_over_parameter(LogDeterminant& logdet, const std::function<double(double)>& rest,
                                     const SampleShape& shape, const SearchOptions& options = {});

/// ρ and λ of sac: the maximiser of rest(ρ, λ) + J(ρ) + J(λ), both in the interval of the
/// log-determinant. `objective` of each coordinate is ℓ at the joint maximum.
struct JointSearchResult {
    SearchResult rho, lambda;
    std::int64_t logdet_evaluations = 0;  ///< of the whole search (the coordinates' own counts are 0)
};
JointSearchResult maximise_over_parameters(LogDeterminant& logdet, const std::function<double(double, double)>& rest,
                                           const SampleShape& shape, const SearchOptions& options = {});

}  // namespace spillover
