#pragma once
// The scalars of the spatial multiplier M(ρ) = (I − ρW)⁻¹ that the effects of a lag model need
// (LeSage & Pace 2009, §2.7 and §4.2). For S_k(W) = M(β_k I + θ_k W),
//
//     direct_k = mean diag S_k = β_k tr(M)/n   + θ_k tr(MW)/n
//     total_k  = mean row sum  = β_k 1ᵀM1/n    + θ_k 1ᵀMW1/n,        indirect_k = total_k − direct_k,
//
// so four scalars of ρ serve every regressor and every simulated draw.
//
// The diagonal, by one of two routes (`method` says which ran):
//   eigenvalues  exact: tr(M)/n = mean_i 1/(1 − ρλ_i), tr(MW)/n = mean_i λ_i/(1 − ρλ_i) (real parts;
//                complex λ come in conjugate pairs). O(n³) once, O(n) per ρ: n ≤ eigen_limit (real
//                eigenvalues) or complex_eigen_limit (an asymmetric W, whose real Schur form is slower).
//   traces       the series tr(M)/n = Σ_j ρ^j t_j and tr(MW)/n = Σ_j ρ^j t_(j+1), t_j = tr(W^j)/n
//                (solvers/power_moments.hpp: exact while affordable, Hutchinson beyond), cut after
//                L terms. With c ≥ the spectral radius of W, |t_j| ≤ c^j, so the rest after L terms
//                is at most max(1, c)·(|ρ|c)^L / (1 − |ρ|c) per unit of |β_k| + |θ_k|: L is the
//                first length that brings this bound to `tolerance` at the largest |ρ| asked for.
//                The series needs |ρ|c < 1 (covers()): for a row-standardised W, |ρ| < 1.
// The row sums, on both routes: when every row of W sums to c₀ (row-standardised, no island),
// exactly 1ᵀM1/n = 1/(1 − ρc₀) and 1ᵀMW1/n = c₀/(1 − ρc₀); otherwise (islands, binary or distance
// weights) the series of the exact row-sum moments s_j = 1ᵀW^j1/n, cut where its Collatz–Wielandt
// bound (solvers/power_moments.hpp) falls to `tolerance`.
//
// Components by order (LeSage & Pace 2009, §2.7.2): term j of the series, ρ^j (t_j, t_(j+1), s_j,
// s_(j+1)), is the part of each effect that travels through neighbours of order j; the terms sum
// to the effects.

#include <string>

#include <Eigen/Dense>

#include "solvers/power_moments.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// tr(M)/n, tr(MW)/n, 1ᵀM1/n, 1ᵀMW1/n — or one term of their series.
struct MultiplierMoments {
    double diag = 0.0;
    double diag_w = 0.0;
    double row = 0.0;
    double row_w = 0.0;
};

enum class MultiplierMethod { Auto, Eigenvalues, Traces };

/// "auto", "exact" (or "eigen"), "traces"; InputError otherwise.
MultiplierMethod parse_multiplier_method(const std::string& name);

struct SpatialMultiplierOptions {
    /// Auto: eigenvalues up to eigen_limit units when W has a symmetric similar form (real
    /// eigenvalues), up to complex_eigen_limit otherwise; traces beyond (exact ones from dense
    /// powers up to a few thousand units).
    MultiplierMethod method = MultiplierMethod::Auto;
    SpatialWeights::Index eigen_limit = 2000;
    SpatialWeights::Index complex_eigen_limit = 500;
    /// Bound on the series' truncation error per unit of |β_k| + |θ_k|.
    double tolerance = 1e-8;
    /// Longest series (terms); a bound not reached by then is reported, not hidden.
    int max_terms = 2000;
    PowerTraceOptions traces;
    void validate() const;
};

class SpatialMultiplier {
public:
    /// Prepares the scalars for every |ρ| ≤ rho_max and `orders` + 1 components (orders < 0: none).
    /// The traces route needs rho_max·spectral_radius_bound(W) < 1 (std::invalid_argument otherwise).
    /// `radius_bound`: spectral_radius_bound(w) when the caller has it already (0: computed here).
    SpatialMultiplier(const SpatialWeights& w, double rho_max, int orders, const SpatialMultiplierOptions& options = {},
                      double radius_bound = 0.0);

    MultiplierMoments at(double rho) const;
    /// Term j of the series at ρ (0 ≤ j ≤ orders).
    MultiplierMoments term(int j, double rho) const;

    /// Upper bound c of W's spectral radius used by the series.
    double radius_bound() const { return scale_; }
    /// ρ is within reach: |ρ|c < 1, which every series needs; with eigenvalues and rows in closed
    /// form, any ρ.
    bool covers(double rho) const;
    const std::string& method() const { return method_; }
    /// Terms of the trace series (0 for eigenvalues) and of the row-sum series (0 when closed form).
    int trace_terms() const { return trace_terms_; }
    int row_terms() const { return row_terms_; }
    /// Bound on the truncation error per unit of |β_k| + |θ_k| at rho_max (0 when nothing is cut).
    double truncation_bound() const { return truncation_bound_; }
    /// Hutchinson standard error carried into tr(M)/n at rho_max (Σ_j |ρ|^j se(t_j)); 0 when exact.
    double trace_std_error() const { return trace_std_error_; }

private:
    void prepare_traces(const SpatialWeights& w, double r_max, int orders, const SpatialMultiplierOptions& options);

    double scale_ = 1.0;                // c: W/c has spectral radius ≤ 1
    Eigen::VectorXcd eigenvalues_;      // eigenvalues route: λ_i / c
    Eigen::VectorXd traces_;            // t_j of W/c, j = 0 … trace_terms_ (or orders + 1)
    RowSumMoments rows_;                // s_j of W/c
    double constant_row_sum_ = 0.0;     // c₀ of W when rows_.constant
    int trace_terms_ = 0, row_terms_ = 0;
    double truncation_bound_ = 0.0, trace_std_error_ = 0.0;
    std::string method_;
};

}  // namespace spillover
