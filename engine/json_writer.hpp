#pragma once
// JSON output of fitted models: the contract users and scripts rely on (README, "A short tour").
// Keys: model, estimator, n, dependent, coefficients [{name, estimate, std_error, z,
// p_value}], rho / lambda {estimate, std_error, z, p_value}, sigma2, log_likelihood, aic, bic, status,
// message; plus formula, dropped, inference, statistics, conventions and timings. Where the inference
// is Student's t (OLS, as R's lm) each coefficient also carries "t" (the same ratio as "z"; p_value is
// then from t). A number that could not be computed is written as null, never as a made-up value.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/estimation_result.hpp"
#include "engine/result_table.hpp"

namespace spillover {

nlohmann::ordered_json to_json(const EstimationResult& result);

/// NaN and ±Inf are not JSON numbers: null, so that a reader cannot mistake them for values.
nlohmann::ordered_json json_number(double value);

/// {key, label, statistic, df, p_value}, as each entry of a fit's "tests".
nlohmann::ordered_json to_json(const HypothesisTest& test);

/// One model: its object. Several: an array of objects. Pretty-printed, numbers round-trip exactly.
std::string write_json(const std::vector<EstimationResult>& results);

/// A StatisticsReport: one object with its fields, each table under its key in the table's
/// JsonLayout (the rows of a table without a key directly in the report's object), then
/// "conventions", "status", "message". Counts are integers, NaN and ±Inf null.
nlohmann::ordered_json to_json(const StatisticsReport& report);

/// to_json(report), pretty-printed, with a final newline.
std::string write_json(const StatisticsReport& report);

}  // namespace spillover
