#include "inequality/dagum_gini.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "inequality/gini.hpp"

namespace spillover {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// The values of each group.
std::vector<std::vector<double>> split_by_group(std::span<const double> y, const GroupCoding& groups) {
    std::vector<std::vector<double>> members(static_cast<std::size_t>(groups.group_count()));
    for (std::size_t i = 0; i < y.size(); ++i) members[static_cast<std::size_t>(groups.code[i])].push_back(y[i]);
    return members;
}

/// 0/0 = 0: a sum of absolute differences that is zero is no inequality, whatever the mean.
double ratio(double pairwise_sum, double denominator) { return pairwise_sum == 0.0 ? 0.0 : pairwise_sum / denominator; }

/// The between-group numbers of groups a < b.
DagumPair between(int a, int b, const std::vector<std::vector<double>>& members, const DagumDecomposition& d) {
    DagumPair pair;
    pair.first = a;
    pair.second = b;
    const auto& va = members[static_cast<std::size_t>(a)];
    const auto& vb = members[static_cast<std::size_t>(b)];
    if (va.empty() || vb.empty()) {
        pair.gini = pair.affluence = pair.transvariation = pair.relative_affluence = nan;
        pair.richer = va.empty() ? b : a;
        return pair;  // weight 0: an empty group contributes nothing
    }
    pair.richer = d.mean(b) > d.mean(a) ? b : a;
    const int poorer = pair.richer == a ? b : a;
    const PositivePartSums sums = positive_part_sums(members[static_cast<std::size_t>(pair.richer)],
                                                     members[static_cast<std::size_t>(poorer)]);
    const double pairs = static_cast<double>(va.size()) * static_cast<double>(vb.size());
    pair.affluence = sums.a_above_b / pairs;
    pair.transvariation = sums.b_above_a / pairs;
    const double spread = pair.affluence + pair.transvariation;  // Δ_jh, the mean |y_ji − y_hr|
    pair.gini = ratio(spread, d.mean(a) + d.mean(b));
    pair.relative_affluence = ratio(pair.affluence - pair.transvariation, spread);
    pair.weight = d.population_share(pair.richer) * d.income_share(poorer) +
                  d.population_share(poorer) * d.income_share(pair.richer);
    return pair;
}

}  // namespace

const DagumPair& DagumDecomposition::pair(int a, int b) const {
    for (const DagumPair& p : pairs)
        if ((p.first == a && p.second == b) || (p.first == b && p.second == a)) return p;
    throw std::out_of_range("DagumDecomposition: no pair of groups " + std::to_string(a) + " and " + std::to_string(b));
}

DagumDecomposition dagum_decomposition(std::span<const double> y, const GroupCoding& groups) {
    if (groups.code.size() != y.size())
        throw std::invalid_argument("dagum_decomposition: " + std::to_string(y.size()) + " values but " +
                                    std::to_string(groups.code.size()) + " group codes");
    DagumDecomposition d;
    d.gini = gini(y);  // also refuses no values and a mean that is not positive
    const int k = groups.group_count();
    const double n = static_cast<double>(y.size());
    double total = 0.0;
    for (double v : y) total += v;
    const double mu = total / n;

    const auto members = split_by_group(y, groups);
    d.groups = groups.labels;
    d.mean = d.population_share = d.income_share = d.within_gini = Eigen::VectorXd::Constant(k, nan);
    for (int j = 0; j < k; ++j) {
        const auto& v = members[static_cast<std::size_t>(j)];
        const double nj = static_cast<double>(v.size());
        d.count.push_back(static_cast<std::int64_t>(v.size()));
        d.population_share(j) = nj / n;
        if (v.empty()) {
            d.income_share(j) = 0.0;
            continue;
        }
        double sum = 0.0;
        for (double x : v) sum += x;
        d.mean(j) = sum / nj;
        d.income_share(j) = sum / (n * mu);
        d.within_gini(j) = ratio(pairwise_absolute_sum(v), 2.0 * nj * nj * d.mean(j));
        d.within += d.within_gini(j) * d.population_share(j) * d.income_share(j);
    }
    for (int a = 0; a < k; ++a)
        for (int b = a + 1; b < k; ++b) {
            DagumPair p = between(a, b, members, d);
            if (p.weight > 0.0) {
                d.net_between += p.gini * p.weight * p.relative_affluence;
                d.transvariation += p.gini * p.weight * (1.0 - p.relative_affluence);
            }
            d.pairs.push_back(p);
        }
    return d;
}

}  // namespace spillover
