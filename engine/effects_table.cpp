#include "engine/effects_table.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/number_format.hpp"

namespace spillover {

bool any_impacts(const std::vector<EstimationResult>& results) {
    return std::any_of(results.begin(), results.end(), [](const EstimationResult& r) { return r.impacts.has_value(); });
}

namespace {

const VariableEffects* find_variable(const ImpactsReport& report, const std::string& name) {
    for (const auto& v : report.effects)
        if (v.variable == name) return &v;
    return nullptr;
}

/// One column group of the table: a model's effects (a dynamic panel's short- and long-run ones are
/// two groups).
struct EffectsGroup {
    std::string label;
    const ImpactsReport* report;
};

std::vector<EffectsGroup> effects_groups(const std::vector<EstimationResult>& results) {
    std::vector<EffectsGroup> groups;
    for (const auto& r : results) {
        if (!r.impacts) continue;
        if (!r.long_run_impacts) {
            groups.push_back({model_label(r), &*r.impacts});
            continue;
        }
        groups.push_back({model_label(r) + " short run", &*r.impacts});
        groups.push_back({model_label(r) + " long run", &*r.long_run_impacts});
    }
    return groups;
}

std::string inference_note(const std::vector<EffectsGroup>& groups) {
    bool simulated = false, analytic = false;
    for (const auto& g : groups) (g.report->draws > 0 ? simulated : analytic) = true;
    std::string note = "Effects at the estimates (LeSage and Pace 2009); ";
    if (simulated) note += "simulated standard errors";
    if (simulated && analytic) note += " (lag models) and ";
    if (analytic) note += "analytic standard errors";
    if (simulated && analytic) note += " (slx, sdem)";
    note += " in parentheses.";
    return note;
}

}  // namespace

EffectsTable build_effects_table(const std::vector<EstimationResult>& results, const TableOptions& options) {
    options.validate();
    const std::vector<EffectsGroup> groups = effects_groups(results);
    if (groups.empty()) throw std::invalid_argument("an effects table needs at least one model with impacts");
    EffectsTable table;
    std::vector<std::string> names;
    for (const auto& g : groups) {
        table.model_labels.push_back(g.label);
        for (const char* label : {"Direct", "Indirect", "Total"}) table.column_labels.emplace_back(label);
        for (const auto& v : g.report->effects)
            if (std::find(names.begin(), names.end(), v.variable) == names.end()) names.push_back(v.variable);
    }
    const int d = options.decimals;
    for (const auto& name : names) {
        EffectsTable::Row estimate{name, {}}, error{"", {}};
        for (const auto& g : groups) {
            const VariableEffects* v = find_variable(*g.report, name);
            for (const EffectEstimate* e : {v ? &v->direct : nullptr, v ? &v->indirect : nullptr, v ? &v->total : nullptr}) {
                if (!e) {
                    estimate.cells.emplace_back();
                    error.cells.emplace_back();
                    continue;
                }
                std::string cell = format_fixed(e->estimate, d);
                if (options.stars) cell += paper_stars(e->p_value);
                estimate.cells.push_back(cell);
                error.cells.push_back("(" + format_fixed(e->std_error, d) + ")");
            }
        }
        table.rows.push_back(std::move(estimate));
        table.rows.push_back(std::move(error));
    }
    table.note = inference_note(groups);
    if (options.stars) table.note += " " + std::string(paper_stars_legend);
    return table;
}

namespace {

std::vector<std::string> effect_cells(const std::string& variable, const char* effect, const EffectEstimate& e) {
    return {variable, effect, format_number(e.estimate, 7), format_number(e.mean, 7), format_number(e.std_error, 7),
            format_number(e.z, 5), format_p_value(e.p_value), format_number(e.lower, 6), format_number(e.upper, 6),
            std::string(significance_stars(e.p_value))};
}

/// `stat`: "z" for simulated effects, the fit's statistic ("t" for slx) for analytic ones.
std::string effects_rows(const std::vector<VariableEffects>& effects, const ImpactsReport& report, const std::string& stat) {
    const std::string low = format_number(50.0 * (1.0 - report.level), 4) + "%";
    const std::string high = format_number(50.0 * (1.0 + report.level), 4) + "%";
    std::vector<std::vector<std::string>> cells{
        {"", "Effect", "Estimate", "Mean", "Std. Error", stat + " value", "Pr(>|" + stat + "|)", low, high, ""}};
    for (const auto& v : effects) {
        cells.push_back(effect_cells(v.variable, "Direct", v.direct));
        cells.push_back(effect_cells("", "Indirect", v.indirect));
        cells.push_back(effect_cells("", "Total", v.total));
    }
    return aligned_columns(cells);
}

/// Components and cumulative effects by order, estimates only (the JSON has their inference).
std::string order_rows(const ImpactsReport& report) {
    std::vector<std::vector<std::string>> cells{
        {"Order", "", "Direct", "Indirect", "Total", "Cum. direct", "Cum. indirect", "Cum. total", ""}};
    for (const auto& o : report.orders)
        for (std::size_t v = 0; v < o.component.size(); ++v) {
            const auto& c = o.component[v];
            const auto& s = o.cumulative[v];
            cells.push_back({v == 0 ? fmt::format("W^{}", o.order) : "", c.variable, format_number(c.direct.estimate, 6),
                             format_number(c.indirect.estimate, 6), format_number(c.total.estimate, 6),
                             format_number(s.direct.estimate, 6), format_number(s.indirect.estimate, 6),
                             format_number(s.total.estimate, 6), ""});
        }
    return aligned_columns(cells);
}

}  // namespace

namespace {

/// One report's section: the table, how it was computed, its inference and its orders.
std::string report_text(const ImpactsReport& report, const std::string& title, const std::string& stat) {
    std::string out = "\n" + title + "\n";
    out += effects_rows(report.effects, report, report.draws > 0 ? "z" : stat);
    out += "Method: " + report.method + "\n";
    if (report.truncation_bound > 0)
        out += fmt::format("Series truncation error at most {} per unit of |beta| + |theta|\n",
                           format_number(report.truncation_bound, 3));
    if (report.trace_std_error > 0)
        out += fmt::format("Standard error from stochastic traces: {} on tr((I - rho W)^-1)/n\n",
                           format_number(report.trace_std_error, 3));
    out += "Inference: " + report.inference + "\n";
    if (!report.convention_note.empty()) out += "Total effects: " + report.convention_note + "\n";
    if (!report.orders.empty()) out += "\nEffects by order of neighbours (components and cumulative sums):\n" + order_rows(report);
    return out;
}

}  // namespace

std::string effects_text(const EstimationResult& result) {
    if (!result.impacts) return "";
    const std::string stat(result.inference.statistic_label());
    if (!result.dynamic)
        return report_text(*result.impacts, "Impacts (direct, indirect and total effects; LeSage & Pace 2009):", stat);
    std::string out = report_text(*result.impacts,
                                  "Short-run impacts, (I - rho W)^-1 (beta_k I + theta_k W) (Elhorst 2014, ch. 4):", stat);
    if (result.long_run_impacts)
        out += report_text(*result.long_run_impacts,
                           "Long-run impacts, ((1 - tau) I - (rho + eta) W)^-1 (beta_k I + theta_k W):", stat);
    return out;
}

}  // namespace spillover
