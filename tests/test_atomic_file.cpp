#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>
#include <sys/stat.h>

#include "engine/atomic_file.hpp"
#include "engine/input_error.hpp"
#include "tests/test_support.hpp"

using namespace spillover;

TEST_CASE("Atomic write: replaces the content, leaves no temporary file, usual permissions") {
    const spillover::testing::TempDir scratch("spillover_atomic");
    const auto& dir = scratch.root();
    const auto target = dir / "out.txt";
    write_file_atomically(target.string(), "first\n");
    write_file_atomically(target.string(), "second\n");
    std::ifstream in(target);
    std::stringstream s;
    s << in.rdbuf();
    CHECK(s.str() == "second\n");
    CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator{}) == 1);
    struct stat info {};
    REQUIRE(::stat(target.c_str(), &info) == 0);
    CHECK((info.st_mode & S_IRGRP) != 0);  // not mkstemp's 0600
}

TEST_CASE("Atomic write: a missing directory is an input error naming the path") {
    CHECK_THROWS_WITH_AS(write_file_atomically("/no/such/dir/out.txt", "x"),
                         doctest::Contains("cannot write '/no/such/dir/out.txt'"), InputError);
}
