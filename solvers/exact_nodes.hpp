#pragma once
// Exact log-determinant values at a few nodes ρ_i, and polynomial (Lagrange, barycentric form)
// interpolation through them. The searches over ρ (solvers/rho_search.hpp) and over (ρ, λ)
// (models/sac_model.cpp) keep here the corrections exact − surrogate at the points where they
// factorised: the correction is smooth and small, so a cubic through the four nearest nodes
// predicts it between them far better than the surrogate alone.

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

namespace spillover {

/// Exact log-determinant values at nodes, and polynomial interpolation through a chosen subset.
class ExactNodes {
public:
    void add(double rho, double value) { nodes_.push_back({rho, value}); }
    std::size_t size() const { return nodes_.size(); }
    bool has_near(double rho, double spacing) const {
        return std::any_of(nodes_.begin(), nodes_.end(), [&](const auto& n) { return std::fabs(n.first - rho) <= spacing; });
    }
    std::optional<double> value_at(double rho) const {
        for (const auto& n : nodes_)
            if (n.first == rho) return n.second;
        return std::nullopt;
    }
    /// Barycentric Lagrange interpolation through all nodes (well conditioned for Chebyshev points).
    double interpolate_all(double rho) const { return interpolate(nodes_, rho); }
    /// Lagrange interpolation through the `count` nodes nearest `centre` that are at least
    /// `separation` apart (nearly coincident nodes would make the polynomial ill-conditioned).
    double interpolate_near(double centre, std::size_t count, double separation, double rho) const {
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
        return interpolate(chosen, rho);
    }

private:
    static double interpolate(const std::vector<std::pair<double, double>>& nodes, double rho) {
        double numerator = 0.0, denominator = 0.0;
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            const double d = rho - nodes[i].first;
            if (d == 0.0) return nodes[i].second;
            double weight = 1.0;
            for (std::size_t j = 0; j < nodes.size(); ++j)
                if (j != i) weight /= nodes[i].first - nodes[j].first;
            numerator += weight / d * nodes[i].second;
            denominator += weight / d;
        }
        return numerator / denominator;
    }
    std::vector<std::pair<double, double>> nodes_;
};

}  // namespace spillover
