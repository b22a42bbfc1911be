#pragma once
// Tests that a Markov chain's transition probabilities are the same in every regime (for the spatial
// Markov chain: every class of the spatial lag), as PySAL giddy reports them for `Spatial_Markov`.
//
// Bickenbach & Bode (2003), "Evaluating the Markov property in studies of economic convergence",
// International Regional Science Review 26(3), 363–392; giddy `homogeneity` / `Homogeneity_Results`
// (`Spatial_Markov.LR`, `.Q`, `.dof_hom`). With n_ijm the counts of regime m, n_im = Σ_j n_ijm,
// p_ijm = n_ijm / n_im, and p_ij the pooled probabilities (counts summed over the regimes):
//     Q  = Σ_m Σ_i n_im Σ_{j: p_ij > 0} (p_ijm − p_ij)² / p_ij
//     LR = 2 Σ_m Σ_i Σ_{j: n_ijm > 0} n_ijm ln(p_ijm / p_ij)
// both χ² under H0 with df = Σ_i (a_i − 1)(b_i − 1), where a_i is the number of positive pooled
// p_ij in row i and b_i the number of regimes with n_im > 0 (zero rows and cells carry no degree
// of freedom). One departure from giddy's code, which only matters for a class no transition starts
// from in any regime: giddy's df adds (0 − 1)(0 − 1) = 1 for it, here it adds 0 (the row has no
// probability to test). The usual examples never have such a row.
//
// giddy's per-regime `chi2(T1, T2)` (`Spatial_Markov.chi2`): the counts of one regime T1 against the
// probabilities of the pooled chain T2, E_ij = n_i.(T1) · p_ij(T2),
//     χ² = Σ_ij (T1_ij − E_ij)² / E_ij   (cells with E_ij = 0 count as E = 1: they are 0 / 1),
// df = (r1 − 1)(r2 − 1) with r1, r2 the numbers of non-zero rows of T1 and T2 — giddy's formula,
// kept so that the numbers are giddy's. Their sum `x2` is referred to χ² with k(k − 1)² df, again
// giddy's `x2_dof` (it is m(k − 1)² when there are as many lag classes m as classes k). giddy
// marks both as to be used with caution; LR and Q are the tests of Bickenbach & Bode. Note that
// Σ_m χ²_m is Q itself (n_im (p_ijm − p_ij)² / p_ij = (n_ijm − E_ijm)² / E_ijm): x2 and Q differ only
// in their degrees of freedom (giddy's docs: Q 200.624 with 60 df, x2 the same with 80).

#include <vector>

#include <Eigen/Core>

namespace spillover {

struct ChiSquaredTest {
    double statistic = 0.0;
    double df = 0.0;
    double p_value = 0.0;  ///< upper tail; NaN when df = 0
};

struct MarkovHomogeneity {
    ChiSquaredTest lr;  ///< likelihood ratio
    ChiSquaredTest q;   ///< Pearson-type Q
    double transitions = 0.0;  ///< Σ n_ijm
};

/// LR and Q of the regimes' count matrices (all k × k, at least one). std::invalid_argument for none
/// or for matrices of different sizes.
MarkovHomogeneity markov_homogeneity(const std::vector<Eigen::MatrixXd>& regime_counts);

/// giddy's chi2(T1, T2): the counts `t1` against the probabilities of the counts `t2`.
ChiSquaredTest transition_chi_squared(const Eigen::MatrixXd& t1, const Eigen::MatrixXd& t2);

}  // namespace spillover
