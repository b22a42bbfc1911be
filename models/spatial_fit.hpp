#pragma once
// The result of a fit of the spatial family (models/spatial_regression.hpp fits it) and the options
// every fit of the family shares: the log-determinant, the search over the spatial parameters, the
// traces of the information matrix, the Durbin terms, the LR refits and the renumbering at scale.

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "engine/estimation_result.hpp"
#include "engine/sample_shape.hpp"
#include "models/ols.hpp"
#include "models/panel/dynamic_terms.hpp"
#include "solvers/logdet.hpp"
#include "solvers/spatial_search.hpp"
#include "solvers/spatial_traces.hpp"

namespace spillover {

struct SpatialFitOptions {
    LogDetOptions logdet;
    SearchOptions search;
    TraceOptions traces;
    /// Regressors lagged in slx, sdm and sdem; empty: all but the intercept.
    std::vector<std::string> durbin;
    /// Collinearity test of [X, WX], as OlsOptions::rank_tolerance.
    double rank_tolerance = 1e-7;
    /// The LR tests of sdm → sar, sdm → sem and sdem → sem refit the restricted model (one more
    /// search each); above this many units they are skipped (the Wald tests are always reported).
    std::int64_t lr_refit_limit = 200000;
    /// From this many units on, the fit runs in breadth-first order of W (weights/locality_order.hpp)
    /// and maps its results back: same estimates, far fewer cache misses at 10^5–10^6 units.
    std::int64_t reorder_min_units = 20000;
    /// Panels with fixed effects, direct approach: Lee & Yu's analytic bias correction of the estimates
    /// (models/panel/bias_correction.hpp).
    bool bias_correction = false;
    /// Dynamic panels (models/panel/dynamic_panel.hpp): where τ and η are among the coefficients. With
    /// either present, `bias_correction` is Yu, de Jong & Lee's (models/panel/dynamic_bias_correction.hpp).
    DynamicLagColumns dynamic_lags;
    /// false: estimates and log-likelihood only, no information matrix (the LR refits need no more).
    bool standard_errors = true;
    void validate() const;
};

/// One recovered fixed effect of a panel fit (models/panel/fixed_effects.hpp).
struct FixedEffect {
    std::string kind;  ///< "intercept", "unit", "period"
    std::string id;    ///< the unit id or period label ("" for the intercept)
    double estimate = 0.0;
    double std_error = 0.0;
};

struct SpatialFit : EstimationResult {
    Eigen::VectorXd beta;          ///< in the order of `coefficients`
    /// Asymptotic covariance of (β, ρ, λ, σ²) — the spatial parameters the model has — in that order.
    Eigen::MatrixXd covariance;
    Eigen::VectorXd fitted;        ///< y − residuals, as spatialreg's fitted()
    Eigen::VectorXd residuals;     ///< ε̂: e(ρ̂), e(λ̂) or e(ρ̂, λ̂) as above
    std::vector<std::string> ids;  ///< unit id of each row (repeated in every period of a panel)
    SampleShape shape;             ///< the sample it was fitted on: units, periods, observations
    std::vector<std::string> lagged;  ///< regressors with a W_ term
    std::vector<FixedEffect> fixed_effects;  ///< a panel fit's, when asked for
};

/// An OLS fit (models/ols.hpp) in this result type: no ρ, λ or log-determinant.
SpatialFit as_spatial_fit(const OlsFit& ols);

}  // namespace spillover
