#pragma once
// Theil's T and L (the generalised entropy indices GE(1) and GE(0)) and their exact decomposition
// into within- and between-group inequality.
//
// H. Theil (1967), Economics and Information Theory; A. F. Shorrocks (1980), "The class of additively
// decomposable inequality measures", Econometrica 48(3), 613–625. For n values of mean μ, in groups g
// of n_g values with mean μ_g, income share s_g = n_g μ_g / (n μ):
//
//   T   = (1/n) Σ_i (y_i/μ) ln(y_i/μ)                      (0 ln 0 = 0: zeros allowed)
//   T_b = Σ_g (n_g/n)(μ_g/μ) ln(μ_g/μ),   T_w = Σ_g s_g T_g          T = T_w + T_b
//   L   = (1/n) Σ_i ln(μ/y_i)                             (mean log deviation; needs y > 0)
//   L_b = Σ_g (n_g/n) ln(μ/μ_g),          L_w = Σ_g (n_g/n) L_g      L = L_w + L_b
//
// Units are unweighted (each region counts once), as PySAL's inequality.theil.TheilD; the
// population-weighted variant is not offered. With a zero value L is undefined: it is NaN and the
// caller reports that (T is still defined).

#include <span>

#include <Eigen/Core>

#include "inequality/group_coding.hpp"

namespace spillover {

struct TheilDecomposition {
    double t = 0.0, t_within = 0.0, t_between = 0.0;
    double l = 0.0, l_within = 0.0, l_between = 0.0;  ///< NaN when a value is 0
    Eigen::VectorXd group_t, group_l;                  ///< T_g and L_g (NaN for an empty group)
};

/// T and L of `y` (std::invalid_argument for no values, a negative value or a mean that is not
/// positive).
TheilDecomposition theil(std::span<const double> y);

/// T and L of `y` decomposed by the groups of `groups` (one code per value).
TheilDecomposition theil_decomposition(std::span<const double> y, const GroupCoding& groups);

}  // namespace spillover
