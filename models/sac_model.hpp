#pragma once
// ML fit of the SAC (SARAR) model y = ρWy + Xβ + u, u = λWu + ε, with the same W in both places,
// as spatialreg's sacsarlm with method "eigen" (Kelejian & Prucha 1998; LeSage & Pace 2009, §2.5).
//
// With A = I − ρW and B = I − λW, ε = B(Ay − Xβ): for fixed (ρ, λ), β is the OLS of BAy on BX and
//     ℓ(ρ, λ) = −n/2 ln(2π) − n/2 ln(e'e/n) − n/2 + J(ρ) + J(λ),
// n the sample's observations and J its Jacobian (ln|A| + ln|B| for a cross-section; W lags per
// period: models/spatial_sample.hpp). As in models/error_profile.hpp, with Z = [X, y, Wy] the Gram
// matrix of BZ is G₀ − λG₁ + λ²G₂, (k+2)², formed once; BAy = BZ·(0, 1, −ρ), so each (ρ, λ) costs
// O(k³) beyond the log-determinants. The search over both parameters in the interval of the
// log-determinant is the joint one of solvers/spatial_search.hpp (nested Brent, or the exact
// scheme in two dimensions for cholesky and lu).
//
// Information matrix over (β, ρ, λ, σ²), spatialreg's with W₁ = W₂ = W (A⁻¹, B⁻¹ and W commute):
//     I_ββ = (BX)'BX/σ²    I_βρ = (BX)'(B WA⁻¹Xβ)/σ²    I_βλ = 0
//     I_ρρ = tr((WA⁻¹)²) + tr((WA⁻¹)'WA⁻¹) + ‖B WA⁻¹Xβ‖²/σ²
//     I_λλ = tr((WB⁻¹)²) + tr((WB⁻¹)'WB⁻¹)
//     I_ρλ = tr((WB⁻¹)'WA⁻¹) + tr(WA⁻¹ WB⁻¹)
//     I_ρσ² = tr(WA⁻¹)/σ²,  I_λσ² = tr(WB⁻¹)/σ²,  I_σ²σ² = n/(2σ⁴).
// The traces, mixed ones included, follow TraceOptions (solvers/spatial_traces.hpp): exact by default.

#include "engine/design_matrix.hpp"
#include "models/spatial_fit.hpp"
#include "models/spatial_sample.hpp"
#include "solvers/logdet.hpp"

namespace spillover {

/// `design`'s rows follow the sample's. `logdet` is set up for W.
SpatialFit fit_sac_model(const DesignMatrix& design, const SpatialSample& sample, LogDeterminant& logdet,
                         const SpatialFitOptions& options);

}  // namespace spillover
