// spillover: the command-line front end. Parses arguments (CLI11), calls the library, writes the
// output. Exit codes: 0 success (a fit with a warning status is still a success, the warning goes to
// stderr), 2 bad input or usage, 1 internal failure. Errors are one line: "spillover: error: ...".

#include <exception>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "engine/atomic_file.hpp"

namespace {

int usage_error(const std::string& message) {
    std::cerr << "spillover: error: " << message << " (see spillover --help)\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    spillover::remove_partial_output_on_signals();
    CLI::App app{"spillover: spatial econometrics — weights, spatial regression, spillover effects", "spillover"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "spillover 0.1.0");
    const std::map<std::string, spillover::cli::Runner> commands{
        {"fit", spillover::cli::add_fit_command(app)},
        {"demo", spillover::cli::add_demo_command(app)},
        {"weights", spillover::cli::add_weights_command(app)},
        {"lmtests", spillover::cli::add_lmtests_command(app)},
        {"markov", spillover::cli::add_markov_command(app)},
        {"moran", spillover::cli::add_moran_command(app)},
        {"geary", spillover::cli::add_geary_command(app)},
        {"getis", spillover::cli::add_getis_command(app)},
        {"index", spillover::cli::add_index_command(app)},
        {"inequality", spillover::cli::add_inequality_command(app)},
        {"density", spillover::cli::add_density_command(app)},
        {"workflow", spillover::cli::add_workflow_command(app)},
    };
    if (argc > 1 && argv[1][0] != '-' && commands.count(argv[1]) == 0) {
        std::string known;
        for (const auto& [name, runner] : commands) known += (known.empty() ? "" : ", ") + name;
        return usage_error("unknown command '" + std::string(argv[1]) + "' (commands: " + known + ")");
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return usage_error(e.what());
    }
    try {
        return commands.at(app.get_subcommands().front()->get_name())();
    } catch (const std::invalid_argument& e) {  // spillover::InputError and option validation
        std::cerr << "spillover: error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "spillover: internal error: " << e.what() << "\n";
        return 1;
    } catch (...) {
        std::cerr << "spillover: internal error: unknown exception\n";
        return 1;
    }
}
