#pragma once
// The design matrix: a Formula evaluated over a DataTable gives y, X and the ids of the rows kept.
//
// X has one column per term in the formula's order, after "(Intercept)" (all ones) when the formula
// has one; column_names are the term names (what R's coefficient table shows). Values are computed
// in double precision with the C library's log/exp/pow (the functions R calls), so a transformed
// regressor is bit-for-bit what R's model.matrix gives.
//
// Missing values (NaN cells of a used column — the response's or any term's):
//   MissingPolicy::Error — the first such cell is an InputError naming the id, the column and the
//       file line. Spatial models use this: dropping a row would silently change W.
//   MissingPolicy::Drop  — the row is dropped and counted in `dropped`, as R's lm (na.omit). OLS.
// A term that evaluates to a non-finite number on a kept row (log of 0 or of a negative number, sqrt
// of a negative number, division by zero, overflow) is always an InputError naming the term, the id,
// the line, the operation that failed and the input values: such a row is a data problem to see,
// not one to drop quietly.

#include <Eigen/Dense>
#include <cstddef>
#include <string>
#include <vector>

#include "engine/data_table.hpp"
#include "engine/formula.hpp"

namespace spillover {

enum class MissingPolicy {
    Error,  ///< spatial models: a missing value is an error (dropping rows would change W)
    Drop,   ///< OLS: drop the row, as R's lm with na.omit
};

struct DesignOptions {
    MissingPolicy missing = MissingPolicy::Error;
    std::string id_column;  ///< empty: ids are "1".."n" in row order (before any row is dropped)
    /// The id column names a panel's unit, which repeats once per period (engine/panel_layout.hpp
    /// checks the unit-period pairs); false: a cross-section, where an id may occur once.
    bool repeated_ids = false;

    /// Throws std::invalid_argument (InputError) if a field is out of range.
    void validate() const;
};

struct DesignMatrix {
    std::string response_name;
    Eigen::VectorXd y;
    Eigen::MatrixXd X;                      ///< column 0 is "(Intercept)" (all ones) when the formula has one
    std::vector<std::string> column_names;  ///< names of X's columns, "(Intercept)" first if present
    bool has_intercept = true;
    std::vector<std::string> ids;           ///< one per row kept
    std::vector<std::size_t> rows;          ///< the table rows kept (0-based), in order
    std::size_t dropped = 0;                ///< rows dropped for missing values
    Eigen::Index n() const { return y.size(); }
};

/// Evaluates `formula` over `table`. Throws InputError for an unknown or non-numeric column (from
/// DataTable), a missing value under MissingPolicy::Error, a non-finite term value, duplicate or
/// missing ids in `options.id_column`, or when no row is left.
DesignMatrix build_design(const DataTable& table, const Formula& formula, const DesignOptions& options = {});

}  // namespace spillover
