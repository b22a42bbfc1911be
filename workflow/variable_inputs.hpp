#pragma once
// What the exploratory and inequality commands read (`moran`, `geary`, `getis`, `index`,
// `inequality`, `density`, `markov`): named numeric columns of a data file, a cross-section or a
// balanced panel in long format, optionally a text column of group labels (regions) and W for the
// units. The regression commands read a formula instead (workflow/model_inputs.hpp); both share
// InputRequest, so --data, --id, --panel, --sep, --na, --weights and --transform mean the same.
//
// Layout of `values`: one row per unit–period in panel order, row t·N + i is unit i in period t
// (engine/panel_layout.hpp; a cross-section is T = 1 in the data's row order), one column per
// variable in the order asked. period_block(t) is period t's N × k block.
//
// Errors (InputError, before any statistic is computed): every unknown column named in one message
// (with the columns there are); a missing, non-numeric or non-finite cell of a used column, naming
// the file, line, column and unit (a missing value is never dropped: that would change W or the
// panel's balance); the panel's errors (engine/panel_layout.hpp); W's (weights/weights_for_data.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "engine/panel_layout.hpp"
#include "weights/spatial_weights.hpp"
#include "workflow/model_inputs.hpp"

namespace spillover {

struct VariableInputs {
    std::vector<std::string> variables;  ///< the columns, in the order asked
    std::vector<std::string> units;      ///< N unit ids (W's order)
    std::vector<std::string> periods;    ///< T period labels, sorted; {""} for a cross-section
    Eigen::MatrixXd values;              ///< N·T × k, panel order
    /// The group label of each row (panel order), when a group column was asked for.
    std::vector<std::string> groups;
    SpatialWeights w;          ///< when asked for (weights_path set)
    std::string weights_line;  ///< what W is, in words

    std::int64_t unit_count() const noexcept { return static_cast<std::int64_t>(units.size()); }
    std::int64_t period_count() const noexcept { return static_cast<std::int64_t>(periods.size()); }
    bool is_panel() const noexcept { return !(periods.size() == 1 && periods.front().empty()); }
    /// Period t's rows: N × k.
    auto period_block(std::int64_t t) const { return values.middleRows(t * unit_count(), unit_count()); }
    /// Variable j of period t: N values in W's unit order.
    Eigen::VectorXd period_column(std::int64_t t, std::size_t j) const {
        return values.col(static_cast<Eigen::Index>(j)).segment(t * unit_count(), unit_count());
    }
    /// The group labels of period t, N of them.
    std::vector<std::string> period_groups(std::int64_t t) const;
};

/// Reads `variables` (at least one) of request.data_path, the group column `group_column` when not
/// empty, and W for the units when request.weights_path is set (required with `need_weights`).
VariableInputs read_variable_inputs(const InputRequest& request, const std::vector<std::string>& variables,
                                    const std::string& group_column = "", bool need_weights = false);

}  // namespace spillover
