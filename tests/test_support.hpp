#pragma once
// Helpers shared by the test suites: a scratch directory, catching an InputError, substring checks.

#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include <nlohmann/json.hpp>

#include "engine/input_error.hpp"

namespace spillover::testing {

/// A fresh directory under the system temporary directory, removed when the object goes.
class TempDir {
public:
    explicit TempDir(const std::string& prefix = "spillover_test") {
        std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "_XXXXXX")).string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// Writes `content` (bytes as given) to a file in the directory and returns its path.
    std::string write(const std::string& name, std::string_view content) const {
        const std::string file = path(name);
        std::ofstream(file, std::ios::binary) << content;
        return file;
    }
    std::string path(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& root() const { return path_; }

private:
    std::filesystem::path path_;
};

/// Runs `f`, which must throw InputError, and returns the error.
template <typename F>
InputError input_error(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e;
    }
    FAIL("expected an InputError");
    return InputError("unreachable");
}

/// A JSON fixture from tests/fixtures.
inline nlohmann::json load_fixture(const std::string& name) {
    std::ifstream in(std::string(SPILLOVER_FIXTURE_DIR) + "/" + name);
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

/// |actual − expected| ≤ tol·|expected| (with an absolute floor at the smallest double for zeros).
inline void check_relative(double actual, double expected, double tol, const std::string& what) {
    INFO(what << ": actual " << actual << " expected " << expected);
    CHECK(std::fabs(actual - expected) <= tol * std::max(std::fabs(expected), 1.0e-300) + 1e-300);
}

inline bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

}  // namespace spillover::testing
