#include "engine/csv_writer.hpp"

#include <cmath>

#include "engine/number_format.hpp"

namespace spillover {

namespace {

std::string cell(double value) { return std::isfinite(value) ? format_round_trip(value) : ""; }

/// RFC 4180: quote a field that holds a separator, a quote or a line break.
std::string field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string coefficient_line(const std::string& model, const char* section, const Coefficient& c) {
    return field(model) + "," + section + "," + field(c.name) + "," + cell(c.estimate) + "," +
           cell(c.std_error) + "," + cell(c.statistic) + "," + cell(c.p_value) + "\n";
}

std::string fit_line(const std::string& model, const std::string& name, double value) {
    return field(model) + ",fit," + field(name) + "," + cell(value) + ",,,\n";
}

/// A test: the χ² statistic and its p-value in their columns, the degrees of freedom as `estimate`.
std::string test_line(const std::string& model, const HypothesisTest& t) {
    return field(model) + ",test," + field(t.key) + "," + cell(t.df) + ",," + cell(t.statistic) + "," + cell(t.p_value) + "\n";
}

/// Effects: name "<variable>:<direct|indirect|total>", with the order appended for components
/// ("…:order2") and cumulative sums ("…:upto2").
std::string effect_lines(const std::string& model, const std::vector<VariableEffects>& effects, const std::string& suffix) {
    std::string out;
    for (const auto& v : effects)
        for (const auto& [label, e] : {std::pair{"direct", &v.direct}, {"indirect", &v.indirect}, {"total", &v.total}})
            out += field(model) + ",impact," + field(v.variable + ":" + label + suffix) + "," + cell(e->estimate) + "," +
                   cell(e->std_error) + "," + cell(e->z) + "," + cell(e->p_value) + "\n";
    return out;
}

/// `prefix` "long_run:" names a dynamic panel's long-run effects.
std::string impacts_lines(const std::string& model, const ImpactsReport& report, const std::string& prefix = "") {
    std::vector<VariableEffects> named = report.effects;
    for (auto& v : named) v.variable = prefix + v.variable;
    std::string out = effect_lines(model, named, "");
    for (const auto& o : report.orders) {
        for (const auto& [part, suffix] : {std::pair{&o.component, ":order"}, {&o.cumulative, ":upto"}}) {
            std::vector<VariableEffects> effects = *part;
            for (auto& v : effects) v.variable = prefix + v.variable;
            out += effect_lines(model, effects, suffix + std::to_string(o.order));
        }
    }
    return out;
}

/// A text quoted where it must be; a number of any kind (count, p-value ...) as its shortest round
/// trip, so a count prints as a whole number.
std::string value_cell(const TableCell& value) {
    if (const auto* text = std::get_if<std::string>(&value)) return field(*text);
    return cell(std::get<double>(value));
}

std::string long_line(const std::string& table, const std::string& row, const std::string& column,
                      const TableCell& value) {
    return field(table) + "," + field(row) + "," + field(column) + "," + value_cell(value) + "\n";
}

/// The table name of the report's own JSON object.
constexpr const char* kReport = "report";

std::string table_lines(const ResultTable& t) {
    const std::string table = t.key.empty() ? kReport : t.key;
    std::string out;
    for (const auto& row : t.rows)
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            out += long_line(table, t.layout == JsonLayout::Object ? "" : row.key, t.columns[c].key, row.cells[c]);
    return out;
}

}  // namespace

std::string write_csv(const StatisticsReport& report) {
    report.validate();
    std::string out = "table,row,column,value\n";
    for (const auto& f : report.fields) out += long_line(kReport, "", f.key, f.value);
    for (const auto& t : report.tables) out += table_lines(t);
    for (const auto& c : report.conventions) out += long_line(kReport, "", "conventions", c);
    out += long_line(kReport, "", "status", std::string(to_string(report.status)));
    return out + long_line(kReport, "", "message", report.message);
}

std::string write_csv(const std::vector<EstimationResult>& results) {
    std::string out = "model,section,name,estimate,std_error,statistic,p_value\n";
    for (const auto& r : results) {
        for (const auto& c : r.coefficients) out += coefficient_line(r.model, "coefficient", c);
        if (r.rho) out += coefficient_line(r.model, "spatial", *r.rho);
        if (r.lambda) out += coefficient_line(r.model, "spatial", *r.lambda);
        out += fit_line(r.model, "n", static_cast<double>(r.n));
        out += fit_line(r.model, "sigma2", r.sigma2);
        out += fit_line(r.model, "log_likelihood", r.log_likelihood);
        out += fit_line(r.model, "aic", r.aic);
        out += fit_line(r.model, "bic", r.bic);
        for (const auto& s : r.statistics) out += fit_line(r.model, s.key, s.value);
        for (const auto& t : r.tests) out += test_line(r.model, t);
        if (r.dynamic) {
            out += fit_line(r.model, "dynamic_sum_abs", r.dynamic->sum_abs);
            out += fit_line(r.model, "dynamic_spectral_radius", r.dynamic->spectral_radius);
            for (const auto& [name, value] : r.dynamic->uncorrected) out += fit_line(r.model, "uncorrected:" + name, value);
        }
        if (r.impacts) out += impacts_lines(r.model, *r.impacts);
        if (r.long_run_impacts) out += impacts_lines(r.model, *r.long_run_impacts, "long_run:");
    }
    return out;
}

std::string write_table_csv(const ResultTable& table) {
    table.validate();
    std::string out = table.array_key.empty() ? "" : field(table.array_key);
    for (std::size_t c = 0; c < table.columns.size(); ++c)
        out += (table.array_key.empty() && c == 0 ? "" : ",") + field(table.columns[c].key);
    out += "\n";
    for (const auto& row : table.rows) {
        std::string line = table.array_key.empty() ? "" : field(row.key);
        for (std::size_t c = 0; c < row.cells.size(); ++c)
            line += (table.array_key.empty() && c == 0 ? "" : ",") + value_cell(row.cells[c]);
        out += line + "\n";
    }
    return out;
}

}  // namespace spillover
