#pragma once
// The report of a classic or spatial Markov chain (esda/spatial_markov.hpp) as a StatisticsReport,
// which every writer renders (text, JSON, LaTeX, Markdown, CSV).
//
// JSON shape (classes and lag classes numbered 1..k, lowest first; giddy's are 0..k−1):
//   analysis "markov" | "spatial_markov", variable, scale "relative" | "levels", classification
//   "pooled" | "per_period", units, periods, transitions (N·(T − 1)), classes (k), lag_classes (m),
//   cutoffs:      [{breaks: "pooled" | <period>, cut_1 … cut_{k−1}}]   (giddy `cutoffs`; NaN → null
//                 where ties merged edges in a period)
//   transition_counts:        {"1": {"1": n_11, …, "k": n_1k, total}, …}        (giddy `transitions`)
//   transition_probabilities: {"1": {"1": p_11, …, "k": p_1k, n}, …}            (giddy `p`)
//   steady_state: [{chain: "pooled" | "lag_<l>", recurrent_class, "1" … "k"}]  (giddy `s`, `S`)
//   first_passage_times:      {"1": {"1": m_11, …}, …}  (giddy `f`; +∞ → null)
// and for the spatial chain
//   lag_cutoffs:  as cutoffs, for Wy                                            (giddy `lag_cutoffs`)
//   spatial_counts:        [{lag_class, from, "1" … "k", total}]                (giddy `T`)
//   spatial_probabilities: [{lag_class, from, "1" … "k", n}]                    (giddy `P`)
//   spatial_first_passage_times: [{lag_class, from, "1" … "k"}]                 (giddy `F`)
//   tests:        {lr: {statistic, df, p_value}, q: {…}, x2: {…}}     (giddy `LR`, `Q`, `dof_hom`, `x2`)
//   chi2_by_lag_class: [{lag_class, statistic, df, p_value}]                    (giddy `chi2`)
// then conventions, status, message.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/result_table.hpp"
#include "esda/spatial_markov.hpp"

namespace spillover {

/// What the numbers are about, for the report's fields and conventions.
struct MarkovLabels {
    std::string variable;
    std::vector<std::string> periods;  ///< T labels
    std::string weights_line;          ///< what W is, in words (spatial chain)
};

StatisticsReport markov_report(const ClassicMarkovResult& result, const MarkovLabels& labels);
StatisticsReport markov_report(const SpatialMarkovResult& result, const MarkovLabels& labels);

}  // namespace spillover
