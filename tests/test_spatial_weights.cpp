// SpatialWeights, its transforms, the neighbour graph, the spectrum and the attribute builders,
// against spdep (tests/reference/weights_spdep.R) and against properties.

#include <cmath>
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "engine/csv_reader.hpp"
#include "engine/input_error.hpp"
#include "tests/weights_test_support.hpp"
#include "weights/attribute_weights.hpp"
#include "weights/graph.hpp"
#include "weights/spectrum.hpp"
#include "weights/transforms.hpp"
#include "weights/weights_io.hpp"
#include "weights/weights_summary.hpp"

using namespace spillover;
using Index = SpatialWeights::Index;

namespace {

SpatialWeights anselin_columbus() { return read_weights(std::string(SPILLOVER_DATA_DIR) + "/columbus/COL.gal"); }

/// W aligned to ids "1".."n" (the fixtures' record order).
SpatialWeights in_record_order(const SpatialWeights& w) {
    std::vector<Index> order;
    for (Index i = 0; i < w.n(); ++i) order.push_back(*w.index_of(std::to_string(i + 1)));
    return w.permuted(order);
}

SpatialWeights path_graph(Index n) {
    std::vector<std::string> ids;
    std::vector<std::vector<Index>> nb(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) {
        ids.push_back("u" + std::to_string(i));
        if (i > 0) nb[static_cast<std::size_t>(i)].push_back(i - 1);
        if (i + 1 < n) nb[static_cast<std::size_t>(i)].push_back(i + 1);
    }
    return SpatialWeights::from_neighbours(ids, nb);
}

}  // namespace

TEST_CASE("SpatialWeights: construction checks, lag, islands, lookup") {
    const SpatialWeights w = SpatialWeights::from_neighbours({"a", "b", "c", "d"}, {{1}, {0, 2}, {1}, {}}, {{2.0}, {1.0, 3.0}, {0.5}, {}});
    CHECK(w.n() == 4);
    CHECK(w.links() == 4);
    CHECK(w.islands() == std::vector<Index>{3});
    CHECK(*w.index_of("c") == 2);
    CHECK_FALSE(w.index_of("z"));
    CHECK(w.is_pattern_symmetric());
    CHECK_FALSE(w.is_symmetric());
    Eigen::VectorXd x(4);
    x << 1, 2, 3, 4;
    const Eigen::VectorXd lag = w.lag(x);
    CHECK(lag(0) == 4.0);
    CHECK(lag(1) == 10.0);
    CHECK(lag(2) == 1.0);
    CHECK(lag(3) == 0.0);  // an island's lag is zero
    CHECK_THROWS_WITH_AS(SpatialWeights::from_neighbours({"a", "b"}, {{0}, {}}), doctest::Contains("its own neighbour"), InputError);
    CHECK_THROWS_WITH_AS(SpatialWeights::from_neighbours({"a", "a"}, {{1}, {0}}), doctest::Contains("'a' appears twice"), InputError);
    CHECK_THROWS_WITH_AS(SpatialWeights::from_neighbours({"a", "b"}, {{1, 1}, {0}}), doctest::Contains("listed twice"), InputError);
    CHECK_THROWS_WITH_AS(SpatialWeights::from_neighbours({"a", "b"}, {{1}, {0}}, {{-1.0}, {1.0}}),
                         doctest::Contains("non-negative"), InputError);
}

TEST_CASE("SpatialWeights: permuting the units permutes W consistently") {
    const SpatialWeights w = SpatialWeights::from_neighbours({"a", "b", "c"}, {{1, 2}, {2}, {0}}, {{1.0, 2.0}, {3.0}, {4.0}});
    const SpatialWeights p = w.permuted({2, 0, 1});  // rows: c, a, b
    CHECK(p.ids() == std::vector<std::string>{"c", "a", "b"});
    CHECK(p.matrix().coeff(0, 1) == 4.0);  // c -> a
    CHECK(p.matrix().coeff(1, 2) == 1.0);  // a -> b
    CHECK(p.matrix().coeff(1, 0) == 2.0);  // a -> c
    CHECK(p.matrix().coeff(2, 0) == 3.0);  // b -> c
}

TEST_CASE("Transforms: row, binary, minmax, spectral, symmetrise") {
    const SpatialWeights w = SpatialWeights::from_neighbours({"a", "b", "c", "d"}, {{1}, {0, 2}, {1}, {}}, {{2.0}, {2.0, 3.0}, {3.0}, {}});
    const SpatialWeights row = transformed(w, WeightsTransform::Row);
    const Eigen::VectorXd sums = row_sums(row);
    CHECK(sums(0) == doctest::Approx(1.0));
    CHECK(sums(1) == doctest::Approx(1.0));
    CHECK(sums(3) == 0.0);  // island stays zero
    CHECK(row.matrix().coeff(1, 2) == doctest::Approx(0.6));
    CHECK(row.transform() == WeightsTransform::Row);
    CHECK(row.symmetric_scaling().size() == 4);  // the input was symmetric
    CHECK(transformed(w, WeightsTransform::Binary).matrix().coeff(1, 2) == 1.0);
    // minmax: max row sum 5, max column sum 5 → divide by 5.
    CHECK(transformed(w, WeightsTransform::MinMax).matrix().coeff(1, 2) == doctest::Approx(0.6));
    // spectral: eigenvalues of [[0,2,0],[2,0,3],[0,3,0]] are 0, ±sqrt(13).
    CHECK(transformed(w, WeightsTransform::Spectral).matrix().coeff(0, 1) == doctest::Approx(2.0 / std::sqrt(13.0)));
    const SpatialWeights knn = SpatialWeights::from_neighbours({"a", "b", "c"}, {{1}, {2}, {1}});
    const SpatialWeights sym = symmetrised(knn, SymmetriseRule::Union);
    CHECK(sym.is_symmetric());
    CHECK(sym.links() == 4);
    CHECK(symmetrised(knn, SymmetriseRule::Average).matrix().coeff(0, 1) == 0.5);
    CHECK(parse_weights_transform("W") == WeightsTransform::Row);
    CHECK_THROWS_WITH_AS(parse_weights_transform("rowwise"), doctest::Contains("choose none, binary, row"), InputError);
}

// Found by review while writing the fuzz harnesses' downstream check (row-standardising must keep
// every unit's neighbours; fuzz/regressions/gwt/row_sum_overflow.gwt fails it), on a W that every
// reader accepts: finite weights whose row sum overflows were divided by inf, so the unit became an
// island without a word; minmax divided every weight to 0.
TEST_CASE("Transforms: weights whose row sum overflows are row-standardised, not zeroed") {
    const SpatialWeights w = SpatialWeights::from_neighbours({"a", "b", "c"}, {{1, 2}, {0}, {0}}, {{1e308, 1e308}, {1e308}, {1e308}});
    const SpatialWeights row = transformed(w, WeightsTransform::Row);
    CHECK(row.links() == 4);
    CHECK(row.matrix().coeff(0, 1) == 0.5);
    CHECK(row.matrix().coeff(0, 2) == 0.5);
    CHECK(row.matrix().coeff(1, 0) == 1.0);
    CHECK(row.matrix().coeff(2, 0) == 1.0);
    CHECK(w.is_symmetric());
    CHECK(row.symmetric_scaling().size() == 0);  // d = the row sums cannot be written down
    CHECK_THROWS_WITH_AS(transformed(w, WeightsTransform::MinMax), doctest::Contains("the scale is inf (weights so large"),
                         InputError);
}

TEST_CASE("Graph: higher-order neighbours and components equal spdep on Columbus") {
    const auto ref = spillover::testing::weights_fixture("columbus_graph.json");
    const SpatialWeights w = in_record_order(anselin_columbus());
    const auto order2 = spillover::testing::one_based(higher_order(w, 2));
    const auto order3 = spillover::testing::one_based(higher_order(w, 3, NeighbourOrder::Cumulative));
    for (std::size_t i = 0; i < order2.size(); ++i) {
        CHECK(order2[i] == ref["order2_exclusive"][i].get<std::vector<Index>>());
        CHECK(order3[i] == ref["order3_cumulative"][i].get<std::vector<Index>>());
    }
    CHECK(connected_components(w).count == ref["components"].get<int>());
    const auto path = higher_order(path_graph(5), 1);
    CHECK(path.links() == 8);
}

TEST_CASE("Graph: components of a graph with islands and an asymmetric link") {
    const SpatialWeights w = SpatialWeights::from_neighbours({"a", "b", "c", "d", "e"}, {{1}, {}, {3}, {}, {}});
    const Components c = connected_components(w);
    CHECK(c.count == 3);  // {a,b} joined by a one-way link, {c,d}, {e}
    CHECK(c.label == std::vector<int>{0, 0, 1, 1, 2});
    CHECK(c.sizes() == std::vector<Index>{2, 2, 1});
}

TEST_CASE("Spectrum: row-standardised Columbus equals R's eigen(), dense and shift-invert") {
    const auto ref = spillover::testing::weights_fixture("columbus_graph.json");
    const SpatialWeights w = transformed(anselin_columbus(), WeightsTransform::Row);
    const ExtremeEigenvalues dense = extreme_eigenvalues(w);
    CHECK(dense.smallest == doctest::Approx(ref["row_eigen_min"].get<double>()).epsilon(1e-12));
    CHECK(dense.largest == doctest::Approx(ref["row_eigen_max"].get<double>()).epsilon(1e-12));
    SpectrumOptions iterative;
    iterative.dense_limit = 0;
    const ExtremeEigenvalues lanczos = extreme_eigenvalues(w, iterative);
    CHECK(lanczos.converged);
    CHECK(lanczos.smallest == doctest::Approx(dense.smallest).epsilon(1e-9));
    CHECK(lanczos.largest == doctest::Approx(1.0).epsilon(1e-9));
    CHECK(lanczos.method.find("shift-invert") != std::string::npos);
    const ExtremeEigenvalues binary = extreme_eigenvalues(anselin_columbus());
    CHECK(binary.largest == doctest::Approx(ref["binary_eigen_max"].get<double>()).epsilon(1e-12));
}

TEST_CASE("Spectrum: asymmetric W, dense real parts and Arnoldi agree") {
    // A row-standardised directed ring with one chord: complex eigenvalues.
    std::vector<std::string> ids;
    std::vector<std::vector<Index>> nb;
    const Index n = 60;
    for (Index i = 0; i < n; ++i) {
        ids.push_back(std::to_string(i));
        nb.push_back({(i + 1) % n});
        if (i % 7 == 0) nb.back().push_back((i + 5) % n);
    }
    const SpatialWeights w = transformed(SpatialWeights::from_neighbours(ids, nb), WeightsTransform::Row);
    const ExtremeEigenvalues dense = extreme_eigenvalues(w);
    CHECK(dense.largest == doctest::Approx(1.0).epsilon(1e-10));
    CHECK(dense.smallest < -0.5);
    SpectrumOptions iterative;
    iterative.dense_limit = 0;
    const ExtremeEigenvalues arnoldi = extreme_eigenvalues(w, iterative);
    CHECK(arnoldi.largest == doctest::Approx(dense.largest).epsilon(1e-8));
    CHECK(arnoldi.smallest == doctest::Approx(dense.smallest).epsilon(1e-8));
}

TEST_CASE("Summary: Columbus contiguity as spdep's summary.nb") {
    const WeightsSummary s = summarise_weights(anselin_columbus());
    CHECK(s.n == 49);
    CHECK(s.links == 232);
    CHECK(s.percent_nonzero == doctest::Approx(9.662641).epsilon(1e-6));
    CHECK(s.min_neighbours == 2);
    CHECK(s.max_neighbours == 10);
    CHECK(s.histogram.at(2) == 7);
    CHECK(s.histogram.at(4) == 11);
    CHECK(s.islands.empty());
    CHECK(s.components == 1);
    CHECK(s.symmetric);
    const std::string text = to_text(s);
    CHECK(text.find("Links: 232 (9.663% non-zero)") != std::string::npos);
    CHECK(to_json(s)["histogram"]["10"] == 1);
}

TEST_CASE("Attribute weights: economic distance, nested forms, blocks") {
    const DataTable panel = read_csv_text("id,year,gdp\nA,1,1\nA,2,3\nB,1,5\nB,2,5\nC,1,10\nC,2,12\n", "panel.csv");
    const UnitMeans m = unit_means(panel, "id", "gdp");
    CHECK(m.ids == std::vector<std::string>{"A", "B", "C"});
    CHECK(m.means(0) == 2.0);
    CHECK(m.means(2) == 11.0);
    const SpatialWeights econ = economic_distance_weights(m);
    CHECK(econ.links() == 6);
    CHECK(econ.matrix().coeff(0, 1) == doctest::Approx(1.0 / 3.0));
    CHECK(econ.matrix().coeff(2, 0) == doctest::Approx(1.0 / 9.0));

    const SpatialWeights geo = SpatialWeights::from_neighbours({"C", "A", "B"}, {{1, 2}, {0, 2}, {0, 1}},
                                                               {{0.5, 1.0}, {0.5, 0.25}, {1.0, 0.25}});
    const SpatialWeights product = nested_product_weights(geo, m);
    // w(A→B) = g(A,B) · x̄_B / mean(x̄) = 0.25 · 5 / 6
    CHECK(product.matrix().coeff(*product.index_of("A"), *product.index_of("B")) == doctest::Approx(0.25 * 5.0 / 6.0));
    const SpatialWeights mix = nested_mix_weights(geo, econ, 0.3);
    CHECK(row_sums(mix).minCoeff() == doctest::Approx(1.0));
    const double expected = 0.3 * (0.25 / 0.75) + 0.7 * ((1.0 / 3.0) / (1.0 / 3.0 + 1.0 / 9.0));
    CHECK(mix.matrix().coeff(*mix.index_of("A"), *mix.index_of("B")) == doctest::Approx(expected));
    CHECK_THROWS_WITH_AS(nested_mix_weights(geo, econ, 1.5), doctest::Contains("phi must be in [0, 1]"), InputError);

    const SpatialWeights blocks = block_weights({"a", "b", "c", "d"}, {"x", "y", "x", "x"});
    CHECK(blocks.links() == 6);
    CHECK(blocks.islands() == std::vector<Index>{1});
    const UnitMeans tie{{"p", "q"}, Eigen::Vector2d(1.0, 1.0)};
    CHECK_THROWS_WITH_AS(economic_distance_weights(tie), doctest::Contains("'p' and 'q' have the same mean"), InputError);
}

TEST_CASE("Inferred transform: files do not record it, the values show it") {
    const SpatialWeights row = transformed(anselin_columbus(), WeightsTransform::Row);
    const SpatialWeights back = read_weights_text(write_weights_text(row, WeightsFileFormat::Gwt), "row.gwt",
                                                  WeightsFileFormat::Gwt);
    CHECK(back.transform() == WeightsTransform::Row);
    REQUIRE(back.symmetric_scaling().size() == 49);
    CHECK(extreme_eigenvalues(back).method.find("symmetric") != std::string::npos);
    // Unequal weights in a row: row-standardised, but no symmetric scaling to exploit.
    const SpatialWeights uneven = SpatialWeights::from_neighbours({"a", "b"}, {{1}, {0}}, {{1.0}, {1.0}});
    CHECK(with_inferred_transform(uneven).transform() == WeightsTransform::Binary);
    const SpatialWeights general = SpatialWeights::from_neighbours({"a", "b", "c"}, {{1, 2}, {0}, {0}}, {{0.25, 0.75}, {1.0}, {1.0}});
    const SpatialWeights inferred = with_inferred_transform(general);
    CHECK(inferred.transform() == WeightsTransform::Row);
    CHECK(inferred.symmetric_scaling().size() == 0);
    const SpatialWeights raw = SpatialWeights::from_neighbours({"a", "b"}, {{1}, {0}}, {{2.0}, {3.0}});
    CHECK(with_inferred_transform(raw).transform() == WeightsTransform::None);
}
