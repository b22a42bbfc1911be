#pragma once
// The cross-section models of the spatial family and the regressors they lag.
//
//   ols   y = Xβ + ε
//   slx   y = Xβ + WXθ + ε                      (OLS on [X, WX])
//   sar   y = ρWy + Xβ + ε                      (spatial lag)
//   sdm   y = ρWy + Xβ + WXθ + ε                (spatial Durbin)
//   sem   y = Xβ + u,  u = λWu + ε              (spatial error)
//   sdem  y = Xβ + WXθ + u,  u = λWu + ε        (spatial Durbin error)
//   sac   y = ρWy + Xβ + u,  u = λWu + ε        (SARAR / Kelejian–Prucha; same W in both places)
// with ε ~ N(0, σ²I) (Elhorst 2014, ch. 2; LeSage & Pace 2009).
//
// The lagged regressors WX ("Durbin" terms) are named W_<name>. By default every regressor except
// the intercept is lagged; a subset can be named. The intercept is lagged too when W is not
// row-standardised, as spatialreg does: with rows summing to 1, W·1 = 1 duplicates the intercept, but
// with another W it is a regressor of its own (W_(Intercept)).

#include <string>
#include <string_view>
#include <vector>

#include "engine/design_matrix.hpp"
#include "models/spatial_sample.hpp"

namespace spillover {

enum class SpatialModel { Ols, Slx, Sar, Sdm, Sem, Sdem, Sac };

std::string_view to_string(SpatialModel model);
/// "ols", "slx", "sar" (also "lag"), "sdm", "sem" (also "error"), "sdem", "sac" (also "sarar"); any
/// case. InputError listing the choices otherwise.
SpatialModel parse_spatial_model(std::string_view name);
/// slx, sdm and sdem carry WX.
bool has_durbin_terms(SpatialModel model);
bool has_rho(SpatialModel model);
bool has_lambda(SpatialModel model);

/// X extended with the sample's lags of the regressors named in `lagged` (empty: every regressor
/// but the intercept; the intercept too when W is not row-standardised). Names must be columns of
/// X: InputError naming the unknown one and the columns available otherwise. The design's rows must
/// follow the sample's (SpatialSample::check_rows).
DesignMatrix durbin_design(const DesignMatrix& design, const SpatialSample& sample,
                           const std::vector<std::string>& lagged = {});

}  // namespace spillover
