#pragma once
// ComparisonTable: several fitted models side by side, the layout of a regression table in a paper
// (estout / stargazer): one column per model, each coefficient on one row with its standard error in
// parentheses on the row below, then ρ and λ, then fit statistics. The LaTeX and Markdown writers
// render this one layout, so the two always agree.

#include <string>
#include <vector>

#include "engine/estimation_result.hpp"

namespace spillover {

struct TableOptions {
    int decimals = 3;   ///< fixed decimals for estimates and SEs
    bool stars = true;  ///< * p<0.1, ** p<0.05, *** p<0.01 (the economics convention, as estout)
    void validate() const;
};

struct ComparisonTable {
    struct Row {
        std::string label;               ///< empty on a standard-error row
        std::vector<std::string> cells;  ///< one per model; empty where the model lacks the term
    };
    std::vector<std::string> model_labels;  ///< "OLS", "SAR" ...
    std::vector<std::string> dependents;    ///< the response of each model
    std::vector<Row> coefficient_rows;      ///< estimate row, then its SE row, per term
    std::vector<Row> statistic_rows;        ///< observations (a panel's N × T, effects, estimator), R², log-likelihood, AIC, BIC
    std::string note;                       ///< what the parentheses and stars mean
};

/// The column heading of a model: its short name in capitals ("SDM").
std::string model_label(const EstimationResult& result);

/// Builds the table. Terms are merged by name in order of first appearance across the models.
ComparisonTable build_comparison_table(const std::vector<EstimationResult>& results,
                                       const TableOptions& options = {});

}  // namespace spillover
