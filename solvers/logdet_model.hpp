#pragma once
// ln|I − rW| as the exact searches see it (solvers/spatial_search.hpp): cheap values from a
// surrogate, corrected by exact values at the few nodes where the exact method has factorised.
//
// The model is base(r) + p(r): base the surrogate (an slq or mc approximation set up beside an exact
// sparse method, LogDeterminant::surrogate()), or 0 without one; p a polynomial (Lagrange,
// barycentric form) through the corrections exact − base at the nodes. The correction is smooth and
// small, so a cubic through the four nodes nearest a point predicts it far better than the
// surrogate alone. ln|I − 0·W| = 0 is a free exact node whenever 0 lies inside the interval.
// One model serves ρ and λ alike: it is a function of r, whichever parameter r stands for.

#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "solvers/logdet.hpp"

namespace spillover {

/// Exact values at nodes, and polynomial interpolation through a chosen subset of them.
class ExactNodes {
public:
    void add(double r, double value) { nodes_.push_back({r, value}); }
    std::size_t size() const { return nodes_.size(); }
    bool has_near(double r, double spacing) const;
    /// The value stored at exactly r, if any.
    std::optional<double> value_at(double r) const;
    /// Barycentric Lagrange interpolation through all nodes (well conditioned for Chebyshev points).
    double interpolate_all(double r) const { return interpolate(nodes_, r); }
    /// Lagrange interpolation through the `count` nodes nearest `centre` that are at least
    /// `separation` apart (nearly coincident nodes would make the polynomial ill-conditioned).
    double interpolate_near(double centre, std::size_t count, double separation, double r) const;

private:
    static double interpolate(const std::vector<std::pair<double, double>>& nodes, double r);
    std::vector<std::pair<double, double>> nodes_;
};

/// The model of ln|I − rW| over the search interval [lo, hi] (see the header comment).
class LogDetModel {
public:
    /// `use_surrogate`: start from the log-determinant's surrogate when it has one.
    LogDetModel(LogDeterminant& logdet, double lo, double hi, bool use_surrogate);

    bool has_surrogate() const noexcept { return surrogate_ != nullptr; }
    const LogDeterminant* surrogate() const noexcept { return surrogate_; }
    /// Nodes closer than this (a fraction of the interval) lose digits to cancellation in p.
    double min_spacing() const noexcept { return min_spacing_; }
    const ExactNodes& nodes() const noexcept { return nodes_; }

    /// The surrogate's value at r, or 0 without one.
    double base(double r) const { return surrogate_ ? surrogate_->evaluate(r).value : 0.0; }
    /// base(r) + the cubic through the four nodes nearest `centre`.
    double near(double centre, double r) const {
        return base(r) + nodes_.interpolate_near(centre, 4, min_spacing_, r);
    }
    /// base(r) + the cubic through the four nodes nearest r (base alone while there is no node).
    double at(double r) const { return nodes_.size() == 0 ? base(r) : near(r, r); }
    /// base(r) + the polynomial through every node (the start without a surrogate).
    double through_all(double r) const { return base(r) + nodes_.interpolate_all(r); }
    /// The exact ln|I − rW| at a node, if r is one.
    std::optional<double> exact_at(double r) const;

    /// Factorises at `rs` (in parallel, as LogDeterminant::evaluate does) and keeps the corrections,
    /// in the order given. Returns how far the model missed the new exact values (the largest
    /// |exact − model|, each compared before it is added, once the model has two nodes; 0 before).
    double add_exact(const std::vector<double>& rs);
    /// Exact values at `count` Chebyshev points of [lo, hi], in the order of the points (the start
    /// without a surrogate).
    void add_chebyshev_nodes(int count);

private:
    LogDeterminant& logdet_;
    LogDeterminant* surrogate_;
    double lo_, hi_, min_spacing_;
    ExactNodes nodes_;
};

}  // namespace spillover
