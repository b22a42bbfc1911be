#pragma once
// Hausman's (1978) test of fixed against random unit effects for a spatial panel model (Elhorst
// 2014, Spatial Econometrics, ch. 3; Baltagi, Econometric Analysis of Panel Data, ch. 4):
//
//     H = d' (V_FE − V_RE)⁻¹ d  ~  χ²(q) under H0,     d = θ_FE − θ_RE,
//
// θ the parameters both fits estimate — the slopes (every coefficient of the fixed-effects fit; the
// random-effects intercept has no counterpart) and the spatial parameter ρ or λ — q their number,
// V each fit's asymptotic covariance of them (SpatialFit::covariance; for the random-effects fit
// that block of its inverse information, φ integrated out: models/panel/random_effects.hpp).
// Under H0 (the effects are uncorrelated with X) both estimators are consistent and the
// random-effects one is efficient; under the alternative only the fixed-effects one is consistent,
// and a large H (small p, the χ² upper tail) rejects the random effects.
//
// When V_FE − V_RE is not positive definite the statistic has no χ² justification; it is still
// computed as plm's phtest does (the plain inverse, so H may be negative, then p = 1), and the
// result carries a warning saying so, with the smallest eigenvalue, as Stata's hausman warns
// ("V_b − V_B is not positive definite"). Elhorst's MATLAB demos compute d'(V_RE − V_FE)⁻¹d and
// report its absolute value: |H| in this notation. With the direct fixed-effects approach
// (σ² = e'e/(NT) with N effects estimated) and a short panel, V_FE is biased down by about
// (T − 1)/T and the difference is often not positive definite.
//
// The fits must be of the same model and regressors: InputError names what differs.

#include <string>
#include <vector>

#include <Eigen/Dense>

#include "engine/estimation_result.hpp"
#include "models/spatial_fit.hpp"

namespace spillover {

struct HausmanTest {
    HypothesisTest test;                  ///< key "hausman", statistic H, df = q, p from χ²(q)
    std::vector<std::string> parameters;  ///< the parameters compared, in the order of d
    Eigen::VectorXd difference;           ///< d = fixed − random
    Eigen::MatrixXd covariance_difference;  ///< V_FE − V_RE
    double smallest_eigenvalue = 0.0;     ///< of V_FE − V_RE
    bool positive_definite = true;
    std::string warning;                  ///< empty when V_FE − V_RE is positive definite
};

/// The test of `fixed` (individual fixed effects, no intercept) against `random` (random effects;
/// models/panel/random_effects.hpp). InputError when the fits have different spatial parameters or
/// a slope of `fixed` is missing from `random`.
HausmanTest hausman_test(const SpatialFit& fixed, const SpatialFit& random);

/// Adds the test to `random.tests` and its warning, if any, to random's status.
void add_hausman_test(SpatialFit& random, const SpatialFit& fixed);

}  // namespace spillover
