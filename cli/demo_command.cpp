// `spillover demo [china|columbus|cigar]`: the main jobs on bundled data, to show what the tool does
// on a fresh machine.
//   china     (the default; cli/china_demo.cpp) the study of new quality productive forces and
//             innovation spillovers of China's 31 provinces on a synthetic panel with known truth:
//             index, inequality, Moran's I, the specification search over four W, the effects.
//   columbus  OLS and its spatial diagnostics (LM tests) on Anselin's contiguity W, the spatial Durbin
//             model with its tests and effects, and the family side by side as tables for a paper.
//   cigar     Baltagi's cigarette demand, 46 US states × 1963–1992, on their queen contiguity: the
//             panel LM tests of the two-way within model, the two-way fixed-effects spatial Durbin
//             model with its tests and effects, and the estimators side by side. With --dynamic: the
//             dynamic spatial Durbin panel (y(t-1), W y(t-1); Yu, de Jong & Lee's bias-corrected
//             quasi-ML) and its short- and long-run price and income elasticities side by side.

#include <iostream>
#include <tuple>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "engine/input_error.hpp"
#include "engine/output_format.hpp"
#include "workflow/fit_pipeline.hpp"
#include "workflow/lm_tests_pipeline.hpp"

namespace spillover::cli {

namespace {

void columbus(const std::string& data_dir) {
    FitRequest request;
    request.input.data_path = data_dir + "/columbus/columbus.csv";
    request.input.weights_path = data_dir + "/columbus/COL.gal";
    request.input.id_column = "POLYID";
    request.formula = "CRIME ~ INC + HOVAL";
    std::cout << "Columbus, Ohio: 49 neighbourhoods, 1980 (Anselin 1988), " << request.input.data_path
              << "\nW: Anselin's contiguity " << request.input.weights_path << ", row-standardised\n\n";
    std::cout << "1. Is there spatial dependence in the OLS residuals? (spillover lmtests)\n\n"
              << run_lm_tests({request.input, request.formula, request.ols}).full_report() << "\n";
    request.models = {"sdm"};
    request.impacts = ImpactsOptions{};
    std::cout << "2. The spatial Durbin model and its spillovers (spillover fit --model sdm --impacts)\n\n"
              << run_fit(request).front().full_report() << "\n";
    request.models = {"ols", "slx", "sar", "sem", "sdm", "sdem", "sac"};
    const std::vector<SpatialFit> fits = run_fit(request);
    std::cout << "3. The family side by side, then the effects of the models with spillovers\n"
                 "   (--model ols,slx,sar,sem,sdm,sdem,sac --impacts --format markdown; latex too)\n\n"
              << write_results(std::vector<EstimationResult>(fits.begin(), fits.end()), OutputFormat::Markdown);
}

FitRequest cigar_request(const std::string& data_dir) {
    FitRequest request;
    request.input.data_path = data_dir + "/cigar/cigar.csv";
    request.input.weights_path = data_dir + "/cigar/cigar_queen.gal";
    request.input.id_column = "state";
    request.input.time_column = "year";
    request.formula = "logc ~ logp + logy";
    request.panel.effects = PanelEffects::TwoWays;
    return request;
}

void cigar_header(const FitRequest& request) {
    std::cout << "Cigarette demand: 46 US states x 1963-1992 (Baltagi & Levin 1992; plm's Cigar), "
              << request.input.data_path << "\nlogc = log packs per capita, logp = log real price, logy = log real "
                 "income per capita\nW: queen contiguity of the states "
              << request.input.weights_path << " (built from spData's us_states), row-standardised\n\n";
}

/// "-0.263 (0.024)": an effect with its simulated standard error.
std::string with_error(const EffectEstimate& e) {
    return fmt::format("{:.3f} ({:.3f})", e.estimate, e.std_error);
}

/// The dynamic spatial Durbin panel and its elasticities, short run beside long run.
void cigar_dynamic(const std::string& data_dir) {
    FitRequest request = cigar_request(data_dir);
    cigar_header(request);
    request.models = {"sdm"};
    request.panel.dynamic = DynamicTerms::Both;
    request.impacts = ImpactsOptions{};
    const SpatialFit fit = run_fit(request).front();
    std::cout << "1. The dynamic spatial Durbin panel with two-way fixed effects: this year's consumption depends on\n"
                 "   last year's (habit) and on the neighbours' last year; bias-corrected quasi-ML (Yu, de Jong & Lee 2008)\n"
                 "   (spillover fit --panel state,year --effects twoways --model sdm --dynamic both --impacts)\n\n"
              << fit.full_report() << "\n";
    std::cout << "2. Elasticities of demand, short run beside long run (Elhorst 2014, ch. 4); simulated standard errors\n\n";
    if (!fit.impacts || !fit.long_run_impacts) {
        std::cout << "   The estimated dynamics are not stable: there are no long-run effects.\n";
        return;
    }
    std::cout << fmt::format("   {:<22} {:>18} {:>18}\n", "", "short run", "long run");
    for (std::size_t v = 0; v < fit.impacts->effects.size(); ++v) {
        const VariableEffects& s = fit.impacts->effects[v];
        const VariableEffects& l = fit.long_run_impacts->effects[v];
        const std::string what = s.variable == "logp" ? "price" : s.variable == "logy" ? "income" : s.variable;
        for (const auto& [label, short_run, long_run] :
             {std::tuple{"direct", &s.direct, &l.direct}, {"indirect", &s.indirect, &l.indirect}, {"total", &s.total, &l.total}})
            std::cout << fmt::format("   {:<22} {:>18} {:>18}\n", what + " (" + label + ")", with_error(*short_run),
                                     with_error(*long_run));
    }
    const auto& price_short = fit.impacts->effects.front().direct, &price_long = fit.long_run_impacts->effects.front().direct;
    std::cout << fmt::format("\n   A 10% higher price lowers a state's own consumption by about {:.1f}% within the year and by\n"
                             "   {:.1f}% once habits have adjusted (tau = {:.3f}).\n\n",
                             -10.0 * price_short.estimate, -10.0 * price_long.estimate, fit.coefficients.front().estimate);
    std::cout << "3. The same as a table for a paper (--format markdown; latex too)\n\n"
              << write_results({fit}, OutputFormat::Markdown);
}

void cigar(const std::string& data_dir) {
    FitRequest request = cigar_request(data_dir);
    cigar_header(request);
    LmTestsRequest lm{request.input, request.formula, request.ols};
    lm.effects = PanelEffects::TwoWays;
    std::cout << "1. Spatial dependence in the residuals of the two-way within model\n"
                 "   (spillover lmtests --panel state,year --effects twoways)\n\n"
              << run_lm_tests(lm).full_report() << "\n";
    request.models = {"sdm"};
    request.impacts = ImpactsOptions{};
    std::cout << "2. The two-way fixed-effects spatial Durbin model and its spillovers\n"
                 "   (spillover fit --panel state,year --effects twoways --model sdm --impacts)\n\n"
              << run_fit(request).front().full_report() << "\n";
    request.impacts.reset();
    request.panel.effects_tests = false;
    request.models = {"ols", "sar", "sem", "sdm"};
    std::vector<SpatialFit> fits = run_fit(request);
    for (const PanelEstimator estimator : {PanelEstimator::BiasCorrected, PanelEstimator::LeeYu}) {
        request.panel.estimator = estimator;
        request.models = {"sdm"};
        fits.push_back(run_fit(request).front());
        fits.back().model = "sdm (" + std::string(to_string(estimator)) + ")";
    }
    std::cout << "3. Two-way fixed effects side by side: the within model, sar, sem, sdm (direct), and sdm\n"
                 "   bias-corrected (--bias-correction) and by Lee & Yu's transformation (--lee-yu)\n\n"
              << write_results(std::vector<EstimationResult>(fits.begin(), fits.end()), OutputFormat::Markdown);
}

}  // namespace

Runner add_demo_command(CLI::App& app) {
    auto data_dir = std::make_shared<std::string>(SPILLOVER_DATA_DIR);
    auto dataset = std::make_shared<std::string>("china");
    auto output_dir = std::make_shared<std::string>("demo-output");
    auto dynamic = std::make_shared<bool>(false);
    CLI::App* demo = app.add_subcommand(
        "demo", "Run the main job on bundled data: china (the study over four W; synthetic panel), columbus, cigar");
    demo->add_option("dataset", *dataset,
                     "china (default: NQPF of 31 provinces, synthetic panel on real geography), columbus (Anselin "
                     "1988, cross-section), cigar (Baltagi, panel)")
        ->check(CLI::IsMember({"china", "columbus", "cigar"}))->capture_default_str();
    demo->add_option("--data-dir", *data_dir, "Folder with the bundled datasets")->capture_default_str();
    demo->add_option("--output-dir", *output_dir, "china: folder for the report, tables and figures")->capture_default_str();
    demo->add_flag("--dynamic", *dynamic,
                   "cigar: the dynamic spatial Durbin panel, with short- and long-run elasticities");
    return [data_dir, dataset, output_dir, dynamic] {
        if (*dynamic && *dataset != "cigar")
            throw InputError("--dynamic is for the cigar demo (spillover demo cigar --dynamic)");
        if (*dataset == "china") return run_china_demo(*data_dir, *output_dir);
        if (*dataset == "cigar" && *dynamic) cigar_dynamic(*data_dir);
        else if (*dataset == "cigar") cigar(*data_dir);
        else columbus(*data_dir);
        return 0;
    };
}

}  // namespace spillover::cli
