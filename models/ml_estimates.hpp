#pragma once
// What every ML spatial fit hands over once its search is done, and the one place that turns it
// into the reported numbers: the covariance as the inverse of the information matrix, coefficient
// rows with z and p, AIC/BIC, pseudo-R², and the status when the information is singular.
//
// The parameter order of `information` (and of SpatialFit::covariance) is (β, ρ, λ, σ²), keeping
// only the spatial parameters the model has. AIC = −2ℓ + 2q and BIC = −2ℓ + q ln n with q = k + the
// spatial parameters + 1 (σ²), as spatialreg's logLik "df".

#include <chrono>
#include <optional>
#include <string>

#include <Eigen/Dense>

#include "engine/design_matrix.hpp"
#include "models/spatial_fit.hpp"

namespace spillover {

struct MlEstimates {
    Eigen::VectorXd beta;
    std::optional<double> rho;
    std::optional<double> lambda;
    double sigma2 = 0.0;
    double log_likelihood = 0.0;
    Eigen::MatrixXd information;  ///< (β, ρ, λ, σ²) as above
    Eigen::VectorXd residuals;
};

/// Fills `fit` from `e` for the design `d` (whose columns name the coefficients).
void set_ml_estimates(SpatialFit& fit, const DesignMatrix& d, const MlEstimates& e);

/// Records the log-determinant and the search of `parameter` ("rho", "lambda"): the ldet report,
/// and a warning when the estimate is at an end of the interval or the search did not converge.
void record_search(SpatialFit& fit, const LogDeterminant& logdet, const LogDetOptions& requested,
                   const RhoSearchResult& search, const std::string& parameter);

/// States how the traces of the information matrix were computed (and their relative error).
void record_traces(SpatialFit& fit, const SpatialTraces& traces, const std::string& at);

/// The entries every ML information matrix shares, for the spatial parameter at `index` (ρ or λ,
/// A = I − parameter·W) and σ² in the last row: I_pp += tr((WA⁻¹)²) + tr((WA⁻¹)ᵀWA⁻¹),
/// I_pσ² = tr(WA⁻¹)/σ², I_σ²σ² = n/(2σ⁴) (Anselin 1988, eq. 6.5, 6.26).
void add_variance_terms(Eigen::MatrixXd& information, Eigen::Index index, const SpatialTraces& traces, double sigma2,
                        double n);

/// The "search" and "covariance" timings of a fit that searched from `start` to `searched`.
void add_stage_timings(SpatialFit& fit, std::chrono::steady_clock::time_point start,
                       std::chrono::steady_clock::time_point searched);

/// A warning joins the status: Ok becomes Warning, messages are joined with "; ".
void add_warning(EstimationResult& fit, const std::string& message);

/// A coefficient row with a normal z test.
Coefficient normal_coefficient(const std::string& name, double estimate, double std_error);

/// σ²-profiled log-likelihood −n/2 (ln 2π + ln(sse/n) + 1), before any log-determinant.
double profiled_log_likelihood(double sse, double n);

}  // namespace spillover
