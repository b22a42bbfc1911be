#pragma once
// Ordinary least squares, the numbers of R's lm().
//
//   y = Xβ + ε,  β̂ = argmin ‖y − Xβ‖², solved by Householder QR with column pivoting
//   (numerically stable, never forms X'X).
//   σ̂² = e'e / (n − k), Cov(β̂) = σ̂² (X'X)⁻¹ = σ̂² R⁻¹R⁻ᵀ; t = β̂ / SE with n − k degrees of freedom.
//   R² = 1 − e'e / Σ(y − ȳ)² with an intercept, 1 − e'e / Σy² without (as R's summary.lm);
//   adjusted R² = 1 − (1 − R²)(n − i)/(n − k), i = 1 with an intercept;
//   F = ((TSS − e'e)/(k − i)) / σ̂² on (k − i, n − k) degrees of freedom.
//   log L = −n/2 (ln 2π + ln(e'e/n) + 1); AIC = −2 log L + 2(k + 1), BIC = −2 log L + ln(n)(k + 1):
//   σ² counts as a parameter, as R's logLik.lm.
//
// Rank deficiency is an input error, not a silently dropped coefficient (R reports NA): the message
// names each collinear column and the linear combination of earlier columns that reproduces it.
// Columns are tested in formula order, as R's lm: a column whose residual after projecting on the
// columns kept before it has norm below `rank_tolerance` × its own norm is collinear.

#include <string>
#include <vector>

#include <Eigen/Dense>

#include "engine/design_matrix.hpp"
#include "engine/estimation_result.hpp"

namespace spillover {

struct OlsOptions {
    /// Relative tolerance of the collinearity test; R's lm uses 1e-7.
    double rank_tolerance = 1e-7;
    /// Parameters absorbed before the fit (a panel's fixed effects, engine/panel_within.hpp): σ̂² =
    /// e'e/(n − k − absorbed) and t tests on those degrees of freedom, as plm's within model.
    std::int64_t absorbed = 0;
    void validate() const;
};

struct OlsFit : EstimationResult {
    Eigen::VectorXd beta;
    Eigen::MatrixXd covariance;  ///< k × k, in the order of `coefficients`
    Eigen::VectorXd fitted;
    Eigen::VectorXd residuals;
    std::vector<std::string> ids;  ///< unit id of each row used
};

/// Fits y on X. Throws InputError for fewer observations than coefficients or collinear columns.
OlsFit fit_ols(const DesignMatrix& design, const OlsOptions& options = {});

/// Throws InputError when X has no column, y is constant, n ≤ k, or X has collinear columns (naming
/// them and the combination that reproduces the first).
void check_identified(const DesignMatrix& design, double rank_tolerance);

/// Indices of the columns of X that are linear combinations of the columns before them (the test
/// described above). Empty when X has full column rank.
std::vector<Eigen::Index> collinear_columns(const Eigen::MatrixXd& X, double rank_tolerance);

}  // namespace spillover
