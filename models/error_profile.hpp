#pragma once
// The concentrated log-likelihood of the spatial error model y = Xβ + u, u = λWu + ε (Anselin 1988,
// ch. 12; LeSage & Pace 2009, §3.3). For fixed λ, with B = I − λW,
//     β(λ) = (X'B'BX)⁻¹ X'B'By,  e(λ) = By − BXβ(λ),  σ²(λ) = e(λ)'e(λ)/n,
//     ℓ(λ) = −n/2 ln(2π) − n/2 ln σ²(λ) − n/2 + J(λ),
// n the sample's observations and J its Jacobian (engine/sample_shape.hpp; ln|B| for a cross-section).
// With Z = [X, y], BZ = Z − λWZ, so (BZ)'(BZ) = G₀ − λG₁ + λ²G₂ with G₀ = Z'Z, G₁ = Z'WZ + (WZ)'Z,
// G₂ = (WZ)'(WZ), all (k+1) × (k+1) and formed once: each λ then costs O(k³), whatever n. e'e is the
// Schur complement of X'B'BX in that matrix (the square of the last diagonal entry of its Cholesky
// factor). The columns of X are scaled to unit norm first, which keeps the cross-products well
// conditioned; the final β and residuals at λ̂ come from a QR of BX (as spatialreg's lm), not from
// the cross-products.

#include <Eigen/Dense>

namespace spillover {

class ErrorProfile {
public:
    /// y, X and their lags Wy, WX (the sample's), rows aligned, and the observations n of the
    /// likelihood. std::invalid_argument on mismatched sizes.
    ErrorProfile(Eigen::VectorXd y, Eigen::MatrixXd x, Eigen::VectorXd wy, Eigen::MatrixXd wx, double observations);

    /// e(λ)'e(λ) from the cross-products.
    double sse(double lambda) const;
    /// ℓ(λ) without the log-determinant.
    double rest(double lambda) const;

    struct Solution {
        Eigen::VectorXd beta;
        Eigen::VectorXd residuals;  ///< e(λ) = By − BXβ
        Eigen::MatrixXd bx;         ///< BX
    };
    /// β(λ) and e(λ) by QR of BX.
    Solution solve(double lambda) const;

private:
    Eigen::VectorXd y_;
    Eigen::MatrixXd x_;
    Eigen::VectorXd wy_;
    Eigen::MatrixXd wx_;
    double n_;
    Eigen::MatrixXd g0_, g1_, g2_;
};

}  // namespace spillover
