#pragma once
// Approximate ln|I − ρW| by stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017, "Fast
// estimation of tr(f(A)) via stochastic Lanczos quadrature", SIAM J. Matrix Anal. Appl. 38(4),
// 1075–1099). Needs the symmetric matrix S similar to W (weights/symmetric_similar.hpp).
//
// The estimator
//   ln|I − ρW| = tr f_ρ(S), f_ρ(λ) = ln(1 − ρλ). For a Rademacher probe z (‖z‖² = n), zᵀf(S)z/n is
//   the integral of f against the spectral measure of S seen from v_1 = z/√n, Σ_i (q_iᵀv_1)² δ_{λ_i}.
//   m = min(options.slq_steps, n) Lanczos steps on S from v_1 give the Jacobi matrix T_m = tridiag(β,
//   α, β) = V Θ Vᵀ, and the m-point Gauss rule of that measure: nodes θ_k (Ritz values), weights
//   τ_k = V_{1k}² (Golub & Meurant 2010, "Matrices, Moments and Quadrature", ch. 6). Per probe
//       f_i(ρ) = n Σ_k τ_k ln(1 − ρθ_k),   f_i'(ρ) = n Σ_k τ_k (−θ_k / (1 − ρθ_k)),
//   and the value is their mean over p = options.probes probes.
//   Control variates: tr S and tr S² = ‖S‖_F² are computed exactly, and each probe's rule gives its
//   own zᵀSz = n Σ_k τ_k θ_k and ‖Sz‖² = n Σ_k τ_k θ_k² exactly (the rule integrates degree < 2m). So
//   for any quadratic q(λ) = q_0 + q_1λ + q_2λ², tr q(S) is known and
//       f_i(ρ) + q_1 (tr S − n Σ τθ) + q_2 (tr S² − n Σ τθ²)
//   estimates the same trace with the noise of q removed: only f − q is left to the probes. q is
//   the quadratic interpolating f_ρ at the three Chebyshev points of [a, b] (c, c ± (√3/2)h; c, h
//   the centre and half-width), nearly the best uniform quadratic approximation, and so a better
//   control than the Taylor terms −ρλ − ρ²λ²/2 that the Monte-Carlo series removes: with the same
//   probes on the 1000-point kNN W, standard errors 3–4 times smaller than the series' at
//   ρ = 0.4–0.8. The same is done for the derivative with ∂f/∂ρ. The quadrature error is untouched:
//   the correction is the same for the rule and for the exact form.
//   Only nodes and weights are kept: O(p m) per ρ. No reorthogonalisation: the Gauss rule of
//   finite-precision Lanczos stays accurate for quadrature although orthogonality is lost (Golub &
//   Meurant, ch. 4; Knizhnerman 1996). A probe whose β_{k+1} falls below 1e-10·max(|a|, |b|) has
//   found an invariant subspace: it stops after k steps and its k-point rule is exact.
//   The Lanczos runs for all probes at once on the n × p probe block (one sparse block product per
//   step, shared machinery: logdet_monte_carlo.hpp), split over threads by chunks of rows, so each
//   thread reads only its rows of S and the inner products are summed by chunk, in a fixed order.
//
// Error bound: z · SE (standard error of the per-probe estimates) + n · mean_i |G_i − R_i|, where
//   G_i is the Gauss rule above and R_i the (m+1)-point Gauss–Radau rule with a node fixed at the end
//   of [a, b] = [1/interval.lower, 1/interval.upper] nearest the singularity 1/ρ (b for ρ ≥ 0, a
//   for ρ < 0). Why this brackets the probe's exact quadratic form: the Gauss error is
//   f^{(2m)}(ξ)/(2m)! ∫π_m² dμ and the Radau error ±f^{(2m+1)}(η)/(2m+1)! ∫(λ − c)π_m² dμ (Golub &
//   Meurant, ch. 6); f_ρ^{(k)}(λ) = −(k−1)! ρ^k / (1 − ρλ)^k has a fixed sign for each k on [a, b],
//   and with the node at that end the two errors have opposite signs, so the exact value lies
//   between G_i and R_i. The same holds for ∂f/∂ρ = −λ/(1 − ρλ), whose λ-derivatives are
//   −k! ρ^{k−1} / (1 − ρλ)^{k+1}; the derivative bound uses the same two rules.
//   The fixed node is placed 10⁻⁶ (b − a) outside [a, b]: the bracket only needs it outside the
//   spectrum, and it keeps the Radau modification (T_m − cI)⁻¹ away from a Ritz value that has
//   converged to an end of the spectrum (with an exact interval it does). A Ritz value that rounding
//   puts outside [a, b] is moved to the end, and the bound grows by n · shift · max |f'| on [a, b].
// The bracket needs the spectrum of S inside [a, b], that is a correct interval; for a large
// row-standardised W the interval (−1, 1) is correct, if wide. Checked with 2–3 Lanczos steps, where
// the bracket is nearly all of the bound: no violation in 2500 evaluations on Columbus and kNN W.
// With the default 40 steps it is ~10⁻¹⁰ on those W: 40 steps are more than the probes' noise
// needs, and fewer steps cost proportionally less (the bracket says when too few).
// Both bounds are +infinity for ρ within 10⁻⁶ relative of an end of the interval, where the Radau
// node meets the singularity. The statistical term and the rounding allowance are those of the
// other stochastic methods (logdet_monte_carlo.hpp).
//
// Cost: m block products and m streaming passes over the block in the constructor, memory 2 blocks of
// 8np bytes; then 3p eigen-decompositions of tridiagonals of order m or m + 1. Measured on 2 cores
// with the defaults (p = 30, m = 40), kNN-6 weights: 0.65 s at n = 10^5, about 7 s at 10^6 (each
// step reads and writes the blocks twice: Lanczos needs α_k before it can subtract α_k v_k);
// 10 probes and 20 steps: 0.15 s and 2 s. O(p m) per ρ.

#include <Eigen/Dense>

#include "solvers/logdet.hpp"

namespace spillover {

class ProbeOperator;

class LogDetSlq final : public LogDeterminant {
public:
    /// Throws std::invalid_argument when W has no symmetric similar form or the interval does not
    /// contain 0.
    LogDetSlq(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options);

    LogDetValue evaluate(double rho, bool derivative = false) override;

    /// A quadrature rule per probe: column i holds probe i's nodes and weights (weights 0 pad the
    /// rows beyond its number of nodes).
    struct Rules {
        Eigen::MatrixXd nodes;
        Eigen::MatrixXd weights;
    };
    /// The Gauss rules (m rows), and the Gauss–Radau rules fixed below a and above b (m + 1 rows).
    const Rules& gauss() const noexcept { return gauss_; }
    const Rules& radau_lower() const noexcept { return radau_lower_; }
    const Rules& radau_upper() const noexcept { return radau_upper_; }

private:
    struct Lanczos;
    Lanczos run_lanczos(const ProbeOperator& s, const LogDetOptions& options) const;
    void set_rules(const Lanczos& lanczos);

    Rules gauss_, radau_lower_, radau_upper_;
    double lower_node_ = 0.0, upper_node_ = 0.0;    // the Radau rules' fixed nodes
    double lower_end_ = 0.0, upper_end_ = 0.0;      // a, b
    double clamped_ = 0.0;                          // the largest move of a node into [a, b]
    double trace_ = 0.0, trace_of_square_ = 0.0;    // tr S, tr S² exact
    Eigen::VectorXd first_moment_, second_moment_;  // per probe: zᵀSz, ‖Sz‖² from its Gauss rule
    double z_ = 0.0;
};

}  // namespace spillover
