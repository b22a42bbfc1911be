#pragma once
// Quantile classes of a panel variable, the discretisation before a (spatial) Markov chain, exactly as
// PySAL's mapclassify `Quantiles` and giddy's `Spatial_Markov._maybe_classify` make them.
//
// Bin edges (mapclassify.classifiers.quantile): for k classes the percentiles p = 100/k, 200/k, …,
// 100 (numpy's arange, its last value capped at 100), each the score of scipy's
// `scoreatpercentile(y, p)` with interpolation "fraction": with the n values sorted ascending,
// position h = p/100 · (n − 1) (0-based) and
//     q(p) = y₍⌊h⌋₎ · (⌊h⌋ + 1 − h) + y₍⌊h⌋+1₎ · (h − ⌊h⌋)   (divided by the weights' sum, which is 1),
// i.e. R's quantile type 7. The top edge is the maximum. Repeated edges (ties) are merged, so there
// may be fewer than k classes (mapclassify warns "Not enough unique values").
//
// Classes (mapclassify.classifiers.bin1d): upper-inclusive, C_j = (edge_{j−1}, edge_j], the first
// C_0 = (−∞, edge_0]: **a value equal to an edge goes down**, into the lower class. Classes are
// 0-based here as in giddy; the reports number them 1..k.
//
// Pooled or per period (giddy's `fixed`): ClassBreaks::Pooled takes the quantiles of all N·T values
// at once (giddy's default `fixed=True`: a unit's class says where it stands in the whole panel, so
// classes can fill and empty over time); ClassBreaks::PerPeriod takes them in each period over the
// N units (`fixed=False`: every period has (about) N/k units per class, the relative position in
// that period). In giddy the pooled edges set k (its `k = len(cutoffs)`), per period k stays as asked.
//
// Relative values (giddy's documented example, `rpci = pci / pci.mean(axis=0)`): each period's values
// divided by that period's mean over the units — the relative income of the convergence literature.

#include <string_view>
#include <vector>

#include <Eigen/Core>

namespace spillover {

/// giddy's `fixed`: True = Pooled, False = PerPeriod.
enum class ClassBreaks { Pooled, PerPeriod };

std::string_view to_string(ClassBreaks breaks);  ///< "pooled", "per_period"

/// mapclassify.classifiers.quantile(values, k): the distinct upper edges, ascending, the last one the
/// maximum (at most k of them). std::invalid_argument for no values or k < 1.
std::vector<double> quantile_edges(std::vector<double> values, int k);

/// mapclassify's bin1d for one value: the first class j with x ≤ edges[j] (the last class for a
/// value above every edge, which cannot happen for the values the edges came from).
int quantile_class(double x, const std::vector<double>& edges);

/// A panel's values put into quantile classes.
struct QuantileClasses {
    ClassBreaks breaks = ClassBreaks::Pooled;
    int requested = 0;  ///< k asked for
    int k = 0;          ///< classes used: the pooled edges' count, or `requested` per period
    /// Upper edges: one list (Pooled) or one per period (PerPeriod), the last of each the maximum.
    std::vector<std::vector<double>> edges;
    Eigen::MatrixXi ids;  ///< N × T, the 0-based class of unit i in period t
    /// Ties merged edges: fewer classes than requested (pooled) or than k in some period.
    bool merged_edges = false;

    /// Units in each class over the whole panel (k values).
    Eigen::VectorXi sizes() const;
};

/// The classes of y (N units × T periods) into `k` quantiles, pooled or per period.
/// std::invalid_argument for an empty y or k < 1.
QuantileClasses classify_quantiles(const Eigen::MatrixXd& y, int k, ClassBreaks breaks);

/// Each column (period) of y divided by its mean over the rows (units). std::invalid_argument when a
/// period's mean is 0 or not finite (the caller names the period).
Eigen::MatrixXd relative_to_period_mean(const Eigen::MatrixXd& y);

}  // namespace spillover
