#include "models/panel/dynamic_terms.hpp"

#include <fmt/format.h>

#include "engine/input_error.hpp"

namespace spillover {

std::string_view to_string(DynamicTerms terms) {
    switch (terms) {
        case DynamicTerms::None: return "none";
        case DynamicTerms::Time: return "time";
        case DynamicTerms::SpaceTime: return "spacetime";
        case DynamicTerms::Both: return "both";
    }
    return "unknown";
}

DynamicTerms parse_dynamic_terms(std::string_view name) {
    if (name == "time") return DynamicTerms::Time;
    if (name == "spacetime") return DynamicTerms::SpaceTime;
    if (name == "both") return DynamicTerms::Both;
    throw InputError(fmt::format("unknown --dynamic '{}' (choose time for y(t-1), spacetime for W y(t-1), or both)", name));
}

bool has_time_lag(DynamicTerms terms) { return terms == DynamicTerms::Time || terms == DynamicTerms::Both; }
bool has_spacetime_lag(DynamicTerms terms) { return terms == DynamicTerms::SpaceTime || terms == DynamicTerms::Both; }

std::string time_lag_name(const std::string& y) { return y + "(t-1)"; }
std::string spacetime_lag_name(const std::string& y) { return "W_" + y + "(t-1)"; }

}  // namespace spillover
