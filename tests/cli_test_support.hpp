#pragma once
// Running the built `spillover` as a user does, for the command-line suites: exit code, standard
// output and standard error of one run, stdin closed as in CI.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/test_support.hpp"

namespace spillover::testing {

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A scratch directory for the whole test process (removed at exit).
inline const std::filesystem::path& cli_scratch() {
    static const TempDir dir("spillover_cli");
    return dir.root();
}

/// Runs `spillover ARGS` (ARGS quoted by the caller as for sh).
inline Run run_cli(const std::string& args) {
    const auto out = cli_scratch() / "stdout", err = cli_scratch() / "stderr";
    const std::string command = std::string("'") + SPILLOVER_CLI_PATH + "' " + args + " </dev/null >'" +
                                out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

}  // namespace spillover::testing
