#pragma once
// TOPSIS closeness (Hwang & Yoon 1981, Technique for Order Preference by Similarity to an Ideal
// Solution), weighted by the entropy weights (the "entropy-weighted TOPSIS" of the regional
// literature).
//
// On an m × k matrix r oriented so that larger is better in every column, with weights w:
//   v_ij = w_j r_ij;  ideal best v_j⁺ = max_i v_ij, ideal worst v_j⁻ = min_i v_ij (over all m rows);
//   D_i⁺ = ‖v_i − v⁺‖₂,  D_i⁻ = ‖v_i − v⁻‖₂,  C_i = D_i⁻ / (D_i⁺ + D_i⁻) ∈ [0, 1].
//
// Normalisation (TopsisNormalisation): min–max, the entropy step's own x' (the usual choice of the
// entropy-TOPSIS papers; its shift moves v⁺ and v⁻ alike and leaves C unchanged), or Hwang & Yoon's
// vector normalisation of the raw values, r_ij = x_ij / ‖x_j‖₂ — a negative indicator then enters as
// −r_ij, which makes its best the smallest value, as TOPSIS defines it for a cost criterion.

#include <Eigen/Core>

#include "inequality/entropy_weights.hpp"

namespace spillover {

enum class TopsisNormalisation { MinMax, Vector };

/// r_ij = ±x_ij / ‖x_j‖₂ (− for a negative indicator). InputError naming an indicator whose values
/// are all 0.
Eigen::MatrixXd vector_normalise(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Indicator>& indicators);

/// C_i for each row of `larger_is_better` with weights `w` (k of them). A row at both ideals at once
/// (every row equal) has C = NaN.
Eigen::VectorXd topsis_closeness(const Eigen::Ref<const Eigen::MatrixXd>& larger_is_better, const Eigen::VectorXd& w);

}  // namespace spillover
