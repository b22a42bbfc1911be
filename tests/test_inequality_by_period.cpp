// Gini, Dagum's decomposition and Theil's, period by period, against base R from the definitions
// (tests/reference/inequality_oracle.R) on Cigar's sales by year, in the four Census regions.

#include <algorithm>
#include <cmath>
#include <string>

#include <doctest/doctest.h>

#include "tests/test_support.hpp"
#include "workflow/inequality_pipeline.hpp"

using namespace spillover;
using spillover::testing::check_relative;

namespace {

InequalityRequest cigar_request() {
    InequalityRequest r;
    r.input.data_path = std::string(SPILLOVER_FIXTURE_DIR) + "/cigar_regions.csv";
    r.input.id_column = "state";
    r.input.time_column = "year";
    r.variable = "sales";
    r.group_column = "region";
    return r;
}

}  // namespace

TEST_CASE("Inequality by period: Gini, Dagum and Theil equal base R on Cigar sales, 30 years, 4 regions") {
    const auto fixture = testing::load_fixture("inequality_cigar.json");
    const InequalityResult r = run_inequality(cigar_request());
    REQUIRE(r.periods.size() == 30);
    REQUIRE(r.groups == fixture["groups"].get<std::vector<std::string>>());
    CHECK(r.status == FitStatus::Ok);
    const double tol = 1e-12;
    for (std::size_t p = 0; p < r.periods.size(); ++p) {
        const auto& expected = fixture["by_year"][p];
        const PeriodInequality& got = r.periods[p];
        REQUIRE(got.period == expected["period"].get<std::string>());
        const std::string at = " " + got.period;
        check_relative(got.mean, expected["mean"], tol, "mean" + at);
        const auto& dagum = expected["dagum"];
        check_relative(got.gini, dagum["gini"], tol, "G" + at);
        check_relative(got.dagum->gini, dagum["gini"], tol, "Dagum G" + at);
        check_relative(got.dagum->within, dagum["within"], tol, "G_w" + at);
        check_relative(got.dagum->net_between, dagum["net_between"], tol, "G_nb" + at);
        check_relative(got.dagum->transvariation, dagum["transvariation"], tol, "G_t" + at);
        for (std::size_t g = 0; g < r.groups.size(); ++g)
            check_relative(got.dagum->within_gini(static_cast<Eigen::Index>(g)), dagum["G_jj"][r.groups[g]], tol,
                           "G_jj " + r.groups[g] + at);
        for (const auto& pair : dagum["pairs"]) {
            const auto first = static_cast<int>(std::find(r.groups.begin(), r.groups.end(), pair["first"]) - r.groups.begin());
            const auto second = static_cast<int>(std::find(r.groups.begin(), r.groups.end(), pair["second"]) - r.groups.begin());
            const DagumPair& mine = got.dagum->pair(first, second);
            CHECK(r.groups[static_cast<std::size_t>(mine.richer)] == pair["richer"].get<std::string>());
            check_relative(mine.gini, pair["G_jh"], tol, "G_jh" + at);
            check_relative(mine.affluence, pair["d_jh"], tol, "d_jh" + at);
            check_relative(mine.transvariation, pair["p_jh"], tol, "p_jh" + at);
            check_relative(mine.relative_affluence, pair["D_jh"], tol, "D_jh" + at);
        }
        const auto& theil = expected["theil"];
        for (const auto& [key, value] : {std::pair{"t", got.theil.t}, {"t_within", got.theil.t_within},
                                         {"t_between", got.theil.t_between}, {"l", got.theil.l},
                                         {"l_within", got.theil.l_within}, {"l_between", got.theil.l_between}})
            check_relative(value, theil[key], tol, std::string(key) + at);
    }
}

TEST_CASE("Inequality by period: the report has the papers' tables, one row per period") {
    const StatisticsReport report = run_inequality(cigar_request()).report();
    report.validate();
    std::vector<std::string> keys;
    for (const auto& t : report.tables) keys.push_back(t.key);
    CHECK(keys == std::vector<std::string>{"inequality", "dagum", "dagum_within", "dagum_between",
                                           "dagum_relative_affluence", "theil"});
    const ResultTable& between = report.tables[3];
    CHECK(between.columns.size() == 6);  // 4 groups: 6 pairs
    CHECK(between.columns.front().key == "Midwest-Northeast");
    CHECK(between.rows.size() == 30);
    const ResultTable& dagum = report.tables[1];
    const auto& row = dagum.rows.front();
    double shares = 0.0;
    for (const char* key : {"within_share", "net_between_share", "transvariation_share"})
        shares += std::get<double>(row.cells[dagum.column_index(key)]);
    CHECK(shares == doctest::Approx(1.0).epsilon(1e-13));
}

TEST_CASE("Inequality by period: a cross-section is one row, a negative value names its unit and period") {
    testing::TempDir dir;
    InequalityRequest r;
    r.input.data_path = dir.write("x.csv", "id,y\na,1\nb,3\n");
    r.input.id_column = "id";
    r.variable = "y";
    const InequalityResult cross = run_inequality(r);
    REQUIRE(cross.periods.size() == 1);
    CHECK(cross.periods.front().gini == doctest::Approx(0.25).epsilon(1e-15));  // |1-3|*2 / (2*4*2)
    CHECK(!cross.periods.front().dagum);

    r.input.data_path = dir.write("p.csv", "id,t,y\na,1,1\nb,1,3\na,2,2\nb,2,-4\n");
    r.input.time_column = "t";
    const auto e = testing::input_error([&] { run_inequality(r); });
    CHECK(testing::contains(e.what(), "unit \"b\" in period 2"));
    CHECK(testing::contains(e.what(), "-4"));

    r.input.data_path = dir.write("z.csv", "id,y\na,0\nb,2\n");
    r.input.time_column.clear();
    const InequalityResult zero = run_inequality(r);
    CHECK(zero.status == FitStatus::Warning);
    CHECK(testing::contains(zero.message, "Theil L"));
}
