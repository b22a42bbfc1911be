#pragma once
// Spatial diagnostics of an OLS fit: Moran's I of the residuals and the Lagrange multiplier tests
// for a spatial lag or a spatial error process, the numbers of spdep 1.2-7's lm.morantest and
// lm.LMtests(test = "all").
//
// Notation: y = Xβ + ε, n observations, k regressors (full column rank), residuals e, fitted values
// ŷ = Xβ̂, M = I − X(X'X)⁻¹X', W the weights matrix as given (no transform is applied here).
//
// Moran's I of the residuals (Moran 1950; Cliff & Ord 1981, §8.3; spdep lm.morantest):
//     I = (N/S0) e'We / e'e,   S0 = Σ_ij w_ij.
// Under ε ~ N(0, σ²I), I is a ratio of quadratic forms in Mε whose first two moments are exact
// (Cliff & Ord). With U = (W + W')/2 (e'We = e'Ue; spdep's listw2U), S1 = ½ Σ_ij (w_ij + w_ji)²
// = tr(W'W) + tr(W²), and the k × k quantities
//     A = (X'X)⁻¹X'UX,   tr A,   tr A²,   tr B = 4 tr((X'X)⁻¹(UX)'(UX)),
//     E[I]   = −N tr A / ((N − k) S0),
//     Var[I] = N² / (S0² (N − k)(N − k + 2)) · (S1 + 2 tr A² − tr B − 2 (tr A)² / (N − k)),
//     z = (I − E[I]) / √Var[I].
// These are tr(MU)/(N − k) and [2 tr((MU)²) + tr(MU)²]/((N − k)(N − k + 2)) − E² with
//     tr(MU) = tr(W) − tr A,   tr((MU)²) = S1/2 − tr B/2 + tr A²,
// under spdep's assumption tr(W) = 0 (see the WARNING). p-values: spdep's default alternative is
// "greater" (positive autocorrelation), reported as p_greater = P(Z > z); p_two_sided = P(|Z| > |z|)
// as well.
//
// LM tests (Anselin 1988; Anselin, Bera, Florax & Yoon 1996; spdep lm.LMtests), with σ² = e'e/n (the
// ML estimate, not e'e/(n − k)) and
//     T = tr(W'W + W²) (= S1),   d_err = e'We/σ²,   d_lag = e'Wy/σ²,
//     nJ = (WXβ̂)'M(WXβ̂)/σ² + T:
//     LM-error         (LMerr)  = d_err² / T                                   df 1
//     LM-lag           (LMlag)  = d_lag² / nJ                                  df 1
//     robust LM-error  (RLMerr) = (d_err − (T/nJ) d_lag)² / (T (1 − T/nJ))     df 1
//     robust LM-lag    (RLMlag) = (d_lag − d_err)² / (nJ − T)                  df 1
//     SARMA                     = RLMlag + LMerr                               df 2
// p-values from the χ² upper tail (spdep computes 1 − pchisq, which is 0 below about 1e-16; the
// two agree above that).
//
// Cost, with no n × n matrix anywhere: a thin QR of X (O(nk²)), W'(materialised once, O(nnz)),
// (W + W')Q for the orthonormal basis Q of X's columns (O(nnz·k)), then k × k products. Every trace
// involving M reduces to traces of W and k × k matrices (QQ' = X(X'X)⁻¹X'):
//     tr(MW)     = tr(W) − tr(Q'WQ),
//     tr(MWMW')  = tr(W'W) − ‖WQ‖_F² − ‖W'Q‖_F² + ‖Q'WQ‖_F²,
//     tr(MWMW)   = tr(W²) − 2 tr((W'Q)'(WQ)) + tr((Q'WQ)²),
// and (WXβ̂)'M(WXβ̂) = ‖Wŷ − Q(Q'Wŷ)‖². At n = 10^6 with kNN-6 W the cost is a few sparse products.
//
// Islands (units with no neighbour, empty rows) are allowed, as spdep with zero.policy = TRUE.
// Then spdep's two functions count differently, and so does this code:
//   - Moran's I uses N = the number of units with at least one neighbour, in N/S0 and in every
//     N − k of E[I] and Var[I] (spdep lm.morantest);
//   - the LM tests use N = n, all observations (spdep lm.LMtests).
// The result's `conventions` say so when W has islands.
//
// Errors: InputError when W's size differs from the data's, when the data's and W's ids differ
// (rows not aligned), when W has no link at all, or when the OLS fit is not of this design.
// Numerical trouble sets `status` (Warning) and leaves the affected numbers NaN with the reason in
// `message`: Var[I] ≤ 0 or N ≤ k; nJ = T, which happens when WXβ̂ lies in the span of X (e.g. an
// intercept-only model with row-standardised W), where the robust tests and SARMA are undefined.
//
// WARNING: the tests are about the W you pass, and only that W. They tell you whether the residuals
// are spatially correlated *as W defines neighbours*; a model chosen from them (lag vs error, the
// Anselin et al. decision rule) should then be fitted with the same W, transform included. A
// different W (another contiguity file, kNN instead of contiguity, binary instead of
// row-standardised) gives different statistics and can point to a different model. Like spdep, the
// formulas assume w_ii = 0: a W with a non-zero diagonal (kernel weights) gets status Warning and
// E[I] and the LM statistics then omit the tr(W) terms exactly as spdep does. Like spdep, a W that is
// not row-standardised is accepted (spdep warns; a convention line says so here).
//
// Example:
//     const DesignMatrix d = build_design(table, parse_formula("CRIME ~ INC + HOVAL"), {.id_column = "POLYID"});
//     const OlsFit ols = fit_ols(d);
//     const SpatialWeights w = transformed(read_weights("COL.gal", {.ids = d.ids}), WeightsTransform::Row);
//     const LmTestsResult r = lm_tests(d, ols, w);
//     std::cout << r.full_report();

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/design_matrix.hpp"
#include "engine/estimation_result.hpp"
#include "engine/result_table.hpp"
#include "models/ols.hpp"
#include "models/spatial_sample.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// Moran's I of the OLS residuals with its moments under normal errors (spdep lm.morantest).
struct MoranResidualTest {
    double i = 0.0;            ///< observed I = (N/S0) e'We/e'e
    double expectation = 0.0;  ///< E[I]
    double variance = 0.0;     ///< Var[I]
    double z = 0.0;            ///< (I − E[I]) / √Var[I]
    double p_greater = 0.0;    ///< P(Z > z): spdep's default alternative "greater"
    double p_two_sided = 0.0;  ///< P(|Z| > |z|)
};

/// One χ² diagnostic (an LM test).
struct SpatialDiagnostic {
    std::string key;         ///< JSON key: lm_error, lm_lag, robust_lm_error, robust_lm_lag, sarma
    std::string label;       ///< shown to people: "LM-error" ...
    std::string spdep_name;  ///< spdep's name: LMerr, LMlag, RLMerr, RLMlag, SARMA
    double statistic = 0.0;
    double df = 0.0;
    double p_value = 0.0;  ///< χ²(df) upper tail
};

struct LmTestsResult {
    std::string dependent;
    std::size_t n = 0;                      ///< observations
    std::size_t units_with_neighbours = 0;  ///< N of Moran's I (n minus the islands)
    std::size_t regressors = 0;             ///< k
    std::string weights_transform;          ///< as the SpatialWeights records it
    double s0 = 0.0;                        ///< Σ w_ij
    double trace_t = 0.0;                   ///< T = tr(W'W + W²) (= S1)
    double sigma2 = 0.0;                    ///< e'e/n, the σ² of the LM tests

    MoranResidualTest moran;
    /// lm_error, lm_lag, robust_lm_error, robust_lm_lag, sarma, in that order (spdep's).
    std::vector<SpatialDiagnostic> tests;

    std::vector<std::string> conventions;
    FitStatus status = FitStatus::Ok;
    std::string message;

    /// The test with JSON key `key` (e.g. "lm_lag"); std::out_of_range if there is none.
    const SpatialDiagnostic& test(std::string_view key) const;

    /// The report every writer renders (engine/output_format.hpp write_report): fields diagnostics
    /// ("ols_spatial"), dependent, n, regressors, sigma2; tables weights {transform, s0, trace_t,
    /// units_with_neighbours} and moran_i {i, expectation, variance, z, p_greater, p_two_sided} (one
    /// object each), then the LM tests keyed by their JSON key directly in the report, each
    /// {spdep_name, statistic, df, p_value} with stars on the statistic; the conventions and status.
    StatisticsReport report() const;
    /// The text of report(): Moran's I block and the LM table (as spdep's summary of lm.LMtests),
    /// conventions, status.
    std::string full_report() const;
};

/// The diagnostics of `ols` (a fit of `design`) for weights `w`, whose rows must follow the design's
/// rows (read W with the data's ids: ReadWeightsOptions::ids). See the header comment for the
/// formulas, the errors and the WARNING.
LmTestsResult lm_tests(const DesignMatrix& design, const OlsFit& ols, const SpatialWeights& w);

/// The same on a panel sample (models/spatial_sample.hpp), the LM tests of Elhorst's LMsarsem_panel:
/// `raw` in panel order (for a sample with fixed effects, without the intercept), `ols` a fit of
/// sample.within(raw) — the within model — whose residuals are tested with I_T ⊗ W: e'(I_T ⊗ W)e,
/// e'·within_lag(y), T = periods · tr(W'W + W²), σ² = e'e/(NT). Moran's I is left out (NaN) for
/// panels. A cross-section sample gives exactly the function above.
LmTestsResult lm_tests(const DesignMatrix& raw, const OlsFit& ols, const SpatialSample& sample);

}  // namespace spillover
