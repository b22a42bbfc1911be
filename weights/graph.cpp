#include "weights/graph.hpp"

#include <stdexcept>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <fmt/format.h>

namespace spillover {

using Index = SpatialWeights::Index;
using Matrix = SpatialWeights::Matrix;

std::vector<Index> Components::sizes() const {
    std::vector<Index> out(static_cast<std::size_t>(count), 0);
    for (int c : label) ++out[static_cast<std::size_t>(c)];
    return out;
}

Components connected_components(const SpatialWeights& w) {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
    Graph g(static_cast<std::size_t>(w.n()));
    const Matrix& m = w.matrix();
    for (Index i = 0; i < m.outerSize(); ++i)
        for (Matrix::InnerIterator it(m, i); it; ++it)
            if (it.col() > i || m.coeff(it.col(), i) == 0.0) boost::add_edge(static_cast<std::size_t>(i), static_cast<std::size_t>(it.col()), g);
    Components out;
    out.label.resize(static_cast<std::size_t>(w.n()));
    out.count = boost::connected_components(g, out.label.data());
    // Boost numbers components by discovery, which for vecS graphs is vertex order: keep it explicit.
    std::vector<int> renumber(static_cast<std::size_t>(out.count), -1);
    int next = 0;
    for (int& c : out.label) {
        if (renumber[static_cast<std::size_t>(c)] < 0) renumber[static_cast<std::size_t>(c)] = next++;
        c = renumber[static_cast<std::size_t>(c)];
    }
    return out;
}

SpatialWeights higher_order(const SpatialWeights& w, int order, NeighbourOrder kind) {
    if (order < 1) throw std::invalid_argument(fmt::format("neighbour order must be >= 1, got {}", order));
    const Matrix& m = w.matrix();
    const Index n = w.n();
    // Breadth-first search from every unit, cut at depth `order`. distance[] is reused across
    // sources and reset through the list of visited units, so the cost is the size of the
    // neighbourhoods, not n per source.
    std::vector<int> distance(static_cast<std::size_t>(n), -1);
    std::vector<std::vector<Index>> neighbours(static_cast<std::size_t>(n));
    std::vector<Index> frontier, next, visited;
    for (Index source = 0; source < n; ++source) {
        distance[static_cast<std::size_t>(source)] = 0;
        visited.assign(1, source);
        frontier.assign(1, source);
        for (int depth = 1; depth <= order && !frontier.empty(); ++depth) {
            next.clear();
            for (Index u : frontier)
                for (Matrix::InnerIterator it(m, u); it; ++it) {
                    const Index v = it.col();
                    if (distance[static_cast<std::size_t>(v)] >= 0) continue;
                    distance[static_cast<std::size_t>(v)] = depth;
                    visited.push_back(v);
                    next.push_back(v);
                    if (depth == order || kind == NeighbourOrder::Cumulative)
                        neighbours[static_cast<std::size_t>(source)].push_back(v);
                }
            frontier.swap(next);
        }
        for (Index v : visited) distance[static_cast<std::size_t>(v)] = -1;
        std::sort(neighbours[static_cast<std::size_t>(source)].begin(), neighbours[static_cast<std::size_t>(source)].end());
    }
    SpatialWeights out = SpatialWeights::from_neighbours(w.ids(), neighbours);
    return SpatialWeights(out.ids(), out.matrix(), WeightsTransform::Binary);
}

}  // namespace spillover
