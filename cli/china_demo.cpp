// `spillover demo` (china, the default): the study this project exists for, on bundled data —
// new quality productive forces (NQPF) of China's 31 provinces, 2012–2023, regressed on innovation
// inputs, and how much of one province's innovation spills over to its neighbours. The panel is
// SYNTHETIC on real geography (data/china/README.md), generated from a two-way fixed-effects SDM
// with known parameters (data/china/truth.json), so the demo can put the truth beside the estimates.
//
// The steps of such a paper, each the library call its command makes:
//   1. the entropy-weight index of six NQPF indicators          (spillover index)
//   2. its regional inequality, Dagum's Gini by the four regions (spillover inequality --groups)
//   3. Moran's I by year and the LISA clusters of the last year  (spillover moran --panel --local)
//   4. the specification search over four W                      (spillover workflow --study)
//   5. the effects of the model selected, with the truth beside them.
// Written to the output folder: nqpf_index.csv, study.json, report.tex, report.md, figures/.

#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "engine/atomic_file.hpp"
#include "engine/input_error.hpp"
#include "engine/latex_writer.hpp"
#include "engine/markdown_writer.hpp"
#include "engine/number_format.hpp"
#include "workflow/autocorrelation_figure.hpp"
#include "workflow/index_pipeline.hpp"
#include "workflow/inequality_pipeline.hpp"
#include "workflow/study_figures.hpp"
#include "workflow/study_file.hpp"
#include "workflow/study_report.hpp"
#include "workflow/variable_inputs.hpp"

namespace spillover::cli {

namespace {

namespace fs = std::filesystem;

const char* const kIndicators = "labour_productivity,hightech_share,digital_infra,green_tfp,new_industry_share,-energy_intensity";

/// The table under its caption (the Markdown heading is the caption, so the table's bold title goes).
ReportSection section_of(PaperTable table) {
    std::string caption = std::move(table.title);
    table.title.clear();
    return {caption, write_latex(table), write_markdown(table)};
}

/// The rows as aligned columns, indented under the step's heading.
std::string rows_text(const std::vector<std::vector<std::string>>& rows) {
    const std::string text = aligned_columns(rows);
    std::string out;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        out += "   " + text.substr(start, end - start + 1);
    return out;
}

/// Step 1: the index, written with the columns the later steps read.
PaperTable index_step(const std::string& panel, const std::string& index_csv) {
    IndexRequest request;
    request.input.data_path = panel;
    request.input.id_column = "province";
    request.input.time_column = "year";
    request.indicators = kIndicators;
    const EntropyIndexResult index = run_entropy_index(request);
    InputRequest input = request.input;
    const VariableInputs in = read_variable_inputs(input, {"lon", "lat", "nqpf"}, "region", false);
    std::string csv = "province,year,region,lon,lat,nqpf,nqpf_index\n";
    const auto n = static_cast<std::int64_t>(in.units.size());
    for (std::int64_t t = 0; t < static_cast<std::int64_t>(in.periods.size()); ++t)
        for (std::int64_t i = 0; i < n; ++i) {
            const auto r = t * n + i;
            csv += fmt::format("{},{},{},{},{},{},{}\n", in.units[i], in.periods[t], in.groups[r],
                               format_round_trip(in.values(r, 0)), format_round_trip(in.values(r, 1)),
                               format_round_trip(in.values(r, 2)), format_round_trip(index.index(r)));
        }
    write_file_atomically(index_csv, csv);
    const double correlation = [&] {
        const Eigen::VectorXd a = index.index.array() - index.index.mean();
        const Eigen::VectorXd b = in.values.col(2).array() - in.values.col(2).mean();
        return a.dot(b) / (a.norm() * b.norm());
    }();
    PaperTable table{"Entropy weights of the six NQPF indicators (min-max over all province-years)",
                     {"Direction", "Entropy", "Weight"}, {{"", {}}}, {}};
    std::vector<std::vector<std::string>> rows{{"indicator", "direction", "weight", ""}};
    for (const auto& w : index.weights) {
        const std::string direction = w.indicator.direction == Direction::Positive ? "+" : "-";
        table.groups[0].rows.push_back(
            {w.indicator.name, {direction, format_fixed(w.entropy, 4), format_fixed(w.weight, 4)}});
        rows.push_back({w.indicator.name, direction, format_fixed(w.weight, 4), ""});
    }
    table.notes = {fmt::format("The index correlates with the latent NQPF level nqpf at r = {:.3f} over the 372 "
                               "province-years.", correlation)};
    std::cout << "1. The NQPF index: entropy weights of six indicators (spillover index --indicators ...)\n\n"
              << rows_text(rows) << "\n   " << table.notes[0] << "\n   Written: " << index_csv << "\n\n";
    return table;
}

/// Step 2: Dagum's Gini of the index by region, every year.
PaperTable inequality_step(const std::string& index_csv) {
    InequalityRequest request;
    request.input.data_path = index_csv;
    request.input.id_column = "province";
    request.input.time_column = "year";
    request.variable = "nqpf_index";
    request.group_column = "region";
    const InequalityResult result = run_inequality(request);
    PaperTable table{"Dagum Gini of the NQPF index by the four regions",
                     {"Gini", "Within", "Between (net)", "Transvariation"}, {{"", {}}},
                     {"Dagum's (1997) decomposition G = G_w + G_nb + G_t: within regions, net between regions and "
                      "transvariation between them."}};
    std::vector<std::vector<std::string>> rows{{"year", "G", "within", "between", "transvariation", ""}};
    const auto share = [](double part, double g) { return fmt::format("{:.1f}%", 100 * part / g); };
    for (const auto& p : result.periods) {
        const DagumDecomposition& d = *p.dagum;
        table.groups[0].rows.push_back({p.period, {format_fixed(d.gini, 4), format_fixed(d.within, 4),
                                                   format_fixed(d.net_between, 4), format_fixed(d.transvariation, 4)}});
        rows.push_back({p.period, format_fixed(d.gini, 4), share(d.within, d.gini), share(d.net_between, d.gini),
                        share(d.transvariation, d.gini), ""});
    }
    std::cout << "2. Regional inequality of the index: Dagum's Gini by East, Central, West, Northeast\n"
                 "   (spillover inequality --var nqpf_index --groups region --panel province,year)\n\n"
              << rows_text(rows) << "\n";
    return table;
}

/// Step 3: Moran's I of the index by year on contiguity, the LISA clusters of the last year.
PaperTable moran_step(const std::string& index_csv, const std::string& contiguity, const std::string& figures) {
    AutocorrelationRequest request;
    request.input.data_path = index_csv;
    request.input.id_column = "province";
    request.input.time_column = "year";
    request.input.weights_path = contiguity;
    request.variable = "nqpf_index";
    request.local = true;
    request.global.permutation.permutations = 999;
    const AutocorrelationResult result = run_autocorrelation(request);
    AutocorrelationFigureRequest figure;
    figure.plot = (fs::path(figures) / "moran_scatter.png").string();
    // Debian ships no province polygons: the capitals as points on China's outline (Natural Earth).
    figure.map = (fs::path(figures) / "lisa_map.png").string();
    figure.coords = "lon,lat";
    figure.lonlat = true;
    figure.outline = (fs::path(contiguity).parent_path() / "china_outline.gpkg").string();
    for (const auto& report : draw_autocorrelation_figures(result, figure)) report_figure(report);
    PaperTable table{"Global Moran's I of the NQPF index by year (contiguity W, row-standardised)",
                     {"Moran's I", "z", "p-value", "Permutation p"}, {{"", {}}},
                     {"Variance under randomisation as spdep's moran.test; permutation p-values from 999 draws."}};
    std::vector<std::vector<std::string>> rows{{"year", "I", "z", "p", ""}};
    for (const auto& p : result.periods) {
        const GlobalTest& g = p.global;
        table.groups[0].rows.push_back({p.period, {format_fixed(g.value, 4), format_fixed(g.z, 3),
                                                   format_fixed(g.p_value, 4), format_fixed(g.permutation_p_value, 3)}});
        rows.push_back({p.period, format_fixed(g.value, 4), format_fixed(g.z, 3), format_p_value(g.p_value), ""});
    }
    std::cout << "3. Spatial autocorrelation of the index by year (spillover moran --var nqpf_index --panel "
                 "province,year --local)\n\n"
              << rows_text(rows) << "\n   Figures: " << figure.plot << ", " << figure.map
              << " (LISA clusters of the last year)\n\n";
    return table;
}

/// Step 5: the truth of data/china/truth.json beside the SDM's estimates on the W that generated it.
PaperTable truth_step(const WeightsStudy& s, const std::string& truth_path) {
    std::ifstream file(truth_path);
    if (!file) throw InputError("cannot open " + truth_path);
    const nlohmann::json truth = nlohmann::json::parse(file);
    const SpatialFit& fit = s.sdm;
    PaperTable table{"Synthetic truth beside the estimates of the SDM (W = " + s.weights.name + ")",
                     {"True", "Estimate", "SE", "Within 2 SE"}, {{"Parameters", {}}, {"Effects", {}}}, {}};
    int inside = 0, total = 0;
    std::vector<std::string> misses;
    const auto add = [&](std::size_t group, const std::string& label, double truth_value, double estimate, double se) {
        const bool ok = std::abs(estimate - truth_value) <= 2 * se;
        inside += ok ? 1 : 0;
        ++total;
        if (!ok) misses.push_back(fmt::format("{} ({:.1f} SE)", label, std::abs(estimate - truth_value) / se));
        table.groups[group].rows.push_back({label, {format_number(truth_value, 4), format_number(estimate, 4),
                                                    format_number(se, 3), ok ? "yes" : "no"}});
    };
    add(0, "rho", truth["rho"], fit.rho->estimate, fit.rho->std_error);
    for (const auto& c : fit.coefficients) {
        const bool lag = c.name.rfind("W_", 0) == 0;
        const std::string name = lag ? c.name.substr(2) : c.name;
        add(0, c.name, truth[lag ? "theta" : "beta"][name], c.estimate, c.std_error);
    }
    for (const auto& v : fit.impacts->effects)
        for (const auto& [kind, e] : {std::pair{"direct", &v.direct}, {"indirect", &v.indirect}, {"total", &v.total}})
            add(1, fmt::format("{} {}", kind, v.variable), truth["effects"][kind][v.variable], e->estimate, e->std_error);
    table.notes = {fmt::format("{} of {} true values lie within two standard errors of the estimates{}.", inside, total,
                               misses.empty() ? "" : "; outside: " + [&] {
                                   std::string m;
                                   for (const auto& x : misses) m += (m.empty() ? "" : ", ") + x;
                                   return m;
                               }()),
                   "Estimator: " + std::string(fit.estimator) + ". The data are synthetic (data/china/README.md)."};
    std::vector<std::vector<std::string>> rows{{"", "true", "estimate", "SE", "within 2 SE", ""}};
    for (const auto& r : table.groups[0].rows) rows.push_back({r.label, r.cells[0], r.cells[1], r.cells[2], r.cells[3], ""});
    // The effects as a paper's table, Direct / Indirect / Total, each estimate (SE) with the truth beside.
    std::vector<std::vector<std::string>> effects{{"", "Direct (SE)", "true", "Indirect (SE)", "true", "Total (SE)", "true", ""}};
    const auto& effect_rows = table.groups[1].rows;  // direct, indirect, total of each variable in turn
    for (std::size_t i = 0; i + 2 < effect_rows.size(); i += 3) {
        std::vector<std::string> line{effect_rows[i].label.substr(effect_rows[i].label.find(' ') + 1)};
        for (std::size_t k = i; k < i + 3; ++k) {
            const auto& c = effect_rows[k].cells;
            line.push_back(c[1] + " (" + c[2] + ")");
            line.push_back(c[0] + (c[3] == "yes" ? "" : " !"));
        }
        line.emplace_back();
        effects.push_back(std::move(line));
    }
    if (!misses.empty())
        table.notes.push_back("A miss is a property of this one draw, not of the estimator: data/china/README.md "
                              "(Checks) gives why, and the coverage of the intervals over 50 other draws.");
    std::cout << "5. The truth beside the estimates (W = " << s.weights.name << ", the W that generated the data)\n\n"
              << rows_text(rows) << "\n   Effects (! the truth lies outside two standard errors)\n\n" << rows_text(effects);
    for (const auto& note : table.notes) std::cout << "\n   " << note;
    std::cout << "\n\n";
    return table;
}

}  // namespace

int run_china_demo(const std::string& data_dir, const std::string& output_dir) {
    const std::string dir = data_dir + "/china";
    const fs::path out(output_dir);
    const std::string figures = (out / "figures").string();
    fs::create_directories(figures);
    std::cout << "New quality productive forces and innovation spillovers: China's 31 provinces, 2012-2023\n"
                 "THE DATA ARE SYNTHETIC on real geography (" << dir << "/README.md): drawn from a two-way\n"
                 "fixed-effects spatial Durbin model with known rho, beta and theta (" << dir << "/truth.json).\n\n";
    const std::string index_csv = (out / "nqpf_index.csv").string();
    std::vector<ReportSection> exploration{section_of(index_step(dir + "/china_panel.csv", index_csv))};
    exploration.push_back(section_of(inequality_step(index_csv)));
    exploration.push_back(section_of(moran_step(index_csv, dir + "/china_contiguity.gal", figures)));

    StudyFile study_file = read_study_file(dir + "/study.toml");
    std::cout << "4. The study over four W (spillover workflow --study " << dir << "/study.toml):\n"
                 "   LM tests -> SAR, SEM, SDM -> LR and Wald tests -> effects tests and Hausman -> the model\n"
                 "   selected by Elhorst's rule -> its effects; the two-way FE SDM, bias-corrected\n\n";
    study_file.request.progress = [](const std::string& line) { std::cout << "   ... " << line << "\n" << std::flush; };
    const StudyResult study = run_study(study_file.request);
    std::cout << "\n" << study_summary(study) << "\n";
    const std::vector<ReportSection> truth{section_of(truth_step(study.studies.front(), dir + "/truth.json"))};
    write_file_atomically((out / "study.json").string(), study_json(study).dump(2) + "\n");
    TableOptions table;
    table.decimals = 4;  // coefficients of 0.0003 (open) need four
    write_file_atomically((out / "report.tex").string(), study_latex(study, table, exploration, truth));
    write_file_atomically((out / "report.md").string(), study_markdown(study, table, exploration, truth));
    for (const auto& report : draw_study_figures(study, figures, "png")) report_figure(report);
    std::cout << "Written to " << output_dir << "/: nqpf_index.csv, study.json, report.tex (pdflatex report.tex), "
                 "report.md, figures/\n";
    return 0;
}

}  // namespace spillover::cli
