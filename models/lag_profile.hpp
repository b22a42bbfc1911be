#pragma once
// The concentrated log-likelihood of the spatial lag model y = ρWy + Xβ + ε, ε ~ N(0, σ²I)
// (Anselin 1988, ch. 12; LeSage & Pace 2009, §3.1). For fixed ρ, β and σ² have closed forms:
//     β(ρ) = β₀ − ρβ_L,  e(ρ) = e₀ − ρe_L,  σ²(ρ) = e(ρ)ᵀe(ρ)/n,
// where β₀, e₀ and β_L, e_L are the OLS coefficients and residuals of y and of Wy on X, and n the
// sample's observations (engine/sample_shape.hpp; the rows for a cross-section). So
//     ℓ(ρ) = −n/2 ln(2π) − n/2 ln σ²(ρ) − n/2 + J(ρ),   J(ρ) = ln|I − ρW| for a cross-section,
// and e(ρ)ᵀe(ρ) = e₀ᵀe₀ − 2ρ e₀ᵀe_L + ρ² e_Lᵀe_L is a quadratic: after one OLS of two columns,
// each ρ costs O(1) beyond the log-determinant. The spatial Durbin model is this with X = [X, WX].

#include <Eigen/Dense>

namespace spillover {

class LagProfile {
public:
    /// y, X (with its intercept column if any) and Wy (the sample's lag of y), rows aligned, and the
    /// observations n of the likelihood. Throws std::invalid_argument on mismatched sizes or a
    /// rank-deficient X.
    LagProfile(const Eigen::VectorXd& y, const Eigen::MatrixXd& x, const Eigen::VectorXd& wy, double observations);

    /// e(ρ)ᵀe(ρ).
    double sse(double rho) const { return ee_ - 2 * rho * el_ + rho * rho * ll_; }
    /// ℓ(ρ) without the log-determinant: −n/2 ln(2π) − n/2 ln(e(ρ)ᵀe(ρ)/n) − n/2.
    double rest(double rho) const;
    /// β(ρ) = β₀ − ρβ_L.
    Eigen::VectorXd beta(double rho) const { return beta0_ - rho * beta_lag_; }

private:
    double n_ = 0;
    double ee_ = 0, el_ = 0, ll_ = 0;
    Eigen::VectorXd beta0_, beta_lag_;
};

}  // namespace spillover
