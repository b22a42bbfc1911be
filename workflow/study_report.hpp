#pragma once
// The outputs of a study (workflow/study_pipeline.hpp): the JSON of the contract, the tables of a
// paper with one column per W (LaTeX booktabs in a document that compiles as it is, Markdown), and
// the short text summary `spillover workflow` prints.
//
// JSON: {formula, dependent, panel, alpha, rule, weights: [{name, file, transform, weights_line,
// lm_tests: {lm_error, lm_lag, rlm_error, rlm_lag, sarma} each {statistic, df, p_value},
// models: {ols, sar, sem, sdm} each as `fit --format json` writes one model, tests: {lr_sdm_sar,
// lr_sdm_sem, wald_sdm_sar, wald_sdm_sem and, for panels, lr_unit_effects, lr_time_effects,
// hausman} each {key, label, statistic, df, p_value}, selected, selection: {lm_direction,
// theta_zero, common_factor, decisions}, impacts: the selected model's (empty for ols and sem, whose
// means have no spillover)}], conventions}.
//
// The paper's tables, columns = the W in the study's order:
//   1. the LM tests of the OLS (within) residuals: statistic with stars, p-value in brackets below;
//   2. the SDM: coefficients, ρ and the fit statistics (engine/comparison_table.hpp's rows);
//   3. the specification tests (LR and Wald of SDM → SAR and SDM → SEM; the effects' LR tests and
//      Hausman's for panels) and the model selected;
//   4. the SDM's direct, indirect and total effects; a fifth, the SAR's, when the rule selects SAR
//      for some W.
// Stars: * p<0.1, ** p<0.05, *** p<0.01, as estout; the rule is stated under table 3.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/comparison_table.hpp"
#include "engine/paper_table.hpp"
#include "workflow/study_pipeline.hpp"

namespace spillover {

nlohmann::ordered_json study_json(const StudyResult& study);

/// The tables above, in order.
std::vector<PaperTable> study_tables(const StudyResult& study, const TableOptions& options = {});

/// A part of a report put ahead of the study's tables (a demo's exploration: the index, inequality,
/// Moran's I by period): its caption and its body in each format (LaTeX tabulars, Markdown).
struct ReportSection {
    std::string caption;
    std::string latex;
    std::string markdown;
};

/// A LaTeX document (article, booktabs) with `before`, each table of the study in a table float
/// under its caption, then `after`, the conventions at the end: it compiles as it is, and each float can be
/// pasted into a paper.
std::string study_latex(const StudyResult& study, const TableOptions& options = {},
                        const std::vector<ReportSection>& before = {}, const std::vector<ReportSection>& after = {});

/// The same in Markdown, with the selection's decisions for each W and the conventions.
std::string study_markdown(const StudyResult& study, const TableOptions& options = {},
                           const std::vector<ReportSection>& before = {}, const std::vector<ReportSection>& after = {});

/// What the command prints: a line per W (the LM direction, the tests of the SDM, the model
/// selected, ρ, the log-likelihood), then the effects of each W's selected model.
std::string study_summary(const StudyResult& study);

}  // namespace spillover
