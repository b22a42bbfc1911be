#pragma once
// The classic (discrete, first-order, time-homogeneous) Markov chain of a panel's classes, as PySAL
// giddy's `Markov` and its `ergodic` module estimate and summarise it.
//
// Estimation (maximum likelihood, Anderson & Goodman 1957): n_ij counts the units in class i in
// period t and in class j in period t + 1, over every unit and every pair of consecutive periods
// (N·(T − 1) transitions); p_ij = n_ij / n_i. with n_i. = Σ_j n_ij. A class no transition starts from
// (n_i. = 0) keeps a row of zeros in P, as giddy's `p`: it is reported, not hidden.
//
// Summaries, on P with each zero row given a 1 on its diagonal (giddy's `fill_empty_classes=True`,
// which its `steady_state`/`mfpt` need to see a stochastic matrix):
//   - communicating classes (states that reach each other) and recurrent ones (closed: no state
//     outside is reachable), as quantecon's MarkovChain that giddy calls;
//   - the steady state π = πP: one distribution per recurrent class, zero outside it (an ergodic
//     chain has exactly one), each by the Grassmann–Taksar–Heyman elimination that quantecon uses
//     (subtraction-free, accurate to rounding; Grassmann, Taksar & Heyman 1985);
//   - mean first passage times m_ij (giddy `mfpt`; Kemeny & Snell 1976): the expected number of
//     periods for a chain in i to first enter j, and on the diagonal the mean recurrence time
//     m_jj = 1 + Σ_{l≠j} p_jl m_lj (= 1/π_j for an ergodic chain). Computed for each destination j
//     from (I − P₋ⱼ) m = 1 over the states that reach j with probability one; +∞ from the others
//     (giddy's reducible branch). For an ergodic chain this is Kemeny & Snell's fundamental-matrix
//     result, M = (I − Z + E Z_dg) D with Z = (I − P + Π)⁻¹, to rounding.

#include <vector>

#include <Eigen/Core>

namespace spillover {

/// n_ij over consecutive periods of `classes` (N × T, 0-based classes below k): giddy `transitions`.
/// std::invalid_argument for a class outside 0..k−1.
Eigen::MatrixXd transition_counts(const Eigen::MatrixXi& classes, int k);

/// Rows divided by their sums; a zero row stays zero (giddy's `p`).
Eigen::MatrixXd transition_probabilities(const Eigen::MatrixXd& counts);

/// P with a 1 on the diagonal of each zero row (giddy's util.fill_empty_diagonals).
Eigen::MatrixXd fill_empty_rows(Eigen::MatrixXd p);

/// The classes of states of a chain (0-based states, each list ascending, lists by smallest state).
struct ChainClasses {
    std::vector<std::vector<int>> communicating;
    std::vector<std::vector<int>> recurrent;
    bool irreducible() const { return communicating.size() == 1; }
};

/// The communicating and recurrent classes of the chain with transition matrix `p` (a positive
/// p_ij is an edge i → j).
ChainClasses chain_classes(const Eigen::MatrixXd& p);

/// The stationary distributions of `p` (zero rows filled first), one per recurrent class, in the
/// order of chain_classes().recurrent (giddy `steady_state`).
std::vector<Eigen::VectorXd> steady_states(const Eigen::MatrixXd& p);

/// Mean first passage times (k × k, +∞ where never; zero rows filled first): giddy `mfpt`.
Eigen::MatrixXd mean_first_passage_times(const Eigen::MatrixXd& p);

/// An estimated chain and its summaries.
struct MarkovChain {
    Eigen::MatrixXd counts;         ///< n_ij
    Eigen::MatrixXd probabilities;  ///< p_ij, zero rows kept
    std::vector<Eigen::VectorXd> steady_states;  ///< one per recurrent class
    Eigen::MatrixXd first_passage;  ///< mean first passage times, recurrence times on the diagonal
    std::vector<int> empty_rows;    ///< classes no transition starts from
    ChainClasses structure;

    Eigen::VectorXd row_totals() const { return counts.rowwise().sum(); }
};

/// The chain of a k × k count matrix and its summaries.
MarkovChain estimate_markov_chain(const Eigen::MatrixXd& counts);

}  // namespace spillover
