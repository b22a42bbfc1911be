#include "workflow/study_report.hpp"

#include <cmath>

#include <fmt/format.h>

#include "engine/json_writer.hpp"
#include "engine/latex_writer.hpp"
#include "engine/markdown_writer.hpp"
#include "engine/number_format.hpp"

namespace spillover {

namespace {

/// The LM tests under the study's keys (the issue's: rlm_* for the robust ones), with the fit's keys.
constexpr std::pair<const char*, const char*> lm_keys[] = {
    {"lm_error", "lm_error"}, {"lm_lag", "lm_lag"}, {"robust_lm_error", "rlm_error"},
    {"robust_lm_lag", "rlm_lag"}, {"sarma", "sarma"}};

std::vector<HypothesisTest> all_tests(const WeightsStudy& s) {
    std::vector<HypothesisTest> tests;
    for (const auto* t : {&s.tests.lr_sdm_sar, &s.tests.lr_sdm_sem, &s.tests.wald_sdm_sar, &s.tests.wald_sdm_sem})
        if (*t) tests.push_back(**t);
    tests.insert(tests.end(), s.panel_tests.begin(), s.panel_tests.end());
    return tests;
}

nlohmann::ordered_json weights_json(const WeightsStudy& s) {
    nlohmann::ordered_json j;
    j["name"] = s.weights.name;
    j["file"] = s.weights.path;
    j["transform"] = s.weights.transform;
    j["weights_line"] = s.weights_line;
    j["lm_tests"] = nlohmann::ordered_json::object();
    for (const auto& [ours, key] : lm_keys) {
        const auto& t = s.lm.test(ours);
        j["lm_tests"][key] = {{"statistic", json_number(t.statistic)}, {"df", json_number(t.df)},
                              {"p_value", json_number(t.p_value)}};
    }
    j["models"] = {{"ols", to_json(s.ols)}, {"sar", to_json(s.sar)}, {"sem", to_json(s.sem)}, {"sdm", to_json(s.sdm)}};
    if (s.dynamic_sdm) j["models"]["dynamic_sdm"] = to_json(*s.dynamic_sdm);
    j["tests"] = nlohmann::ordered_json::object();
    for (const auto& t : all_tests(s)) j["tests"][t.key] = to_json(t);
    if (!s.hausman_warning.empty()) j["hausman_warning"] = s.hausman_warning;
    j["selected"] = s.selection.model;
    j["selection"] = {{"lm_direction", to_string(s.selection.direction)},
                      {"theta_zero", to_string(s.selection.theta_zero)},
                      {"common_factor", to_string(s.selection.common_factor)},
                      {"decisions", s.selection.decisions}};
    const nlohmann::ordered_json selected = to_json(s.selected());
    j["impacts"] = selected.contains("impacts") ? selected["impacts"] : nlohmann::ordered_json::array();
    return j;
}

// ---- the paper's tables ----

std::string starred(double value, double p, int decimals) {
    return std::isfinite(value) ? format_fixed(value, decimals) + std::string(paper_stars(p)) : "";
}
std::string bracketed(double p, int decimals) { return std::isfinite(p) ? "[" + format_fixed(p, decimals) + "]" : ""; }
std::string parenthesised(double se, int decimals) {
    return std::isfinite(se) ? "(" + format_fixed(se, decimals) + ")" : "";
}

std::vector<std::string> weight_names(const StudyResult& study) {
    std::vector<std::string> names;
    for (const auto& s : study.studies) names.push_back(s.weights.name);
    return names;
}

/// A test's two rows: the statistic with stars, its p-value in brackets (empty where a W lacks it).
void add_test_rows(PaperTable::Group& group, const std::string& label, const std::vector<const HypothesisTest*>& tests,
                   int decimals) {
    PaperTable::Row value{label, {}}, p{"", {}};
    for (const auto* t : tests) {
        value.cells.push_back(t ? starred(t->statistic, t->p_value, decimals) : "");
        p.cells.push_back(t ? bracketed(t->p_value, decimals) : "");
    }
    group.rows.push_back(std::move(value));
    group.rows.push_back(std::move(p));
}

const HypothesisTest* test_of(const WeightsStudy& s, const std::string& key) {
    for (const auto* t : {&s.tests.lr_sdm_sar, &s.tests.lr_sdm_sem, &s.tests.wald_sdm_sar, &s.tests.wald_sdm_sem})
        if (*t && (*t)->key == key) return &**t;
    for (const auto& t : s.panel_tests)
        if (t.key == key) return &t;
    return nullptr;
}

std::string residual_model(const StudyResult& study) {
    return study.panel ? "the fixed-effects within model" : "OLS";
}

PaperTable lm_table(const StudyResult& study, int d) {
    PaperTable table{"Spatial diagnostics of the residuals of " + residual_model(study) + " (" + study.dependent + ")",
                     weight_names(study), {{}}, {}};
    for (const auto& [ours, key] : lm_keys) {
        std::vector<HypothesisTest> tests;
        std::string label;
        for (const auto& s : study.studies) {
            const auto& t = s.lm.test(ours);
            label = t.label + (t.df == 2.0 ? " (df 2)" : "");
            tests.push_back({key, t.label, t.statistic, t.df, t.p_value});
        }
        std::vector<const HypothesisTest*> pointers;
        for (const auto& t : tests) pointers.push_back(&t);
        add_test_rows(table.groups[0], label, pointers, d);
    }
    table.notes = {"LM statistics (chi-squared) as spdep's lm.LMtests, p-values in brackets. " +
                   std::string(paper_stars_legend)};
    return table;
}

/// One model's coefficients and statistics for every W: `fit_of(s)` of each study.
template <class FitOf>
PaperTable model_table(const StudyResult& study, const std::string& title, FitOf fit_of, const TableOptions& options) {
    std::vector<EstimationResult> fits;
    for (const auto& s : study.studies) fits.push_back(fit_of(s));
    const ComparisonTable c = build_comparison_table(fits, options);
    PaperTable table{title + " of " + study.dependent + " by weights matrix", weight_names(study), {}, {c.note}};
    table.groups.push_back({"", {}});
    for (const auto& r : c.coefficient_rows) table.groups[0].rows.push_back({r.label, r.cells});
    table.groups.push_back({"", {}});
    for (const auto& r : c.statistic_rows) table.groups[1].rows.push_back({r.label, r.cells});
    return table;
}

/// The model selected, as a heading shows it: the non-spatial model of a panel is the within model.
std::string selected_label(const StudyResult& study, const WeightsStudy& s) {
    return study.panel && s.selection.model == "ols" ? "FE (no W)" : model_label(s.selected());
}

PaperTable tests_table(const StudyResult& study, int d) {
    PaperTable table{"Specification tests and the model selected, by weights matrix", weight_names(study), {}, {}};
    PaperTable::Group sdm{"", {}};
    const std::pair<const char*, const char*> rows[] = {
        {"lr_sdm_sar", "LR SDM vs SAR"}, {"wald_sdm_sar", "Wald SDM vs SAR"},
        {"lr_sdm_sem", "LR SDM vs SEM"}, {"wald_sdm_sem", "Wald SDM vs SEM"},
        {"lr_unit_effects", "LR unit effects"}, {"lr_time_effects", "LR time effects"},
        {"hausman", "Hausman (FE vs RE)"}};
    for (const auto& [key, label] : rows) {
        std::vector<const HypothesisTest*> tests;
        bool any = false;
        for (const auto& s : study.studies) {
            tests.push_back(test_of(s, key));
            any = any || tests.back();
        }
        if (any) add_test_rows(sdm, label, tests, d);
    }
    table.groups.push_back(std::move(sdm));
    PaperTable::Group choice{"", {{"LM tests point to", {}}, {"Selected model", {}}}};
    for (const auto& s : study.studies) {
        choice.rows[0].cells.emplace_back(to_string(s.selection.direction));
        choice.rows[1].cells.push_back(selected_label(study, s));
    }
    table.groups.push_back(std::move(choice));
    table.notes = {"Statistics (chi-squared) with p-values in brackets. " + std::string(paper_stars_legend),
                   selection_rule(study.alpha)};
    std::string flagged;
    for (const auto& s : study.studies)
        if (!s.hausman_warning.empty()) flagged += (flagged.empty() ? "" : ", ") + s.weights.name;
    if (!flagged.empty())
        table.notes.push_back("Hausman: V_FE - V_RE is not positive definite for " + flagged +
                              ", so H has no chi-squared justification there (H as plm's phtest computes it).");
    return table;
}

/// Direct, indirect and total effects `impacts_of(s)` (nullptr: none) for every W, one group each.
template <class ImpactsOf>
PaperTable effects_table(const StudyResult& study, const std::string& model, ImpactsOf impacts_of, int d) {
    PaperTable table{"Direct, indirect and total effects of the " + model + ", by weights matrix", weight_names(study),
                     {}, {}};
    std::vector<std::string> variables;
    for (const auto& s : study.studies)
        if (const ImpactsReport* i = impacts_of(s))
            for (const auto& v : i->effects)
                if (std::find(variables.begin(), variables.end(), v.variable) == variables.end())
                    variables.push_back(v.variable);
    const std::pair<const char*, EffectEstimate VariableEffects::*> kinds[] = {
        {"Direct effects", &VariableEffects::direct},
        {"Indirect (spillover) effects", &VariableEffects::indirect},
        {"Total effects", &VariableEffects::total}};
    for (const auto& [heading, member] : kinds) {
        PaperTable::Group group{heading, {}};
        for (const auto& name : variables) {
            PaperTable::Row value{name, {}}, se{"", {}};
            for (const auto& s : study.studies) {
                const VariableEffects* found = nullptr;
                if (const ImpactsReport* i = impacts_of(s))
                    for (const auto& v : i->effects)
                        if (v.variable == name) found = &v;
                value.cells.push_back(found ? starred((found->*member).estimate, (found->*member).p_value, d) : "");
                se.cells.push_back(found ? parenthesised((found->*member).std_error, d) : "");
            }
            group.rows.push_back(std::move(value));
            group.rows.push_back(std::move(se));
        }
        table.groups.push_back(std::move(group));
    }
    const ImpactsReport* first = impacts_of(study.studies.front());
    table.notes = {"Standard errors in parentheses" +
                       (first ? fmt::format(", from {} simulated draws", first->draws) : std::string()) +
                       "; direct = mean diagonal, total = mean row sum of S_k(W) (LeSage & Pace 2009). " +
                       std::string(paper_stars_legend)};
    return table;
}

/// The panel's tests of the SDM's effects and Hausman's, one line per W (the warning of a Hausman
/// test whose V_FE − V_RE is not positive definite is in the JSON and the Markdown).
std::string panel_tests_text(const StudyResult& study) {
    std::vector<std::vector<std::string>> rows{{"W", "LR unit effects", "LR time effects", "Hausman", ""}};
    for (const auto& s : study.studies) {
        std::vector<std::string> row{s.weights.name};
        for (const char* key : {"lr_unit_effects", "lr_time_effects", "hausman"}) {
            const HypothesisTest* t = test_of(s, key);
            row.push_back(t ? fmt::format("{} (p {})", format_fixed(t->statistic, 2), format_p_value(t->p_value)) : "-");
        }
        if (!s.hausman_warning.empty()) row.back() += " !";
        row.emplace_back();
        rows.push_back(std::move(row));
    }
    bool flagged = false;
    for (const auto& s : study.studies) flagged = flagged || !s.hausman_warning.empty();
    return "\nPanel tests of the SDM" +
           std::string(flagged ? " (!: V_FE - V_RE is not positive definite, so H has no chi-squared justification)" : "") +
           "\n" + aligned_columns(rows);
}

/// The dynamic SDM of each W in a few lines: τ, η, ρ, the stability and the long-run effects beside
/// the short-run ones (empty without --dynamic).
std::string dynamic_text(const StudyResult& study) {
    if (!study.studies.front().dynamic_sdm) return "";
    std::string out = "\nDynamic SDM (bias-corrected QML; long-run effects ((1 - tau) I - (rho + eta) W)^-1 (beta I + theta W))\n";
    for (const auto& s : study.studies) {
        const SpatialFit& fit = *s.dynamic_sdm;
        std::vector<std::string> lags;
        for (const auto& c : fit.coefficients)
            if (fit.dynamic && (c.name == fit.dynamic->time_lag || c.name == fit.dynamic->spacetime_lag))
                lags.push_back(c.name + " " + format_fixed(c.estimate, 3));
        if (fit.rho) lags.push_back("rho " + format_fixed(fit.rho->estimate, 3));
        out += fmt::format("{}: {}; {}\n", s.weights.name, fmt::join(lags, ", "),
                           fit.dynamic ? fmt::format("spectral radius {} ({})", format_fixed(fit.dynamic->spectral_radius, 3),
                                                     fit.dynamic->stable ? "stable" : "NOT stable")
                                       : "");
        if (!fit.impacts) continue;
        std::vector<std::vector<std::string>> rows{{"", "Short direct", "Short indirect", "Short total", "Long direct",
                                                    "Long indirect", "Long total", ""}};
        for (std::size_t v = 0; v < fit.impacts->effects.size(); ++v) {
            const VariableEffects& sr = fit.impacts->effects[v];
            std::vector<std::string> row{"  " + sr.variable, format_fixed(sr.direct.estimate, 4),
                                         format_fixed(sr.indirect.estimate, 4), format_fixed(sr.total.estimate, 4)};
            for (const EffectEstimate VariableEffects::*m :
                 {&VariableEffects::direct, &VariableEffects::indirect, &VariableEffects::total})
                row.push_back(fit.long_run_impacts ? format_fixed((fit.long_run_impacts->effects[v].*m).estimate, 4) : "-");
            row.emplace_back();
            rows.push_back(std::move(row));
        }
        out += aligned_columns(rows);
    }
    return out;
}

bool any_selected(const StudyResult& study, const std::string& model) {
    for (const auto& s : study.studies)
        if (s.selection.model == model) return true;
    return false;
}

}  // namespace

nlohmann::ordered_json study_json(const StudyResult& study) {
    nlohmann::ordered_json j;
    j["formula"] = study.formula;
    j["dependent"] = study.dependent;
    j["panel"] = study.panel;
    j["alpha"] = study.alpha;
    j["rule"] = selection_rule(study.alpha);
    j["weights"] = nlohmann::ordered_json::array();
    for (const auto& s : study.studies) j["weights"].push_back(weights_json(s));
    j["conventions"] = study.conventions;
    return j;
}

std::vector<PaperTable> study_tables(const StudyResult& study, const TableOptions& options) {
    options.validate();
    const int d = options.decimals;
    const auto impacts = [](const std::optional<ImpactsReport>& i) { return i ? &*i : nullptr; };
    std::vector<PaperTable> tables{
        lm_table(study, d),
        model_table(study, "Spatial Durbin model", [](const WeightsStudy& s) -> const SpatialFit& { return s.sdm; }, options),
        tests_table(study, d), effects_table(study, "SDM", [&](const WeightsStudy& s) { return impacts(s.sdm.impacts); }, d)};
    if (any_selected(study, "sar"))
        tables.push_back(effects_table(study, "SAR", [&](const WeightsStudy& s) { return impacts(s.sar.impacts); }, d));
    if (!study.studies.front().dynamic_sdm) return tables;
    tables.push_back(model_table(
        study, "Dynamic spatial Durbin model (bias-corrected QML)",
        [](const WeightsStudy& s) -> const SpatialFit& { return *s.dynamic_sdm; }, options));
    tables.push_back(effects_table(
        study, "dynamic SDM in the short run",
        [&](const WeightsStudy& s) { return s.dynamic_sdm ? impacts(s.dynamic_sdm->impacts) : nullptr; }, d));
    tables.push_back(effects_table(
        study, "dynamic SDM in the long run",
        [&](const WeightsStudy& s) { return s.dynamic_sdm ? impacts(s.dynamic_sdm->long_run_impacts) : nullptr; }, d));
    return tables;
}

namespace {

std::string latex_float(const std::string& caption, const std::string& body) {
    return "\\begin{table}[htbp]\n\\centering\n\\caption{" + latex_escape(caption) + "}\n\\small\n" + body +
           "\\end{table}\n\n";
}

}  // namespace

std::string study_latex(const StudyResult& study, const TableOptions& options, const std::vector<ReportSection>& before,
                        const std::vector<ReportSection>& after) {
    std::string out =
        "% The tables of a spatial regression study over several weights matrices, written by spillover workflow.\n"
        "% Each table float can be pasted into a paper (it needs \\usepackage{booktabs}).\n"
        "\\documentclass[11pt]{article}\n\\usepackage[margin=2cm]{geometry}\n\\usepackage{booktabs}\n"
        "\\usepackage[T1]{fontenc}\n\\begin{document}\n\n";
    for (const auto& section : before) out += latex_float(section.caption, section.latex);
    for (const auto& table : study_tables(study, options)) out += latex_float(table.title, write_latex(table));
    for (const auto& section : after) out += latex_float(section.caption, section.latex);
    out += "\\clearpage\n\\noindent Conventions:\n\\begin{itemize}\n";
    for (const auto& c : study.conventions) out += "\\item " + latex_escape(c) + "\n";
    return out + "\\end{itemize}\n\n\\end{document}\n";
}

std::string study_markdown(const StudyResult& study, const TableOptions& options,
                           const std::vector<ReportSection>& before, const std::vector<ReportSection>& after) {
    std::string out;
    if (!before.empty()) out += "# Exploration\n\n";
    for (const auto& section : before) out += "## " + section.caption + "\n\n" + section.markdown + "\n";
    out += "# Study: " + study.formula + "\n\n";
    for (const auto& table : study_tables(study, options)) out += write_markdown(table) + "\n";
    for (const auto& section : after) out += "## " + section.caption + "\n\n" + section.markdown + "\n";
    out += "## Model selection\n\n";
    for (const auto& s : study.studies) {
        out += "**" + s.weights.name + "** (" + s.weights_line + "): " + s.selection.model + "\n\n";
        for (const auto& d : s.selection.decisions) out += "- " + d + "\n";
        if (!s.hausman_warning.empty()) out += "- " + s.hausman_warning + "\n";
        out += "\n";
    }
    out += "## Conventions\n\n";
    for (const auto& c : study.conventions) out += "- " + c + "\n";
    return out;
}

std::string study_summary(const StudyResult& study) {
    std::vector<std::vector<std::string>> rows{
        {"W", "LM points to", "SDM->SAR LR p", "SDM->SEM LR p", "selected", "SDM rho (SE)", "SDM logLik", ""}};
    const auto p_of = [](const std::optional<HypothesisTest>& t) { return t ? format_p_value(t->p_value) : "-"; };
    for (const auto& s : study.studies) {
        const auto& rho = s.sdm.rho;
        rows.push_back({s.weights.name, std::string(to_string(s.selection.direction)), p_of(s.tests.lr_sdm_sar),
                        p_of(s.tests.lr_sdm_sem), selected_label(study, s),
                        rho ? format_fixed(rho->estimate, 3) + " (" + format_fixed(rho->std_error, 3) + ")" : "-",
                        format_fixed(s.sdm.log_likelihood, 2), ""});
    }
    std::string out = "Study of " + study.formula + " over " + std::to_string(study.studies.size()) +
                      " weights matrices (alpha = " + format_number(study.alpha) + ")\n\n" + aligned_columns(rows);
    for (const auto& s : study.studies) {
        const SpatialFit& fit = s.selected();
        out += "\n" + s.weights.name + ": " + selected_label(study, s);
        if (!fit.impacts) {
            out += " (no spillover in its mean: the effects are the coefficients)\n";
            continue;
        }
        out += " effects (SE; * p<0.1, ** p<0.05, *** p<0.01)\n";
        std::vector<std::vector<std::string>> effects{{"", "Direct", "Indirect", "Total", ""}};
        const auto cell = [](const EffectEstimate& e) {
            if (!std::isfinite(e.std_error)) return format_fixed(e.estimate, 4);  // no draws: no inference
            return format_fixed(e.estimate, 4) + std::string(paper_stars(e.p_value)) + " (" + format_fixed(e.std_error, 4) + ")";
        };
        for (const auto& v : fit.impacts->effects)
            effects.push_back({"  " + v.variable, cell(v.direct), cell(v.indirect), cell(v.total), ""});
        out += aligned_columns(effects);
    }
    if (study.panel) out += panel_tests_text(study);
    out += dynamic_text(study);
    for (const auto& s : study.studies)
        for (const auto* fit : {&s.ols, &s.sar, &s.sem, &s.sdm, s.dynamic_sdm ? &*s.dynamic_sdm : nullptr})
            if (fit && fit->status != FitStatus::Ok)
                out += fmt::format("\nWarning ({}, {}{}): {}\n", s.weights.name, s.dynamic_sdm && fit == &*s.dynamic_sdm ? "dynamic " : "",
                                   fit->model, fit->message);
    return out;
}

}  // namespace spillover
