#include "engine/json_writer.hpp"

#include <cmath>
#include <cstdint>

namespace spillover {

nlohmann::ordered_json json_number(double value) {
    return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json to_json(const HypothesisTest& t) {
    return {{"key", t.key}, {"label", t.label}, {"statistic", json_number(t.statistic)}, {"df", json_number(t.df)},
            {"p_value", json_number(t.p_value)}};
}

namespace {

nlohmann::ordered_json number(double value) { return json_number(value); }

nlohmann::ordered_json coefficient_json(const Coefficient& c, const Inference& inference, bool with_name) {
    nlohmann::ordered_json j;
    if (with_name) j["name"] = c.name;
    j["estimate"] = number(c.estimate);
    j["std_error"] = number(c.std_error);
    j["z"] = number(c.statistic);
    if (inference.kind == Inference::Kind::StudentT) j["t"] = number(c.statistic);
    j["p_value"] = number(c.p_value);
    return j;
}

nlohmann::ordered_json effect_json(const EffectEstimate& e) {
    return {{"estimate", number(e.estimate)}, {"mean", number(e.mean)},   {"std_error", number(e.std_error)},
            {"z", number(e.z)},               {"p_value", number(e.p_value)}, {"lower", number(e.lower)},
            {"upper", number(e.upper)}};
}

nlohmann::ordered_json effects_json(const std::vector<VariableEffects>& effects) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& v : effects)
        out.push_back({{"variable", v.variable},
                       {"direct", effect_json(v.direct)},
                       {"indirect", effect_json(v.indirect)},
                       {"total", effect_json(v.total)}});
    return out;
}

/// `impacts` (the array of the JSON contract, README "Spillover effects"), `impacts_method` and, when
/// asked for, `impacts_by_order`; a dynamic panel's long-run ones under `prefix` "long_run_".
void add_impacts(nlohmann::ordered_json& j, const ImpactsReport& report, const std::string& prefix = "") {
    j[prefix + "impacts"] = effects_json(report.effects);
    j[prefix + "impacts_method"] = {{"method", report.method},
                                    {"inference", report.inference},
                                    {"draws", report.draws},
                                    {"draws_used", report.draws_used},
                                    {"seed", report.seed},
                                    {"level", report.level},
                                    {"truncation_bound", number(report.truncation_bound)},
                                    {"trace_std_error", number(report.trace_std_error)},
                                    {"convention", report.convention},
                                    {"convention_note", report.convention_note}};
    if (report.orders.empty()) return;
    auto& orders = j[prefix + "impacts_by_order"] = nlohmann::ordered_json::array();
    for (const auto& o : report.orders)
        orders.push_back(
            {{"order", o.order}, {"component", effects_json(o.component)}, {"cumulative", effects_json(o.cumulative)}});
}

/// `dynamic`: a dynamic panel's lags, stability and uncorrected estimates.
nlohmann::ordered_json dynamic_json(const DynamicReport& d) {
    nlohmann::ordered_json uncorrected = nlohmann::ordered_json::object();
    for (const auto& [name, value] : d.uncorrected) uncorrected[name] = number(value);
    return {{"terms", d.terms},
            {"time_lag", d.time_lag},
            {"spacetime_lag", d.spacetime_lag},
            {"periods_used", d.periods_used},
            {"uncorrected", uncorrected},
            {"correction", d.correction},
            {"sum_abs", number(d.sum_abs)},
            {"spectral_radius", number(d.spectral_radius)},
            {"stable", d.stable},
            {"information_ratio", number(d.information_ratio)}};
}

/// A count is written as an integer (n: 49, not 49.0) while it is one, exactly.
nlohmann::ordered_json cell_json(const TableCell& cell, ColumnKind kind) {
    if (const auto* text = std::get_if<std::string>(&cell)) return *text;
    const double value = std::get<double>(cell);
    if (kind == ColumnKind::Count && std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 0x1p53)
        return static_cast<std::int64_t>(value);
    return number(value);
}

nlohmann::ordered_json row_json(const ResultTable& t, const TableRow& row) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < t.columns.size(); ++c) j[t.columns[c].key] = cell_json(row.cells[c], t.columns[c].kind);
    return j;
}

/// `t` into the report's object `j`, in the table's layout.
void add_table(nlohmann::ordered_json& j, const ResultTable& t) {
    if (t.key.empty()) {
        for (const auto& row : t.rows) j[row.key] = row_json(t, row);
        return;
    }
    switch (t.layout) {
        case JsonLayout::Object: j[t.key] = row_json(t, t.rows.front()); return;
        case JsonLayout::ByRowKey:
            j[t.key] = nlohmann::ordered_json::object();
            for (const auto& row : t.rows) j[t.key][row.key] = row_json(t, row);
            return;
        case JsonLayout::Array:
            j[t.key] = nlohmann::ordered_json::array();
            for (const auto& row : t.rows) {
                nlohmann::ordered_json r = nlohmann::ordered_json::object();
                if (!t.array_key.empty()) r[t.array_key] = row.key;
                r.update(row_json(t, row));
                j[t.key].push_back(std::move(r));
            }
            return;
    }
}

}  // namespace

nlohmann::ordered_json to_json(const StatisticsReport& report) {
    report.validate();
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& f : report.fields) j[f.key] = cell_json(f.value, f.kind);
    for (const auto& t : report.tables) add_table(j, t);
    j["conventions"] = report.conventions;
    j["status"] = std::string(to_string(report.status));
    j["message"] = report.message;
    return j;
}

std::string write_json(const StatisticsReport& report) { return to_json(report).dump(2) + "\n"; }

nlohmann::ordered_json to_json(const EstimationResult& r) {
    nlohmann::ordered_json j;
    j["model"] = r.model;
    j["estimator"] = r.estimator;
    j["formula"] = r.formula;
    j["n"] = r.n;
    j["dropped"] = r.dropped;
    j["dependent"] = r.dependent;
    j["inference"] = {{"statistic", std::string(r.inference.statistic_label())},
                      {"distribution", r.inference.kind == Inference::Kind::StudentT ? "t" : "normal"}};
    if (r.inference.kind == Inference::Kind::StudentT) j["inference"]["df"] = number(r.inference.df);
    j["coefficients"] = nlohmann::ordered_json::array();
    for (const auto& c : r.coefficients) j["coefficients"].push_back(coefficient_json(c, r.inference, true));
    // ρ and λ are ML parameters: their statistics are always z.
    if (r.rho) j["rho"] = coefficient_json(*r.rho, Inference{}, false);
    if (r.lambda) j["lambda"] = coefficient_json(*r.lambda, Inference{}, false);
    j["sigma2"] = number(r.sigma2);
    j["log_likelihood"] = number(r.log_likelihood);
    j["aic"] = number(r.aic);
    j["bic"] = number(r.bic);
    j["statistics"] = nlohmann::ordered_json::object();
    for (const auto& s : r.statistics) j["statistics"][s.key] = number(s.value);
    j["tests"] = nlohmann::ordered_json::array();
    for (const auto& t : r.tests)
        j["tests"].push_back(to_json(t));
    if (r.traces)
        j["traces"] = {{"method_requested", r.traces->method_requested},
                       {"method_used", r.traces->method_used},
                       {"description", r.traces->description},
                       {"relative_error", number(r.traces->relative_error)}};
    if (r.ldet)
        j["ldet"] = {{"method_requested", r.ldet->method_requested},
                     {"method_used", r.ldet->method_used},
                     {"rho_interval", {number(r.ldet->lower), number(r.ldet->upper)}},
                     {"description", r.ldet->description},
                     {"error_bound", number(r.ldet->error_bound)},
                     {"evaluations", r.ldet->evaluations}};
    if (r.panel)
        j["panel"] = {{"N", r.panel->units},
                      {"T", r.panel->periods},
                      {"effects", r.panel->effects},
                      {"transformation", r.panel->transformation},
                      {"observations", number(r.panel->observations)},
                      {"convention", r.panel->convention}};
    if (r.dynamic) j["dynamic"] = dynamic_json(*r.dynamic);
    if (r.impacts) add_impacts(j, *r.impacts);
    if (r.long_run_impacts) add_impacts(j, *r.long_run_impacts, "long_run_");
    j["conventions"] = r.conventions;
    j["status"] = std::string(to_string(r.status));
    j["message"] = r.message;
    j["timings"] = nlohmann::ordered_json::object();
    for (const auto& [stage, seconds] : r.timings) j["timings"][stage] = seconds;
    return j;
}

std::string write_json(const std::vector<EstimationResult>& results) {
    if (results.size() == 1) return to_json(results.front()).dump(2) + "\n";
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const auto& r : results) all.push_back(to_json(r));
    return all.dump(2) + "\n";
}

}  // namespace spillover
