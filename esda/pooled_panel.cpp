#include "esda/pooled_panel.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/SparseCore>

#include "engine/input_error.hpp"

namespace spillover {

std::string_view to_string(PooledCentring centring) { return centring == PooledCentring::Period ? "period" : "pooled"; }

PooledCentring parse_pooled_centring(std::string_view name) {
    if (name == "period") return PooledCentring::Period;
    if (name == "pooled") return PooledCentring::Pooled;
    throw InputError("unknown pooled centring '" + std::string(name) + "' (period, pooled)");
}

SpatialWeights stacked_weights(const SpatialWeights& w, std::int64_t periods) {
    if (periods < 1) throw std::invalid_argument("stacked_weights: at least one period");
    const SpatialWeights::Matrix& W = w.matrix();
    const SpatialWeights::Index n = w.n();
    SpatialWeights::Matrix stacked(n * periods, n * periods);
    stacked.reserve(W.nonZeros() * periods);
    std::vector<std::string> ids;
    ids.reserve(static_cast<std::size_t>(n * periods));
    for (std::int64_t t = 0; t < periods; ++t)
        for (SpatialWeights::Index i = 0; i < n; ++i) {
            ids.push_back(w.ids()[static_cast<std::size_t>(i)] + "@" + std::to_string(t));
            stacked.startVec(t * n + i);
            for (SpatialWeights::Matrix::InnerIterator it(W, i); it; ++it) stacked.insertBack(t * n + i, t * n + it.col()) = it.value();
        }
    stacked.finalize();
    return SpatialWeights(std::move(ids), taken(stacked), w.transform());
}

Eigen::VectorXd pooled_values(const Eigen::VectorXd& stacked, std::int64_t units, PooledCentring centring) {
    if (units < 1 || stacked.size() % units != 0) throw std::invalid_argument("pooled_values: not N·T values");
    if (centring == PooledCentring::Pooled) return stacked;
    Eigen::VectorXd out = stacked;
    for (Eigen::Index start = 0; start < out.size(); start += units) {
        auto block = out.segment(start, units);
        block.array() -= block.mean();
    }
    return out;
}

}  // namespace spillover
