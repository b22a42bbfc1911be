#include "weights/attribute_weights.hpp"

#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "weights/transforms.hpp"

namespace spillover {

using Index = SpatialWeights::Index;
using Matrix = SpatialWeights::Matrix;
using Triplet = Eigen::Triplet<double, Index>;

UnitMeans unit_means(const DataTable& table, const std::string& id_column, const std::string& value_column) {
    const Column& id = table.column(id_column);
    const std::vector<double>& values = table.numeric(value_column);
    std::unordered_map<std::string_view, std::size_t> slot;
    UnitMeans out;
    std::vector<double> sums;
    std::vector<double> counts;
    for (std::size_t r = 0; r < table.rows(); ++r) {
        if (std::isnan(values[r]))
            throw InputError(table.source(), table.source_line(r), table.column(value_column).position,
                             fmt::format("missing value in column '{}' for id \"{}\"", value_column, id.text[r]));
        auto [it, fresh] = slot.emplace(id.text[r], out.ids.size());
        if (fresh) {
            out.ids.emplace_back(id.text[r]);
            sums.push_back(0.0);
            counts.push_back(0.0);
        }
        sums[it->second] += values[r];
        counts[it->second] += 1.0;
    }
    out.means.resize(static_cast<Index>(sums.size()));
    for (std::size_t i = 0; i < sums.size(); ++i) out.means(static_cast<Index>(i)) = sums[i] / counts[i];
    return out;
}

SpatialWeights economic_distance_weights(const UnitMeans& x) {
    const Index n = x.means.size();
    std::vector<Triplet> triplets;
    triplets.reserve(static_cast<std::size_t>(n * (n - 1)));
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < n; ++j) {
            if (i == j) continue;
            const double gap = std::fabs(x.means(i) - x.means(j));
            if (gap == 0.0)
                throw InputError(fmt::format("economic distance weights: units '{}' and '{}' have the same mean {} "
                                             "(the weight 1/|x_i - x_j| would be infinite)",
                                             x.ids[i], x.ids[j], x.means(i)));
            triplets.emplace_back(i, j, 1.0 / gap);
        }
    Matrix w(n, n);
    w.setFromTriplets(triplets.begin(), triplets.end());
    return SpatialWeights(x.ids, taken(w));
}

namespace {

/// Positions of `ids` in `w` (so w's row order can be matched), or an error naming a missing id.
std::vector<Index> positions_in(const SpatialWeights& w, const std::vector<std::string>& ids, const char* what) {
    if (static_cast<Index>(ids.size()) != w.n())
        throw InputError(fmt::format("{}: {} units in the geographic weights but {} in the attribute", what, w.n(), ids.size()));
    std::vector<Index> out;
    out.reserve(ids.size());
    for (const auto& id : ids) {
        const auto i = w.index_of(id);
        if (!i) throw InputError(fmt::format("{}: unit '{}' is not in the geographic weights", what, id));
        out.push_back(*i);
    }
    return out;
}

}  // namespace

SpatialWeights nested_product_weights(const SpatialWeights& geographic, const UnitMeans& x) {
    const std::vector<Index> at = positions_in(geographic, x.ids, "nested product weights");
    const double overall = x.means.mean();
    if (!(overall > 0) || (x.means.array() < 0).any())
        throw InputError("nested product weights need a positive attribute (x_j / mean(x) is the economic weight)");
    Eigen::VectorXd scale(geographic.n());
    for (std::size_t k = 0; k < at.size(); ++k) scale(at[k]) = x.means(static_cast<Index>(k)) / overall;
    Matrix w = geographic.matrix() * scale.asDiagonal();  // column j scaled by x̄_j / x̄
    return SpatialWeights(geographic.ids(), taken(w));
}

SpatialWeights nested_mix_weights(const SpatialWeights& geographic, const SpatialWeights& economic, double phi) {
    if (!(phi >= 0.0 && phi <= 1.0))
        throw InputError(fmt::format("nested mix weights: phi must be in [0, 1], got {}", phi));
    const SpatialWeights aligned = economic.permuted(positions_in(economic, geographic.ids(), "nested mix weights"));
    const Matrix mix = phi * transformed(geographic, WeightsTransform::Row).matrix() +
                       (1.0 - phi) * transformed(aligned, WeightsTransform::Row).matrix();
    return SpatialWeights(geographic.ids(), mix);
}

SpatialWeights block_weights(const std::vector<std::string>& ids, const std::vector<std::string>& groups) {
    if (ids.size() != groups.size())
        throw InputError(fmt::format("block weights: {} ids but {} group labels", ids.size(), groups.size()));
    std::unordered_map<std::string, std::vector<Index>> members;
    for (std::size_t i = 0; i < groups.size(); ++i) members[groups[i]].push_back(static_cast<Index>(i));
    std::vector<std::vector<Index>> neighbours(ids.size());
    for (std::size_t i = 0; i < groups.size(); ++i)
        for (Index j : members[groups[i]])
            if (j != static_cast<Index>(i)) neighbours[i].push_back(j);
    return SpatialWeights::from_neighbours(ids, neighbours);
}

}  // namespace spillover
