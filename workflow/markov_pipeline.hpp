#pragma once
// The pipeline of `spillover markov`: read one variable of a balanced panel (and W when given,
// workflow/variable_inputs.hpp), then the classic Markov chain of its quantile classes, or with W
// the spatial Markov chain (esda/spatial_markov.hpp), and their report (esda/markov_report.hpp).
//
// Bad input throws InputError before anything is computed: no panel (a Markov chain needs
// transitions: at least two periods), a period whose mean is 0 with --relative (named), and
// whatever the reader refuses (unknown column, missing value, unbalanced panel, W not matching).

#include <string>

#include "engine/result_table.hpp"
#include "esda/spatial_markov.hpp"
#include "workflow/model_inputs.hpp"

namespace spillover {

struct MarkovRequest {
    InputRequest input;    ///< the data, its unit column (id_column), period column (time_column), W (optional)
    std::string variable;  ///< the column whose classes move
    MarkovOptions options;
    /// InputError naming what is missing: the variable, the period column (a cross-section cannot make
    /// a chain), invalid options.
    void validate() const;
};

/// The classic chain (no W) or the spatial chain (W given) of request.variable, as a report.
StatisticsReport run_markov(const MarkovRequest& request);

}  // namespace spillover
