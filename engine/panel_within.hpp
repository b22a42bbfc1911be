#pragma once
// The within transformation of a balanced panel: the fixed effects a model absorbs and the operator
// Q that removes them from stacked data.
//
// Data are N units observed in T periods, stacked period by period (row t·N + i is unit i in period
// t; engine/sample_shape.hpp). With x̄_i. the mean of unit i over the periods, x̄_.t the mean of
// period t over the units and x̄.. the grand mean (Baltagi 2021, §2.2, §3.2; Elhorst 2014, §3.2):
//     individual  Q = (I_T − J_T/T) ⊗ I_N        x_it − x̄_i.
//     time        Q = I_T ⊗ (I_N − J_N/N)        x_it − x̄_.t
//     twoways     both                            x_it − x̄_i. − x̄_.t + x̄..
//     none        Q = I (a pooled panel keeps its intercept)
// Q is a symmetric projection. The individual Q commutes with I_T ⊗ W for any W; the time Q does only
// when W's rows and columns all sum to the same constant — which is why the place of Q relative to W
// (demeaning the lag or lagging the demeaned data) is a convention a panel fit must state.

#include <cstdint>
#include <string_view>

#include <Eigen/Dense>

namespace spillover {

enum class PanelEffects { None, Individual, Time, TwoWays };

/// "none", "individual", "time", "twoways".
std::string_view to_string(PanelEffects effects);
/// The inverse of to_string ("twoway" and "both" also name TwoWays, "unit" names Individual);
/// InputError naming the choices otherwise.
PanelEffects parse_panel_effects(std::string_view name);

bool has_unit_effects(PanelEffects effects);
bool has_time_effects(PanelEffects effects);

/// The parameters the effects absorb, which a least-squares fit's degrees of freedom lose (as plm's
/// within model): N (individual), T (time), N + T − 1 (twoways), 0 (none).
std::int64_t absorbed_parameters(PanelEffects effects, std::int64_t units, std::int64_t periods);

/// The unit means of stacked x (N × x.cols()): row i is x̄_i. of each column.
Eigen::MatrixXd unit_means(const Eigen::MatrixXd& x, std::int64_t units, std::int64_t periods);
/// The period means of stacked x (T × x.cols()): row t is x̄_.t of each column.
Eigen::MatrixXd period_means(const Eigen::MatrixXd& x, std::int64_t units, std::int64_t periods);

/// Q x for stacked x of units · periods rows (std::invalid_argument otherwise). O(NT) per column.
Eigen::MatrixXd within(const Eigen::MatrixXd& x, std::int64_t units, std::int64_t periods, PanelEffects effects);
Eigen::VectorXd within(const Eigen::VectorXd& x, std::int64_t units, std::int64_t periods, PanelEffects effects);

}  // namespace spillover
