#pragma once
// Tests between nested spatial models, reported with a fit (LeSage & Pace 2009, §6.2; Elhorst 2014,
// §2.3; Burridge 1981 for the common factor):
//   LR  = 2(ℓ_unrestricted − ℓ_restricted) ~ χ²(df), df = number of restrictions.
//   Wald of r(θ) = 0: r'(J V J')⁻¹ r ~ χ²(df), V the asymptotic covariance, J = ∂r/∂(β, ρ, …).
// The restrictions: ρ = 0 or λ = 0 (against OLS on the same regressors), θ = 0 (sdm → sar,
// sdem → sem), and the common factor θ_j + ρβ_j = 0 for every lagged regressor j (sdm → sem).

#include <string>
#include <vector>

#include <Eigen/Dense>

#include "engine/estimation_result.hpp"

namespace spillover {

HypothesisTest likelihood_ratio_test(std::string key, std::string label, double unrestricted, double restricted,
                                     double df);

/// Wald test of r = 0 with Jacobian J (rows: restrictions; columns: the parameters of `covariance`).
HypothesisTest wald_test(std::string key, std::string label, const Eigen::VectorXd& r, const Eigen::MatrixXd& jacobian,
                         const Eigen::MatrixXd& covariance);

}  // namespace spillover
