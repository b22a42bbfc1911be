// `spillover demo`: the main job on the bundled Columbus data (Anselin 1988), to show what the tool
// does on a fresh machine: OLS and its spatial diagnostics (LM tests) on Anselin's contiguity W, the
// spatial Durbin model with its tests and effects, and the family side by side as tables for a paper.

#include <iostream>

#include "cli/commands.hpp"
#include "engine/output_format.hpp"
#include "workflow/fit_pipeline.hpp"
#include "workflow/lm_tests_pipeline.hpp"

namespace spillover::cli {

Runner add_demo_command(CLI::App& app) {
    auto data_dir = std::make_shared<std::string>(SPILLOVER_DATA_DIR);
    CLI::App* demo = app.add_subcommand("demo", "Run the main job on the bundled Columbus data");
    demo->add_option("--data-dir", *data_dir, "Folder with the bundled datasets")->capture_default_str();
    return [data_dir] {
        FitRequest request;
        request.input.data_path = *data_dir + "/columbus/columbus.csv";
        request.input.weights_path = *data_dir + "/columbus/COL.gal";
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
        return 0;
    };
}

}  // namespace spillover::cli
