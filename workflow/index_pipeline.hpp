#pragma once
// The pipeline of `spillover index`: read the indicators of a cross-section or a balanced panel
// (workflow/variable_inputs.hpp; no W) and build the entropy-weight index and its TOPSIS closeness
// (inequality/entropy_index.hpp).

#include <string>

#include "inequality/entropy_index.hpp"
#include "workflow/model_inputs.hpp"

namespace spillover {

struct IndexRequest {
    InputRequest input;      ///< the data, its ids and (for a panel) its period column; no W
    std::string indicators;  ///< "a,b,-c": a leading '-' marks a negative indicator
    EntropyIndexOptions options;
    /// InputError for no data file, no indicators, a weights file (the index needs none); the options'.
    void validate() const;
};

EntropyIndexResult run_entropy_index(const IndexRequest& request);

}  // namespace spillover
