#pragma once
// The dynamic terms of a spatial panel (models/panel/dynamic_panel.hpp): which lags of the dependent
// variable join the regressors,
//     time        τ y_{t−1}
//     spacetime   η W y_{t−1}
//     both        τ y_{t−1} + η W y_{t−1}
// and where their coefficients sit among a fit's coefficients.

#include <string>
#include <string_view>

#include <Eigen/Core>

namespace spillover {

enum class DynamicTerms { None, Time, SpaceTime, Both };

/// "none", "time", "spacetime", "both".
std::string_view to_string(DynamicTerms terms);
/// The inverse of to_string for "time", "spacetime" and "both"; InputError naming them otherwise.
DynamicTerms parse_dynamic_terms(std::string_view name);

bool has_time_lag(DynamicTerms terms);       ///< y_{t−1}: time or both
bool has_spacetime_lag(DynamicTerms terms);  ///< W y_{t−1}: spacetime or both

/// The coefficient names of the lags of the dependent variable `y`: "y(t-1)" and "W_y(t-1)".
std::string time_lag_name(const std::string& y);
std::string spacetime_lag_name(const std::string& y);

/// Where τ (y_{t−1}) and η (W y_{t−1}) are among a fit's coefficients; −1 where absent.
struct DynamicLagColumns {
    Eigen::Index tau_at = -1;
    Eigen::Index eta_at = -1;
    bool any() const { return tau_at >= 0 || eta_at >= 0; }
};

}  // namespace spillover
