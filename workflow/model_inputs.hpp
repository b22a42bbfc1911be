#pragma once
// What a command reads before any statistics: the data file, the formula evaluated over it (the
// design matrix), and W aligned with the data's units. Shared by `fit`, `lmtests` and the coming
// statistics commands, so that every command reads its inputs, and reports bad ones, the same way.
//
// Rows: MissingPolicy::Drop (OLS alone, as R's lm) drops incomplete rows; MissingPolicy::Error makes
// a missing value an error naming the id and column (spatial models: dropping a row would change W).
// W: read with the data's ids as its unit order, then transformed as requested
// (weights/weights_for_data.hpp) — row-standardised by default.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/csv_reader.hpp"
#include "engine/design_matrix.hpp"
#include "engine/panel_layout.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// Where the inputs are and how to read them.
struct InputRequest {
    std::string data_path;                  ///< CSV or Stata .dta
    std::string id_column;                  ///< empty: ids 1..n in row order
    /// A panel in long format: the period of each row (the unit is id_column). Empty: a cross-section.
    std::string time_column;
    std::string weights_path;               ///< empty: no W
    std::string weights_transform = "row";  ///< none, binary, row, spectral, minmax
    CsvOptions csv;
    /// InputError for a missing data file name; the transform's and the CSV options' checks.
    void validate() const;
};

/// The design, W (when asked for) and the seconds each took, as the stages "read", "design" and
/// "weights".
struct ModelInputs {
    DesignMatrix design;
    SpatialWeights w;
    std::string weights_line;  ///< what W is, in words (weights/weights_for_data.hpp)
    /// A panel's layout; the design's rows are then in panel order (row t·N + i is unit i of W in
    /// period t) and W's units are the panel's, in the order they first appear in the data.
    std::optional<PanelLayout> panel;
    std::vector<std::pair<std::string, double>> timings;
};

/// Reads the data, evaluates `formula` over it and, with `with_weights`, reads W for its ids (for a
/// panel: its units; a unit of the data missing from W, or of W missing from the data, is named).
/// Bad input throws InputError naming the file, line, column or id.
ModelInputs read_model_inputs(const InputRequest& request, const std::string& formula, MissingPolicy missing,
                              bool with_weights);

}  // namespace spillover
