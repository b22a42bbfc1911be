#pragma once
// ML fit of the SAC (SARAR) model y = ρWy + Xβ + u, u = λWu + ε, with the same W in both places,
// as spatialreg's sacsarlm with method "eigen" (Kelejian & Prucha 1998; LeSage & Pace 2009, §2.5).
//
// With A = I − ρW and B = I − λW, ε = B(Ay − Xβ): for fixed (ρ, λ), β is the OLS of BAy on BX and
//     ℓ(ρ, λ) = −n/2 ln(2π) − n/2 ln(e'e/n) − n/2 + ln|A| + ln|B|.
// As in models/error_profile.hpp, with Z = [X, y, Wy] the Gram matrix of BZ is G₀ − λG₁ + λ²G₂,
// (k+2)², formed once; BAy = BZ·(0, 1, −ρ), so each (ρ, λ) costs O(k³) beyond the log-determinants.
// Search, over the log-determinant's interval for both parameters:
//   - eigen and the approximate methods: nested Brent (λ outside, ρ inside) on ℓ, as sacsarlm's
//     optimiser finds the joint maximum (spatialreg uses nlminb on both at once);
//   - cholesky and lu: the exact scheme of solvers/rho_search.hpp in two dimensions. ln|I − rW| is
//     one function of r for both parameters: the surrogate plus a cubic through the exact corrections
//     nearest r. Each round factorises at the model's maximiser and beside it, in parallel; the
//     search stops at a point where both values are exact. About 16 factorisations (10^5 units:
//     2 s) where nested exact searches took about 160.
//
// Information matrix over (β, ρ, λ, σ²), spatialreg's with W₁ = W₂ = W (A⁻¹, B⁻¹ and W commute):
//     I_ββ = (BX)'BX/σ²    I_βρ = (BX)'(B WA⁻¹Xβ)/σ²    I_βλ = 0
//     I_ρρ = tr((WA⁻¹)²) + tr((WA⁻¹)'WA⁻¹) + ‖B WA⁻¹Xβ‖²/σ²
//     I_λλ = tr((WB⁻¹)²) + tr((WB⁻¹)'WB⁻¹)
//     I_ρλ = tr((WB⁻¹)'WA⁻¹) + tr(WA⁻¹ WB⁻¹)
//     I_ρσ² = tr(WA⁻¹)/σ²,  I_λσ² = tr(WB⁻¹)/σ²,  I_σ²σ² = n/(2σ⁴).
// The mixed traces are exact up to TraceOptions::dense_limit units, Hutchinson estimates beyond.

#include "engine/design_matrix.hpp"
#include "solvers/logdet.hpp"
#include "models/spatial_fit.hpp"

namespace spillover {

SpatialFit fit_sac_model(const DesignMatrix& design, const SpatialWeights& w, LogDeterminant& logdet,
                         const SpatialFitOptions& options);

}  // namespace spillover
