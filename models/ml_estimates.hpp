#pragma once
// What every ML spatial fit hands over once its search is done, and the one place that turns it
// into the reported numbers: the covariance as the inverse of the information matrix, coefficient
// rows with z and p, AIC/BIC, pseudo-R², and the status when the information is singular.
//
// The parameter order of `information` (and of SpatialFit::covariance) is (β, ρ, λ, σ²), keeping
// only the spatial parameters the model has. AIC = −2ℓ + 2q and BIC = −2ℓ + q ln n with q = k + the
// spatial parameters + 1 (σ²), as spatialreg's logLik "df", n the sample's observations.
// A numerical failure while the information matrix is formed (a solve that fails) leaves the
// estimates standing: the fit gets NaN standard errors and a warning that says why.

#include <functional>
#include <optional>
#include <string>

#include <Eigen/Dense>

#include "engine/design_matrix.hpp"
#include "engine/sample_shape.hpp"
#include "engine/stage_timer.hpp"
#include "models/spatial_fit.hpp"
#include "models/spatial_model.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

struct MlEstimates {
    Eigen::VectorXd beta;
    std::optional<double> rho;
    std::optional<double> lambda;
    double sigma2 = 0.0;
    double log_likelihood = 0.0;
    double observations = 0.0;    ///< n of the likelihood (engine/sample_shape.hpp)
    Eigen::MatrixXd information;  ///< (β, ρ, λ, σ²) as above; empty when it could not be formed
    Eigen::VectorXd residuals;
};

/// `form()` — the information matrix — or an empty matrix and a warning on `fit` naming the
/// numerical failure that stopped it (solvers/ throw NumericalFailure).
Eigen::MatrixXd information_or_warning(SpatialFit& fit, const std::function<Eigen::MatrixXd()>& form);

/// Fills `fit` from `e` for the design `d` (whose columns name the coefficients).
void set_ml_estimates(SpatialFit& fit, const DesignMatrix& d, const MlEstimates& e);

/// Records the log-determinant and the search of `parameter` ("rho", "lambda"): the ldet report,
/// and a warning when the estimate is at an end of the interval or the search did not converge.
void record_search(SpatialFit& fit, const LogDeterminant& logdet, const LogDetOptions& requested,
                   const SearchResult& search, const std::string& parameter);

/// States how the traces of the information matrix were computed (and their relative error).
void record_traces(SpatialFit& fit, const SpatialTraces& traces, const std::string& at, const TraceOptions& options);

/// The entries every ML information matrix shares, for the spatial parameter p at `index` (ρ or λ,
/// A = I − pW) and σ² in the last row (Anselin 1988, eq. 6.5, 6.26), with the traces taken over
/// the sample (engine/sample_shape.hpp: m·t + c·f(1)):
///     I_pp += tr((WA⁻¹)²) + tr((WA⁻¹)ᵀWA⁻¹),   I_pσ² = tr(WA⁻¹)/σ²,   I_σ²σ² = n/(2σ⁴).
void add_variance_terms(Eigen::MatrixXd& information, Eigen::Index index, const SpatialTraces& traces, double sigma2,
                        const SampleShape& shape, double parameter);

/// The "search" and "covariance" timings of a fit that searched from `start` to `searched`.
void add_stage_timings(SpatialFit& fit, StageClock::time_point start, StageClock::time_point searched);

/// A warning joins the status: Ok becomes Warning, messages are joined with "; ".
void add_warning(EstimationResult& fit, const std::string& message);

/// A fit of `model` on `d` that a numerical failure stopped: every number NaN, status Failed, the
/// failure (`why`) in its message.
SpatialFit failed_fit(SpatialModel model, const DesignMatrix& d, const std::string& why);

/// A warning naming W's islands (units without neighbours, the first five), whose spatial lag is 0
/// (spdep's zero.policy = TRUE); nothing when W has none.
void warn_islands(EstimationResult& fit, const SpatialWeights& w);

/// A coefficient row with a normal z test.
Coefficient normal_coefficient(const std::string& name, double estimate, double std_error);

/// σ²-profiled log-likelihood −n/2 (ln 2π + ln(sse/n) + 1), before any log-determinant.
double profiled_log_likelihood(double sse, double n);

}  // namespace spillover
