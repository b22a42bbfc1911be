#pragma once
// Dagum's (1997) decomposition of the Gini ratio by groups: within-group inequality, the net
// contribution of between-group inequality, and the intensity of transvariation (the overlap of
// the groups' distributions).
//
// C. Dagum (1997), "A new approach to the decomposition of the Gini income inequality ratio",
// Empirical Economics 22(4), 515–531. With n values in k groups, group j of n_j values with mean μ_j,
// p_j = n_j / n (population share) and s_j = n_j μ_j / (n μ) (income share):
//
//   G     = Σ_j Σ_h Σ_i Σ_r |y_ji − y_hr| / (2 n² μ)
//   G_jj  = Σ_i Σ_r |y_ji − y_jr| / (2 n_j² μ_j)                  Gini within group j
//   G_jh  = Σ_i Σ_r |y_ji − y_hr| / (n_j n_h (μ_j + μ_h))         Gini between groups j and h
//   d_jh  = Σ_i Σ_r (y_ji − y_hr)+ / (n_j n_h)                    gross economic affluence of j over h
//   p_jh  = Σ_i Σ_r (y_hr − y_ji)+ / (n_j n_h)                    first-order moment of transvariation
//   D_jh  = (d_jh − p_jh) / (d_jh + p_jh)                          relative economic affluence
//   G_w   = Σ_j G_jj p_j s_j
//   G_nb  = Σ_{j=2..k} Σ_{h<j} G_jh (p_j s_h + p_h s_j) D_jh
//   G_t   = Σ_{j=2..k} Σ_{h<j} G_jh (p_j s_h + p_h s_j) (1 − D_jh)
//
// where, in each pair, j is the group of the larger mean (Dagum orders the groups by their means,
// μ_1 ≤ … ≤ μ_k), so 0 ≤ D_jh ≤ 1. d_jh and p_jh are computed from the pairwise differences as
// Dagum defines them (the two halves of Σ|y_ji − y_hr|), and G_t from them — not as the residual
// G − G_w − G_nb of the widely copied code, which makes any error in G_nb vanish into G_t. Then
// G = G_w + G_nb + G_t is an identity that checks the computation (to rounding; the tests hold it
// to 1e-12). Note d_jh − p_jh = μ_j − μ_h, so D_jh = (μ_j − μ_h) / Δ_jh with Δ_jh = d_jh + p_jh.
//
// Cost: O(n log n) — each pairwise sum from one sort and prefix sums (inequality/gini.hpp), not the
// n² pairs of the definition.
//
// Degenerate cases: a group whose values are all equal has G_jj = 0; two groups of only zeros have
// G_jh = 0 and D_jh = 0; a group with no value (possible in one period of a panel whose units change
// group) has NaN for its own numbers and no weight (p_j = s_j = 0).

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "inequality/group_coding.hpp"

namespace spillover {

/// One unordered pair of groups (first < second in label order) and its between-group numbers.
struct DagumPair {
    int first = 0, second = 0;       ///< indices into DagumDecomposition::groups
    int richer = 0;                  ///< Dagum's j: the group of the larger mean (first on a tie)
    double gini = 0.0;               ///< G_jh
    double affluence = 0.0;          ///< d_jh
    double transvariation = 0.0;     ///< p_jh
    double relative_affluence = 0.0; ///< D_jh
    double weight = 0.0;             ///< p_j s_h + p_h s_j
};

struct DagumDecomposition {
    std::vector<std::string> groups;    ///< labels, sorted
    std::vector<std::int64_t> count;    ///< n_j
    Eigen::VectorXd mean;               ///< μ_j (NaN for an empty group)
    Eigen::VectorXd population_share;   ///< p_j
    Eigen::VectorXd income_share;       ///< s_j
    Eigen::VectorXd within_gini;        ///< G_jj (NaN for an empty group)
    std::vector<DagumPair> pairs;       ///< k(k − 1)/2 pairs: (0,1), (0,2) … (1,2) …
    double gini = 0.0;                  ///< G
    double within = 0.0;                ///< G_w
    double net_between = 0.0;           ///< G_nb
    double transvariation = 0.0;        ///< G_t

    /// The pair of groups a and b (either order); std::out_of_range when there is none.
    const DagumPair& pair(int a, int b) const;
};

/// The decomposition of `y` by the groups of `groups` (one code per value). std::invalid_argument
/// for sizes that differ, no values, or a mean that is not positive.
DagumDecomposition dagum_decomposition(std::span<const double> y, const GroupCoding& groups);

}  // namespace spillover
