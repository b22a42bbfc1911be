#pragma once
// ML fit of the spatial error model y = Xβ + u, u = λWu + ε (sem; sdem when X holds WX), as
// spatialreg's errorsarlm with method "eigen" (Anselin 1988, ch. 12; LeSage & Pace 2009, §3.3).
//
// Search: ℓ(λ) concentrated over β and σ² (models/error_profile.hpp) over the interval of the
// log-determinant. With B = I − λ̂W: β̂ by QR of BX on By, e = By − BXβ̂, σ̂² = e'e/n, n the sample's
// observations and W its per-period lag (models/spatial_sample.hpp).
// The information matrix is block diagonal (Anselin 1988, eq. 6.26):
//     I_ββ = (BX)'(BX)/σ²;   over (λ, σ²): [T2 + T3, T1/σ²; T1/σ², n/(2σ⁴)]
// with T1..T3 the traces of solvers/spatial_traces.hpp at λ̂, taken over the sample. So the SEs of β are those of the GLS
// regression with σ² = e'e/n (spatialreg's "rest.se").
// Fitted values are y − e, as spatialreg's fitted(): Xβ̂ + λ̂W(y − Xβ̂).

#include "engine/design_matrix.hpp"
#include "models/spatial_fit.hpp"
#include "models/spatial_sample.hpp"
#include "solvers/logdet.hpp"

namespace spillover {

/// `design` already holds any WX columns; its rows follow the sample's. `logdet` is set up for W.
/// The information matrix of (β, λ, σ²) at the given values: `filtered_x` = (I − λW)X of the
/// transformed regressors, I_ββ = X_λ'X_λ/σ², I_λλ = T2 + T3, I_λσ² = T1/σ², I_σ²σ² = n/(2σ⁴) over the
/// sample (models/ml_estimates.hpp). `traces` receives the traces it used.
Eigen::MatrixXd error_information(const Eigen::MatrixXd& filtered_x, double lambda, double sigma2,
                                  const SpatialSample& sample, LogDeterminant& logdet, const TraceOptions& options,
                                  SpatialTraces& traces);

SpatialFit fit_error_model(const DesignMatrix& design, const SpatialSample& sample, LogDeterminant& logdet,
                           const SpatialFitOptions& options);

}  // namespace spillover
