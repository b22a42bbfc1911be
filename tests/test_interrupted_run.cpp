// Nothing lost: an output file is the old one or the new one whenever a run is interrupted by a real
// signal, and no temporary file is left behind (engine/atomic_file.hpp).

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "tests/cli_test_support.hpp"

namespace fs = std::filesystem;
using spillover::testing::contains;
using spillover::testing::slurp;

namespace {

const std::string kOld = "the previous run's table\n";

/// `spillover moran ... --output TARGET` started in the background, its output discarded; the rename
/// waits `delay_ms` (SPILLOVER_TEST_RENAME_DELAY_MS) when that is positive. posix_spawn, not fork:
/// the test process has threads (OpenBLAS's), and a forked child may only call async-signal-safe
/// functions before exec.
pid_t start_moran(const fs::path& target, int delay_ms) {
    const std::string data = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.csv";
    const std::string weights = std::string(SPILLOVER_DATA_DIR) + "/columbus/columbus.gal";
    std::vector<std::string> args{"spillover", "moran", "--data", data, "--id", "POLYID", "--weights", weights,
                                  "--var", "CRIME", "--local", "--permutations", "999", "--output", target.string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        if (!std::string_view(*e).starts_with("SPILLOVER_TEST_RENAME_DELAY_MS=")) env.emplace_back(*e);
    if (delay_ms > 0) env.push_back("SPILLOVER_TEST_RENAME_DELAY_MS=" + std::to_string(delay_ms));
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int failed = ::posix_spawn(&pid, SPILLOVER_CLI_PATH, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(failed == 0);
    return pid;
}

/// The hidden temporary files of `target` in its folder (".NAME.XXXXXX").
std::vector<fs::path> temporaries(const fs::path& target) {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(target.parent_path()))
        if (entry.path().filename().string().starts_with("." + target.filename().string() + "."))
            found.push_back(entry.path());
    return found;
}

/// Waits up to 20 s for the run to have written its temporary file.
bool wait_for_temporary(const fs::path& target) {
    for (int i = 0; i < 2000; ++i) {
        if (!temporaries(target).empty()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

int wait_status(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

/// A complete local Moran table as the command writes it.
bool is_complete_table(const std::string& text) {
    return contains(text, "Local Moran") && text.size() > 1000 && text.back() == '\n';
}

}  // namespace

TEST_CASE("Interrupted run: a signal while the new output is written leaves the old file and no temporary") {
    const spillover::testing::TempDir scratch("spillover_interrupt");
    for (const int signal_number : {SIGINT, SIGTERM}) {
        CAPTURE(signal_number);
        const fs::path target = scratch.root() / ("table_" + std::to_string(signal_number) + ".txt");
        std::ofstream(target) << kOld;
        const pid_t pid = start_moran(target, 30000);
        REQUIRE(wait_for_temporary(target));  // the new table is in its temporary file, not yet renamed
        ::kill(pid, signal_number);
        const int status = wait_status(pid);
        CHECK(WIFSIGNALED(status));  // ended by the signal itself, as a shell expects
        CHECK(WTERMSIG(status) == signal_number);
        CHECK(slurp(target) == kOld);
        CHECK(temporaries(target).empty());
    }
}

TEST_CASE("Interrupted run: a signal at any moment leaves either the old file or the whole new one") {
    const spillover::testing::TempDir scratch("spillover_interrupt_any");
    const fs::path target = scratch.root() / "table.txt";
    // A run to the end gives the new table; then signals at moments spread over a run's length.
    std::ofstream(target) << kOld;
    const auto start = std::chrono::steady_clock::now();
    const int finished = wait_status(start_moran(target, 0));
    const auto run_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(WIFEXITED(finished));
    REQUIRE(WEXITSTATUS(finished) == 0);
    const std::string complete = slurp(target);
    REQUIRE(is_complete_table(complete));

    int old_seen = 0, new_seen = 0;
    for (int k = 0; k < 8; ++k) {
        std::ofstream(target) << kOld;
        const pid_t pid = start_moran(target, 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(run_ms * k / 7));
        ::kill(pid, SIGTERM);
        wait_status(pid);
        const std::string now = slurp(target);
        CAPTURE(k);
        CHECK((now == kOld || now == complete));
        old_seen += now == kOld;
        new_seen += now == complete;
        CHECK(temporaries(target).empty());
    }
    MESSAGE("old file kept in " << old_seen << " of 8 interrupted runs, new file whole in " << new_seen);
}
