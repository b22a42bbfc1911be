#pragma once
// The classic and the spatial Markov chain of a panel variable (Rey 2001, "Spatial empirics for
// economic growth and convergence", Geographical Analysis 33(3), 195–214), as PySAL giddy's
// `Markov` and `Spatial_Markov` (continuous y, quantile classes).
//
// Steps:
//   1. optionally divide each period's values by the period's mean (`relative`; giddy's example);
//   2. put y into k quantile classes, pooled or per period (esda/quantile_classes.hpp);
//   3. the classic chain: transitions between consecutive periods (esda/markov_chain.hpp) — giddy's
//      `transitions`, `p`, `s` (steady state), `f` (mean first passage times);
//   4. spatial: the lag Wy of the (relative) values in each period, W as given (giddy row-standardises
//      it, `w.transform = 'r'`, and so does the pipeline by default), put into m quantile classes by
//      the same rule as y (giddy's `lag_cutoffs`); a transition of unit i from period t to t + 1 is
//      counted in the matrix of the lag class of unit i in period t (the start of the transition):
//      giddy's `T`, `P`, `S`, `F`. The m count matrices add up to the classic one;
//   5. homogeneity of the m conditional chains (esda/markov_homogeneity.hpp): LR and Q with df
//      (giddy's `LR`, `Q`, `dof_hom`), and the per-lag-class χ² against the pooled chain (`chi2`)
//      with their sum (`x2`).
//
// Example (giddy's documented example; the numbers are in tests/fixtures/giddy_us_income.json):
//     MarkovOptions options;                 // k = m = 5, pooled classes
//     options.relative = true;
//     SpatialMarkovResult r = spatial_markov(income_n_by_t, w_row_standardised, options);
//     r.conditional[0].probabilities(0, 0);  // 0.96341463: poor stays poor among poor neighbours
//     r.homogeneity.lr.statistic;            // 170.659, df 60

#include <string>
#include <vector>

#include <Eigen/Core>

#include "engine/estimation_result.hpp"
#include "esda/markov_chain.hpp"
#include "esda/markov_homogeneity.hpp"
#include "esda/quantile_classes.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

struct MarkovOptions {
    int classes = 5;      ///< k, quantile classes of y (giddy's default is 4; its examples use 5)
    int lag_classes = 5;  ///< m, quantile classes of the spatial lag
    ClassBreaks breaks = ClassBreaks::Pooled;  ///< giddy's fixed=True
    bool relative = false;  ///< divide each period by its mean first
    /// std::invalid_argument unless 2 ≤ classes, lag_classes ≤ 100.
    void validate() const;
};

/// The classic chain: y's classes and the chain they make.
struct ClassicMarkovResult {
    MarkovOptions options;
    QuantileClasses classes;
    MarkovChain chain;
    FitStatus status = FitStatus::Ok;
    std::string message;  ///< what to read before trusting the numbers
};

struct SpatialMarkovResult {
    MarkovOptions options;
    QuantileClasses classes;      ///< of y
    QuantileClasses lag_classes;  ///< of Wy
    MarkovChain pooled;           ///< the classic chain (giddy `p`, `transitions`)
    std::vector<MarkovChain> conditional;  ///< one per lag class (giddy `T`, `P`, `S`, `F`)
    MarkovHomogeneity homogeneity;         ///< LR, Q
    std::vector<ChiSquaredTest> chi2;      ///< each lag class against the pooled chain
    ChiSquaredTest x2;                     ///< their sum, df k(k − 1)²
    FitStatus status = FitStatus::Ok;
    std::string message;
};

/// y (N units × T periods, T ≥ 2) into classes and its Markov chain. std::invalid_argument for
/// fewer than 2 periods or invalid options.
ClassicMarkovResult classic_markov(const Eigen::MatrixXd& y, const MarkovOptions& options);

/// The spatial Markov chain of y on W (N × N, units in y's row order).
SpatialMarkovResult spatial_markov(const Eigen::MatrixXd& y, const SpatialWeights& w, const MarkovOptions& options);

}  // namespace spillover
