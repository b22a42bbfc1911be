#include "engine/comparison_table.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/number_format.hpp"

namespace spillover {

void TableOptions::validate() const {
    if (decimals < 0 || decimals > 12)
        throw std::invalid_argument(fmt::format("table decimals must be between 0 and 12, got {}", decimals));
}

std::string model_label(const EstimationResult& r) {
    std::string label = r.model;
    std::transform(label.begin(), label.end(), label.begin(), [](unsigned char c) { return std::toupper(c); });
    return label;
}

namespace {

const Coefficient* find_term(const EstimationResult& r, const std::string& name) {
    for (const auto& c : r.coefficients)
        if (c.name == name) return &c;
    if (name == "rho" && r.rho) return &*r.rho;
    if (name == "lambda" && r.lambda) return &*r.lambda;
    return nullptr;
}

std::vector<std::string> term_order(const std::vector<EstimationResult>& results) {
    std::vector<std::string> names;
    auto add = [&](const std::string& n) {
        if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    };
    for (const auto& r : results)
        for (const auto& c : r.coefficients) add(c.name);
    for (const auto& r : results) {
        if (r.rho) add("rho");
        if (r.lambda) add("lambda");
    }
    return names;
}

void add_term_rows(ComparisonTable& table, const std::vector<EstimationResult>& results,
                   const std::string& name, const TableOptions& options) {
    ComparisonTable::Row estimate{name, {}};
    ComparisonTable::Row error{"", {}};
    for (const auto& r : results) {
        const Coefficient* c = find_term(r, name);
        if (c == nullptr) {
            estimate.cells.emplace_back();
            error.cells.emplace_back();
            continue;
        }
        std::string cell = format_fixed(c->estimate, options.decimals);
        if (options.stars) cell += paper_stars(c->p_value);
        estimate.cells.push_back(cell);
        error.cells.push_back("(" + format_fixed(c->std_error, options.decimals) + ")");
    }
    table.coefficient_rows.push_back(std::move(estimate));
    table.coefficient_rows.push_back(std::move(error));
}

/// A statistic row, or nothing when no model has the statistic.
void add_statistic_row(ComparisonTable& table, const std::vector<EstimationResult>& results,
                       const std::string& label, auto value_of) {
    ComparisonTable::Row row{label, {}};
    bool any = false;
    for (const auto& r : results) {
        const std::optional<std::string> v = value_of(r);
        any = any || v.has_value();
        row.cells.push_back(v.value_or(""));
    }
    if (any) table.statistic_rows.push_back(std::move(row));
}

}  // namespace

ComparisonTable build_comparison_table(const std::vector<EstimationResult>& results,
                                       const TableOptions& options) {
    options.validate();
    if (results.empty()) throw std::invalid_argument("a comparison table needs at least one model");
    ComparisonTable table;
    for (const auto& r : results) {
        table.model_labels.push_back(model_label(r));
        table.dependents.push_back(r.dependent);
    }
    for (const auto& name : term_order(results)) add_term_rows(table, results, name, options);

    const int d = options.decimals;
    using Opt = std::optional<std::string>;
    add_statistic_row(table, results, "Observations", [](const EstimationResult& r) -> Opt {
        return std::to_string(r.n);
    });
    // A panel's rows, as the panel tables of the papers: N × T, the fixed effects and the estimator.
    add_statistic_row(table, results, "Units x periods", [](const EstimationResult& r) -> Opt {
        if (!r.panel) return std::nullopt;
        return std::to_string(r.panel->units) + " x " + std::to_string(r.panel->periods);
    });
    add_statistic_row(table, results, "Effects", [](const EstimationResult& r) -> Opt {
        if (!r.panel) return std::nullopt;
        return r.panel->effects;
    });
    add_statistic_row(table, results, "Estimator", [](const EstimationResult& r) -> Opt {
        if (!r.panel || r.model == "ols" || r.model == "slx") return std::nullopt;
        return r.panel->transformation;
    });
    add_statistic_row(table, results, "R-squared", [d](const EstimationResult& r) -> Opt {
        if (auto v = r.statistic("r_squared")) return format_fixed(*v, d);
        return std::nullopt;
    });
    add_statistic_row(table, results, "Adjusted R-squared", [d](const EstimationResult& r) -> Opt {
        if (auto v = r.statistic("adj_r_squared")) return format_fixed(*v, d);
        return std::nullopt;
    });
    add_statistic_row(table, results, "Log likelihood", [d](const EstimationResult& r) -> Opt {
        return format_fixed(r.log_likelihood, d);
    });
    add_statistic_row(table, results, "AIC", [d](const EstimationResult& r) -> Opt { return format_fixed(r.aic, d); });
    add_statistic_row(table, results, "BIC", [d](const EstimationResult& r) -> Opt { return format_fixed(r.bic, d); });
    table.note = "Standard errors in parentheses.";
    if (options.stars) table.note += " " + std::string(paper_stars_legend);
    return table;
}

}  // namespace spillover
