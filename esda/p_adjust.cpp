#include "esda/p_adjust.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "engine/input_error.hpp"

namespace spillover {

std::string_view to_string(PAdjust method) {
    switch (method) {
        case PAdjust::None: return "none";
        case PAdjust::Bonferroni: return "bonferroni";
        case PAdjust::Fdr: return "fdr";
    }
    return "?";
}

PAdjust parse_p_adjust(std::string_view name) {
    if (name == "none") return PAdjust::None;
    if (name == "bonferroni") return PAdjust::Bonferroni;
    if (name == "fdr" || name == "BH") return PAdjust::Fdr;
    throw InputError("unknown p-value adjustment '" + std::string(name) + "' (none, bonferroni, fdr)");
}

Eigen::VectorXd adjusted_p_values(const Eigen::VectorXd& p, PAdjust method) {
    if (method == PAdjust::None) return p;
    std::vector<Eigen::Index> present;
    for (Eigen::Index i = 0; i < p.size(); ++i)
        if (!std::isnan(p[i])) present.push_back(i);
    const double m = static_cast<double>(present.size());
    Eigen::VectorXd out = p;
    if (method == PAdjust::Bonferroni) {
        for (const Eigen::Index i : present) out[i] = std::min(1.0, m * p[i]);
        return out;
    }
    // Benjamini–Hochberg: largest p first, running minimum of p · m / rank.
    std::stable_sort(present.begin(), present.end(), [&](Eigen::Index a, Eigen::Index b) { return p[a] > p[b]; });
    double running = 1.0;
    for (std::size_t r = 0; r < present.size(); ++r) {
        const double rank = m - static_cast<double>(r);
        running = std::min(running, p[present[r]] * m / rank);
        out[present[r]] = running;
    }
    return out;
}

}  // namespace spillover
