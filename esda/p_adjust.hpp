#pragma once
// Multiple-testing adjustment of the local statistics' p-values, as R's p.adjust:
//   bonferroni   min(1, m · p_i);
//   fdr          Benjamini & Hochberg (1995): with p sorted decreasingly, p_(i) · m / i, then the
//                running minimum from the largest p down, capped at 1 (p.adjust's "BH"/"fdr").
// m counts the p-values that are not NaN (units without neighbours have none and stay NaN), as
// p.adjust does with NAs.

#include <string_view>

#include <Eigen/Core>

namespace spillover {

enum class PAdjust { None, Bonferroni, Fdr };

std::string_view to_string(PAdjust method);
/// "none", "bonferroni", "fdr" (also "BH"); InputError naming the choices otherwise.
PAdjust parse_p_adjust(std::string_view name);

Eigen::VectorXd adjusted_p_values(const Eigen::VectorXd& p, PAdjust method);

}  // namespace spillover
