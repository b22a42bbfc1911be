#pragma once
// Direct, indirect and total effects of the regressors of a spatial model (LeSage & Pace 2009,
// §2.7; Elhorst 2014, §2.7), the numbers of spatialreg's impacts().
//
// A change in regressor k moves y by S_k(W) = ∂y/∂x_kᵀ:
//   sar, sdm, sac   S_k = (I − ρW)⁻¹(β_k I + θ_k W)    (θ_k = 0 when x_k is not lagged)
//   slx, sdem       S_k = β_k I + θ_k W
// direct_k = mean of the diagonal of S_k (own-unit effect, feedback included), total_k = mean row
// sum (a change in x_k everywhere), indirect_k = total_k − direct_k (the spillover). The intercept
// (and its lag W_(Intercept)) has no effect to report. sem has S_k = β_k I and ols no W: no impacts.
//
// The multiplier (I − ρW)⁻¹ is evaluated by solvers/spatial_multiplier.hpp: exactly from the
// eigenvalues of W up to SpatialMultiplierOptions::eigen_limit units, by the series in traces of
// W^j beyond, with a stated bound on what the truncation leaves out. Row sums are exact for any W.
// For slx and sdem the effects are exact for any W: direct β_k + θ_k tr(W)/n, total β_k + θ_k·(mean
// row sum of W), so indirect = θ_k only when every row of W sums to 1.
//
// Inference:
//   sar, sdm, sac  simulation (LeSage & Pace 2009, §2.7.3): `draws` vectors (β, ρ) from the normal
//                  distribution with the fit's estimates and their asymptotic covariance (the
//                  (β, ρ) block of SpatialFit::covariance), seeded; a draw with ρ outside the
//                  interval of the fit is dropped (as spatialreg). Each effect is summarised over the
//                  draws: mean, standard deviation (the standard error), z = mean/SE and its normal
//                  p-value (spatialreg's summary(impacts(...), zstats = TRUE)), and the percentile
//                  interval (quantiles of type 7, as R's quantile()).
//   slx, sdem      analytic: the effects are linear in (β, θ), so their standard errors follow
//                  exactly from the coefficients' covariance; z = estimate/SE, with the fit's
//                  reference distribution (t for slx, normal for sdem).
//
// Dynamic panels (SpatialFit::dynamic): the effects above are the short-run ones, with y(t-1) and
// W_y(t-1) left out (they are not regressors a user changes); compute_long_run_impacts gives the
// long-run ones.
//
// Conventions of the total (ImpactsConvention): with a W whose rows do not all sum to 1 (islands,
// binary or distance weights), 1ᵀ(I − ρW)⁻¹1/n is not 1/(1 − ρ).
//   exact       (default) the mean row sum of S_k for the W given, the definition above.
//   spatialreg  (β_k + θ_k)/(1 − ρ), what spatialreg's impacts() prints for any W, whether from the
//               listw (its eigenvalue route: total <- P/(1 - rho)) or from traces (Σ_j ρ^j over its
//               trW powers); by order, (β_k + θ_k)ρ^j. Direct effects are the same in both.
// When the two differ, the report's convention_note says so and gives the other convention's totals.

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "engine/estimation_result.hpp"
#include "models/spatial_fit.hpp"
#include "models/spatial_model.hpp"
#include "solvers/spatial_multiplier.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

enum class ImpactsConvention { Exact, Spatialreg };
/// "exact", "spatialreg"; InputError otherwise.
ImpactsConvention parse_impacts_convention(const std::string& name);

struct ImpactsOptions {
    /// Simulated draws for the lag models' inference (LeSage & Pace use 1000); 0: effects only.
    int draws = 1000;
    std::uint64_t seed = 20261129;
    /// Components by order of neighbours W^0 … W^orders (and their cumulative sums) of the lag
    /// models' effects; < 0: none. (For slx and sdem the orders are trivial — β at W^0, θ at W^1 —
    /// and are not reported.)
    int orders = -1;
    /// Coverage of the intervals.
    double level = 0.95;
    ImpactsConvention convention = ImpactsConvention::Exact;
    SpatialMultiplierOptions multiplier;
    void validate() const;
};

/// The models with spillovers to report: sar, sdm, sac, slx, sdem.
bool has_impacts(SpatialModel model);

/// The regressors with an effect and where their β_k and θ_k are among the coefficients.
struct ImpactTerms {
    std::vector<std::string> names;
    std::vector<Eigen::Index> beta_at;   ///< index of β_k
    std::vector<Eigen::Index> theta_at;  ///< index of θ_k (the W_ coefficient), −1 when not lagged
};

/// From coefficient names: every name but "(Intercept)", the W_ lags and `excluded` (a dynamic panel's
/// y(t-1)); θ_k is "W_<name>".
ImpactTerms impact_terms(const std::vector<std::string>& coefficient_names, const std::string& excluded = "");

/// The effects (estimates only) at coefficients `beta` — all of them, in the order of the names
/// `terms` came from — and the multiplier's moments at ρ (SpatialMultiplier::at).
std::vector<VariableEffects> effects_at(const ImpactTerms& terms, const Eigen::VectorXd& beta,
                                        const MultiplierMoments& moments);

/// The effects of `fit` (a model with has_impacts) on `w`, the W it was fitted with (any unit
/// order: the effects are averages over W's units; a panel's are those of one period). Throws std::invalid_argument for a model without spillovers.
/// A covariance that cannot be used (not finite, not positive semi-definite) leaves NaN standard
/// errors and says why in `inference`.
ImpactsReport compute_impacts(const SpatialFit& fit, SpatialModel model, const SpatialWeights& w,
                              const ImpactsOptions& options = {});

/// The long-run effects of a dynamic panel fit (SpatialFit::dynamic; models/panel/dynamic_panel.hpp),
/// S_k = ((1 − τ)I − (ρ + η)W)⁻¹(β_k I + θ_k W) on the N × N W: the lag model's effects at
/// ρ_L = (ρ + η)/(1 − τ) with β_k and θ_k divided by 1 − τ (Elhorst 2014, §4.4; Debarsy, Ertur &
/// LeSage 2012), with the same draws as the short-run ones (`compute_impacts`, same seed), each
/// mapped alike; a draw whose ρ_L leaves W's interval (unstable dynamics) is dropped.
/// std::invalid_argument when the estimates themselves give a ρ_L outside the interval.
ImpactsReport compute_long_run_impacts(const SpatialFit& fit, const SpatialWeights& w, const ImpactsOptions& options = {});

}  // namespace spillover
