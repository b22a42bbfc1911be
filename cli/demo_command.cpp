// `spillover demo`: the main job on the bundled Columbus data (Anselin 1988), to show what the tool
// does on a fresh machine. Today: OLS of CRIME on INC and HOVAL, as text and as a Markdown table.

#include <iostream>

#include "cli/commands.hpp"
#include "engine/output_format.hpp"
#include "models/workflow.hpp"

namespace spillover::cli {

Runner add_demo_command(CLI::App& app) {
    auto data_dir = std::make_shared<std::string>(SPILLOVER_DATA_DIR);
    CLI::App* demo = app.add_subcommand("demo", "Run the main job on the bundled Columbus data");
    demo->add_option("--data-dir", *data_dir, "Folder with the bundled datasets")->capture_default_str();
    return [data_dir] {
        FitRequest request;
        request.data_path = *data_dir + "/columbus/columbus.csv";
        request.formula = "CRIME ~ INC + HOVAL";
        request.id_column = "POLYID";
        const SpatialFit fit = run_fit(request).front();
        std::cout << "Columbus, Ohio: 49 neighbourhoods, 1980 (Anselin 1988), " << request.data_path << "\n\n";
        std::cout << write_results({fit}, OutputFormat::Text) << "\n";
        std::cout << "The same fit as a table for a paper (--format markdown; latex also available):\n\n";
        std::cout << write_results({fit}, OutputFormat::Markdown);
        return 0;
    };
}

}  // namespace spillover::cli
