#include "inequality/theil.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace spillover {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct TL {
    double t = 0.0, l = 0.0, mean = 0.0;
};

/// T and L of one set of values (checked by the caller).
TL theil_pair(const std::vector<double>& v) {
    TL r;
    for (double x : v) r.mean += x;
    r.mean /= static_cast<double>(v.size());
    for (double x : v) {
        const double ratio = x / r.mean;
        if (ratio > 0.0) r.t += ratio * std::log(ratio);
        r.l += x > 0.0 ? -std::log(ratio) : nan;
    }
    r.t /= static_cast<double>(v.size());
    r.l /= static_cast<double>(v.size());
    return r;
}

}  // namespace

TheilDecomposition theil_decomposition(std::span<const double> y, const GroupCoding& groups) {
    if (y.empty()) throw std::invalid_argument("theil: no values");
    if (groups.code.size() != y.size())
        throw std::invalid_argument("theil: " + std::to_string(y.size()) + " values but " +
                                    std::to_string(groups.code.size()) + " group codes");
    for (double x : y)
        if (!(x >= 0.0)) throw std::invalid_argument("theil: a value is negative (" + std::to_string(x) + ")");
    const TL all = theil_pair({y.begin(), y.end()});
    if (!(all.mean > 0.0)) throw std::invalid_argument("theil: the mean is not positive");

    TheilDecomposition d;
    d.t = all.t;
    d.l = all.l;
    const int k = groups.group_count();
    std::vector<std::vector<double>> members(static_cast<std::size_t>(k));
    for (std::size_t i = 0; i < y.size(); ++i) members[static_cast<std::size_t>(groups.code[i])].push_back(y[i]);
    d.group_t = d.group_l = Eigen::VectorXd::Constant(k, nan);
    const double n = static_cast<double>(y.size());
    for (int g = 0; g < k; ++g) {
        const auto& v = members[static_cast<std::size_t>(g)];
        if (v.empty()) continue;
        const TL part = theil_pair(v);
        const double population = static_cast<double>(v.size()) / n, relative = part.mean / all.mean;
        d.group_t(g) = part.t;
        d.group_l(g) = part.l;
        d.t_within += population * relative * part.t;
        d.t_between += relative > 0.0 ? population * relative * std::log(relative) : 0.0;
        d.l_within += population * part.l;
        d.l_between += relative > 0.0 ? -population * std::log(relative) : nan;
    }
    return d;
}

TheilDecomposition theil(std::span<const double> y) {
    return theil_decomposition(y, code_groups(std::vector<std::string>(y.size())));
}

}  // namespace spillover
