#include "solvers/logdet_model.hpp"

#include <algorithm>
#include <numbers>

namespace spillover {

bool ExactNodes::has_near(double r, double spacing) const {
    return std::any_of(nodes_.begin(), nodes_.end(), [&](const auto& n) { return std::fabs(n.first - r) <= spacing; });
}

std::optional<double> ExactNodes::value_at(double r) const {
    for (const auto& n : nodes_)
        if (n.first == r) return n.second;
    return std::nullopt;
}

double ExactNodes::interpolate_near(double centre, std::size_t count, double separation, double r) const {
    std::vector<std::pair<double, double>> sorted = nodes_;
    std::sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
        return std::fabs(a.first - centre) < std::fabs(b.first - centre);
    });
    std::vector<std::pair<double, double>> chosen;
    for (const auto& node : sorted) {
        if (chosen.size() == count) break;
        if (std::all_of(chosen.begin(), chosen.end(),
                        [&](const auto& c) { return std::fabs(c.first - node.first) >= separation; }))
            chosen.push_back(node);
    }
    return interpolate(chosen, r);
}

double ExactNodes::interpolate(const std::vector<std::pair<double, double>>& nodes, double r) {
    double numerator = 0.0, denominator = 0.0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const double d = r - nodes[i].first;
        if (d == 0.0) return nodes[i].second;
        double weight = 1.0;
        for (std::size_t j = 0; j < nodes.size(); ++j)
            if (j != i) weight /= nodes[i].first - nodes[j].first;
        numerator += weight / d * nodes[i].second;
        denominator += weight / d;
    }
    return numerator / denominator;
}

LogDetModel::LogDetModel(LogDeterminant& logdet, double lo, double hi, bool use_surrogate)
    : logdet_(logdet),
      surrogate_(use_surrogate ? logdet.surrogate() : nullptr),
      lo_(lo),
      hi_(hi),
      min_spacing_(1e-5 * (hi - lo)) {
    if (lo < 0.0 && hi > 0.0) nodes_.add(0.0, -base(0.0));  // ln|I − 0·W| = 0: a free exact value
    // Values an earlier search on the same W factorised (an LR refit after the full model's fit);
    // only beside a surrogate, where the model is local (the polynomial through all nodes of the
    // start without one would be ill-conditioned with clustered nodes).
    if (surrogate_ == nullptr) return;
    for (const auto& [r, value] : logdet.factorised_values())
        if (r >= lo && r <= hi && !nodes_.has_near(r, min_spacing_)) nodes_.add(r, value - base(r));
}

std::optional<double> LogDetModel::exact_at(double r) const {
    const auto correction = nodes_.value_at(r);
    if (!correction) return std::nullopt;
    return *correction + base(r);
}

double LogDetModel::add_exact(const std::vector<double>& rs) {
    const auto exact = logdet_.evaluate(rs);
    double missed = 0.0;
    for (std::size_t k = 0; k < rs.size(); ++k) {
        const double correction = exact[k].value - base(rs[k]);
        if (nodes_.size() >= 2)
            missed = std::max(missed, std::fabs(correction - nodes_.interpolate_near(rs[k], 4, min_spacing_, rs[k])));
        nodes_.add(rs[k], correction);
    }
    return missed;
}

void LogDetModel::add_chebyshev_nodes(int count) {
    std::vector<double> points;
    for (int k = 0; k < count; ++k)
        points.push_back(0.5 * (lo_ + hi_) +
                         0.5 * (hi_ - lo_) * std::cos((2.0 * k + 1.0) * std::numbers::pi / (2.0 * count)));
    add_exact(points);
}

}  // namespace spillover
