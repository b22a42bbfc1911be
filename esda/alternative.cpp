#include "esda/alternative.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/distributions.hpp"
#include "engine/input_error.hpp"

namespace spillover {

std::string_view to_string(Alternative alternative) {
    switch (alternative) {
        case Alternative::Greater: return "greater";
        case Alternative::Less: return "less";
        case Alternative::TwoSided: return "two.sided";
    }
    return "?";
}

Alternative parse_alternative(std::string_view name) {
    if (name == "greater") return Alternative::Greater;
    if (name == "less") return Alternative::Less;
    if (name == "two.sided" || name == "two-sided") return Alternative::TwoSided;
    throw InputError("unknown alternative '" + std::string(name) + "' (greater, less, two.sided)");
}

double normal_p_value(double z, Alternative alternative) {
    switch (alternative) {
        case Alternative::Greater: return normal_upper_tail(z);
        case Alternative::Less: return normal_upper_tail(-z);
        case Alternative::TwoSided: return normal_two_sided_p(z);
    }
    return std::nan("");
}

double permutation_p_value(std::int64_t at_least, std::int64_t at_most, std::int64_t draws, Alternative alternative) {
    if (draws < 1) return std::nan("");
    const double n1 = static_cast<double>(draws + 1);
    const double upper = static_cast<double>(at_least + 1) / n1, lower = static_cast<double>(at_most + 1) / n1;
    switch (alternative) {
        case Alternative::Greater: return upper;
        case Alternative::Less: return lower;
        case Alternative::TwoSided: return std::min(1.0, 2.0 * std::min(upper, lower));
    }
    return std::nan("");
}

double folded_permutation_p_value(std::int64_t at_least, std::int64_t draws) {
    if (draws < 1) return std::nan("");
    return static_cast<double>(std::min(at_least, draws - at_least) + 1) / static_cast<double>(draws + 1);
}

}  // namespace spillover
