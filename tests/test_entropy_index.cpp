// The entropy-weight index and its TOPSIS closeness: a small example by hand, properties, and base R
// from the definitions on Cigar (tests/reference/inequality_oracle.R).

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "inequality/entropy_index.hpp"
#include "tests/test_support.hpp"
#include "workflow/index_pipeline.hpp"

using namespace spillover;
using spillover::testing::check_relative;

namespace {

/// 3 units x 2 years x 3 indicators (a, b positive; c negative), panel order (year 1: u1 u2 u3, year 2: u1 u2 u3).
Eigen::MatrixXd small_example() {
    Eigen::MatrixXd x(6, 3);
    x << 10, 1, 5,  //
        20, 2, 3,   //
        30, 1, 1,   //
        10, 2, 4,   //
        30, 1, 2,   //
        50, 2, 1;
    return x;
}

const std::vector<std::string> units{"u1", "u2", "u3"}, years{"1", "2"};

}  // namespace

TEST_CASE("Entropy index: 3 units x 2 years x 3 indicators by hand (shift 0)") {
    // Pooled min-max (m = 6 unit-years), shift 0 so that the fractions stay simple (0 ln 0 = 0):
    //   a (+): min 10, max 50:  x' = 0, 1/4, 1/2, 0, 1/2, 1;   sum 9/4 -> p = 0, 1/9, 2/9, 0, 2/9, 4/9
    //   b (+): min 1, max 2:    x' = 0, 1, 0, 1, 0, 1;         sum 3   -> p = 0, 1/3, 0, 1/3, 0, 1/3
    //   c (-): min 1, max 5:    x' = (5 - x)/4 = 0, 1/2, 1, 1/4, 3/4, 1;  sum 7/2 -> p = 0, 1/7, 2/7, 1/14, 3/14, 2/7
    //   e_a = -(1/ln 6)[(1/9) ln(1/9) + 2 (2/9) ln(2/9) + (4/9) ln(4/9)] = 0.710490642551528
    //   e_b = -(1/ln 6)[3 (1/3) ln(1/3)] = ln 3 / ln 6                     = 0.6131471927654585
    //   e_c = -(1/ln 6)[(1/7) ln(1/7) + 2 (2/7) ln(2/7) + (1/14) ln(1/14) + (3/14) ln(3/14)] = 0.8441150748420817
    //   d = 1 - e = 0.28950935744847195, 0.3868528072345415, 0.1558849251579183 (sum 0.8322470898409917)
    //   w = d / sum d = 0.3478646678161484, 0.46482927000499463, 0.18730606217885692
    //   index = w_a x'_a + w_b x'_b + w_c x'_c, e.g. u2 in year 1: w_a/4 + w_b + w_c/2 = 0.6454484680484602
    // TOPSIS on x' (ideal best x' = 1, worst x' = 0 in every column, as min-max makes them):
    //   D+_i = sqrt(sum_j w_j^2 (1 - x'_ij)^2), D-_i = sqrt(sum_j w_j^2 x'_ij^2), C = D-/(D+ + D-)
    //   u2 year 1: D+ = sqrt((3w_a/4)^2 + 0 + (w_c/2)^2), D- = sqrt((w_a/4)^2 + w_b^2 + (w_c/2)^2) -> C = 0.6349182460336296
    EntropyIndexOptions o;
    o.shift = 0.0;
    const EntropyIndexResult r = entropy_index(small_example(), parse_indicators("a,b,-c"), units, years, o);
    const double tol = 1e-14;
    const std::vector<double> e{0.710490642551528, 0.6131471927654585, 0.8441150748420817};
    const std::vector<double> w{0.3478646678161484, 0.46482927000499463, 0.18730606217885692};
    for (std::size_t j = 0; j < 3; ++j) {
        check_relative(r.weights[j].entropy, e[j], tol, "entropy " + r.weights[j].indicator.name);
        check_relative(r.weights[j].weight, w[j], tol, "weight " + r.weights[j].indicator.name);
    }
    CHECK(r.weights[2].indicator.direction == Direction::Negative);
    const std::vector<double> index{0.0, 0.6454484680484602, 0.3612383960869311, 0.5116557855497088, 0.3144118805422169, 1.0};
    const std::vector<double> topsis{0.0, 0.6349182460336296, 0.3399445347143694, 0.5546232896442442, 0.30962707446085214, 1.0};
    for (Eigen::Index i = 0; i < 6; ++i) {
        CHECK(r.index(i) == doctest::Approx(index[static_cast<std::size_t>(i)]).epsilon(tol));
        CHECK(r.topsis(i) == doctest::Approx(topsis[static_cast<std::size_t>(i)]).epsilon(tol));
    }

    // The default shift 1e-4 moves every x' up by 1e-4: the index by exactly that (weights sum to 1),
    // TOPSIS not at all (both ideals move alike); the weights change only slightly.
    const EntropyIndexResult shifted = entropy_index(small_example(), parse_indicators("a,b,-c"), units, years);
    CHECK(shifted.options.shift == 1e-4);
    for (Eigen::Index i = 0; i < 6; ++i) CHECK(shifted.topsis(i) == doctest::Approx(r.topsis(i)).epsilon(1e-3));
    CHECK(shifted.weights[1].weight == doctest::Approx(w[1]).epsilon(1e-3));
}

TEST_CASE("Entropy index: weights sum to 1, an indicator near-uniform after normalisation gets a small weight") {
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Eigen::MatrixXd x(40, 3);
    for (Eigen::Index i = 0; i < 40; ++i) {
        x(i, 0) = u(rng);                           // spread over its range
        x(i, 1) = std::pow(u(rng), 3.0);            // mass near its minimum: very unequal shares
        x(i, 2) = i == 0 ? 0.0 : 10.0 + 0.1 * u(rng);  // one low outlier, the rest bunched near the top
    }
    std::vector<std::string> ids;
    for (int i = 0; i < 40; ++i) ids.push_back(std::to_string(i));
    const EntropyIndexResult r = entropy_index(x, parse_indicators("spread,skewed,bunched"), ids, {""});
    double total = 0.0;
    for (const auto& w : r.weights) total += w.weight;
    CHECK(total == doctest::Approx(1.0).epsilon(1e-15));
    CHECK(r.weights[2].weight < 0.2 * r.weights[0].weight);
    CHECK(r.weights[1].weight > r.weights[0].weight);
    CHECK(r.index.minCoeff() >= 1e-4);
    CHECK(r.index.maxCoeff() <= 1.0 + 1e-4);
}

TEST_CASE("Entropy index: a constant indicator is refused by name, --indicators is parsed strictly") {
    Eigen::MatrixXd x = small_example();
    x.col(1).setConstant(7.0);
    const auto e = testing::input_error([&] { entropy_index(x, parse_indicators("a,flat,-c"), units, years); });
    CHECK(testing::contains(e.what(), "indicator 'flat' is constant"));
    // per period: constant within a period only
    Eigen::MatrixXd y = small_example();
    y.block(0, 0, 3, 1).setConstant(2.0);
    EntropyIndexOptions o;
    o.scope = NormalisationScope::PerPeriod;
    const auto p = testing::input_error([&] { entropy_index(y, parse_indicators("a,b,-c"), units, years, o); });
    CHECK(testing::contains(p.what(), "indicator 'a' is constant in period 1"));

    const auto list = parse_indicators(" gdp , -pollution,patents");
    REQUIRE(list.size() == 3);
    CHECK(list[1].name == "pollution");
    CHECK(list[1].direction == Direction::Negative);
    CHECK(testing::contains(testing::input_error([] { parse_indicators("a,,b"); }).what(), "empty indicator"));
    CHECK(testing::contains(testing::input_error([] { parse_indicators("a,-a"); }).what(), "'a' is given twice"));
    o.shift = -1.0;
    CHECK_THROWS_AS(o.validate(), std::invalid_argument);
}

TEST_CASE("Entropy index: pooled, per-period and vector TOPSIS equal base R on Cigar (sales, ndi, -price)") {
    const auto fixture = testing::load_fixture("inequality_cigar.json");
    IndexRequest request;
    request.input.data_path = std::string(SPILLOVER_FIXTURE_DIR) + "/cigar_regions.csv";
    request.input.id_column = "state";
    request.input.time_column = "year";
    request.indicators = "sales,ndi,-price";
    const double tol = 1e-12;

    const EntropyIndexResult pooled = run_entropy_index(request);
    const auto& expected = fixture["entropy"]["pooled"];
    for (std::size_t j = 0; j < 3; ++j) {
        check_relative(pooled.weights[j].entropy, expected["entropy"][j], tol, "entropy");
        check_relative(pooled.weights[j].divergence, expected["divergence"][j], tol, "divergence");
        check_relative(pooled.weights[j].weight, expected["weight"][j], tol, "weight");
    }
    REQUIRE(pooled.index.size() == 1380);
    for (Eigen::Index i = 0; i < 1380; ++i) {
        check_relative(pooled.index(i), expected["index"][static_cast<std::size_t>(i)], tol, "index");
        check_relative(pooled.topsis(i), expected["topsis"][static_cast<std::size_t>(i)], tol, "topsis");
    }

    request.options.topsis_normalisation = TopsisNormalisation::Vector;
    const EntropyIndexResult vector = run_entropy_index(request);
    for (Eigen::Index i = 0; i < 1380; ++i)
        check_relative(vector.topsis(i), expected["topsis_vector"][static_cast<std::size_t>(i)], tol, "topsis vector");

    request.options.topsis_normalisation = TopsisNormalisation::MinMax;
    request.options.scope = NormalisationScope::PerPeriod;
    const EntropyIndexResult per = run_entropy_index(request);
    REQUIRE(per.weights.size() == 90);
    for (std::size_t p = 0; p < 30; ++p) {
        const auto& e = fixture["entropy"]["per_period"][p];
        for (std::size_t j = 0; j < 3; ++j) {
            CHECK(per.weights[p * 3 + j].period == e["period"].get<std::string>());
            check_relative(per.weights[p * 3 + j].weight, e["weight"][j], tol, "weight per period");
        }
    }
    const auto& first = fixture["entropy"]["per_period"][0];
    for (Eigen::Index i = 0; i < 46; ++i) {
        check_relative(per.index(i), first["index"][static_cast<std::size_t>(i)], tol, "index per period");
        check_relative(per.topsis(i), first["topsis"][static_cast<std::size_t>(i)], tol, "topsis per period");
    }
    const StatisticsReport report = per.report();
    report.validate();
    CHECK(report.tables.front().rows.size() == 30);
    CHECK(report.tables.front().columns.size() == 3);
}
