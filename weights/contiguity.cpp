#include "weights/contiguity.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "engine/input_error.hpp"

namespace spillover {

using Index = SpatialWeights::Index;

std::string_view to_string(ContiguityRule rule) {
    switch (rule) {
        case ContiguityRule::Queen: return "queen";
        case ContiguityRule::Rook: return "rook";
    }
    return "unknown";
}

ContiguityRule parse_contiguity_rule(std::string_view name) {
    if (name == "queen") return ContiguityRule::Queen;
    if (name == "rook") return ContiguityRule::Rook;
    throw InputError("unknown contiguity rule '" + std::string(name) + "' (choose queen or rook)");
}

void ContiguityOptions::validate() const {
    if (!std::isfinite(snap) || snap < 0)
        throw InputError(fmt::format("the contiguity snap distance must be a finite number >= 0, got {}", snap));
}

namespace {

// The boundary points of all features, structure of arrays, later reordered by grid cell.
struct Points {
    std::vector<double> x, y;
    std::vector<std::uint32_t> owner;  // feature index

    std::size_t size() const { return x.size(); }
    void push(double px, double py, std::uint32_t feature) {
        x.push_back(px);
        y.push_back(py);
        owner.push_back(feature);
    }
};

std::string feature_label(const PolygonLayer& layer, std::size_t f) {
    if (f < layer.ids.size()) return fmt::format("feature {} (id '{}')", f + 1, layer.ids[f]);
    return fmt::format("feature {}", f + 1);
}

// spdep's point list: every vertex of every ring, in order, without the feature's first vertex
// (poly2nb drops row 1 of each feature's st_coordinates; that vertex is repeated as the ring's
// closing vertex, so no location is lost, but the count of pairs depends on it).
Points boundary_points(const PolygonLayer& layer) {
    Points points;
    for (std::size_t f = 0; f < layer.size(); ++f) {
        bool first = true;
        for (const Polygon& polygon : layer.shapes[f])
            for (const Ring& ring : polygon)
                for (const Point& p : ring) {
                    if (!std::isfinite(p.x) || !std::isfinite(p.y))
                        throw InputError(layer.source, 0, 0,
                                         feature_label(layer, f) + " has a coordinate that is not a finite number");
                    if (!std::exchange(first, false)) points.push(p.x, p.y, static_cast<std::uint32_t>(f));
                }
    }
    return points;
}

// The side of a grid cell. It must exceed snap so that points within snap of each other fall in
// the same or adjacent cells; the margin 2^-16 covers the rounding of (x - x_min) / side. It is at
// least extent / 2^30 so that cell coordinates fit in 32 bits whatever snap is (snap = 0 included).
double cell_side(const Points& points, double snap) {
    const auto [xmin, xmax] = std::minmax_element(points.x.begin(), points.x.end());
    const auto [ymin, ymax] = std::minmax_element(points.y.begin(), points.y.end());
    const double extent = std::max(*xmax - *xmin, *ymax - *ymin);
    const double side = std::max(snap, std::ldexp(extent, -30));
    return side > 0 ? side * (1 + std::ldexp(1.0, -16)) : 1.0;
}

struct Cell {
    std::uint64_t key;  // (column << 32) | row, both offset by 1 so that column - 1 and row - 1 exist
    std::size_t begin, end;
};

// Sorts by a 64-bit key, stably: LSD radix sort, 16 bits a pass, skipping the passes in which every
// key has the same digit (cell keys and feature pairs rarely use all 64 bits). Small inputs use
// std::stable_sort, for which the 2^16 counters would cost more than the sort.
template <typename T, typename Key>
void sort_by_key(std::vector<T>& items, Key key) {
    if (items.size() < (std::size_t{1} << 16)) {
        std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
        return;
    }
    std::vector<T> buffer(items.size());
    std::vector<std::size_t> start(std::size_t{1} << 16);
    for (int shift = 0; shift < 64; shift += 16) {
        const auto digit = [&](const T& item) { return static_cast<std::size_t>((key(item) >> shift) & 0xFFFF); };
        std::fill(start.begin(), start.end(), 0);
        for (const T& item : items) ++start[digit(item)];
        if (start[digit(items.front())] == items.size()) continue;
        std::size_t sum = 0;
        for (std::size_t& s : start) sum += std::exchange(s, sum);
        for (const T& item : items) buffer[start[digit(item)]++] = item;
        items.swap(buffer);
    }
}

// Sorts the points by grid cell (column-major key order) and returns the occupied cells.
std::vector<Cell> sort_into_cells(Points& points, double side) {
    const double x0 = *std::min_element(points.x.begin(), points.x.end());
    const double y0 = *std::min_element(points.y.begin(), points.y.end());
    std::vector<std::pair<std::uint64_t, std::size_t>> order(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto column = static_cast<std::uint64_t>(std::floor((points.x[i] - x0) / side)) + 1;
        const auto row = static_cast<std::uint64_t>(std::floor((points.y[i] - y0) / side)) + 1;
        order[i] = {(column << 32) | row, i};
    }
    sort_by_key(order, [](const auto& item) { return item.first; });
    Points sorted;
    sorted.x.resize(order.size());
    sorted.y.resize(order.size());
    sorted.owner.resize(order.size());
    std::vector<Cell> cells;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const std::size_t from = order[i].second;
        sorted.x[i] = points.x[from];
        sorted.y[i] = points.y[from];
        sorted.owner[i] = points.owner[from];
        if (cells.empty() || cells.back().key != order[i].first) cells.push_back({order[i].first, i, i});
        cells.back().end = i + 1;
    }
    points = std::move(sorted);
    return cells;
}

// Collects one entry per pair of points of different features within snap, keyed by the feature
// pair (lower << 32 | higher). Only the count up to `cap` matters, so runs are cut to `cap`
// entries whenever the buffer grows, which bounds memory by the number of touching pairs.
class PairHits {
public:
    explicit PairHits(std::size_t cap) : cap_(cap) {}

    void add(std::uint32_t a, std::uint32_t b) {
        hits_.push_back(a < b ? (std::uint64_t{a} << 32) | b : (std::uint64_t{b} << 32) | a);
        if (hits_.size() >= next_compaction_) {
            compact();
            next_compaction_ = std::max<std::size_t>(2 * hits_.size(), 1u << 20);
        }
    }

    /// The feature pairs with at least `cap` hits.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs_reaching_cap() {
        compact();
        std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
        for (std::size_t i = 0; i < hits_.size();) {
            std::size_t j = i;
            while (j < hits_.size() && hits_[j] == hits_[i]) ++j;
            if (j - i >= cap_)
                out.emplace_back(static_cast<std::uint32_t>(hits_[i] >> 32), static_cast<std::uint32_t>(hits_[i]));
            i = j;
        }
        return out;
    }

private:
    void compact() {
        sort_by_key(hits_, [](std::uint64_t hit) { return hit; });
        std::size_t kept = 0, run = 0;
        for (std::size_t i = 0; i < hits_.size(); ++i) {
            run = (i > 0 && hits_[i] == hits_[i - 1]) ? run + 1 : 1;
            if (run <= cap_) hits_[kept++] = hits_[i];
        }
        hits_.resize(kept);
    }

    std::size_t cap_;
    std::size_t next_compaction_ = 1u << 20;
    std::vector<std::uint64_t> hits_;
};

// polypolyC's test, in its order: per-coordinate rejection, then Euclidean distance <= snap.
// Symmetric in p and q (fabs and hypot ignore the sign of the difference).
void scan(const Points& points, std::size_t p, std::size_t begin, std::size_t end, double snap, PairHits& hits) {
    const double x = points.x[p], y = points.y[p];
    const std::uint32_t a = points.owner[p];
    for (std::size_t q = begin; q < end; ++q) {
        if (points.owner[q] == a) continue;
        const double dx = x - points.x[q];
        if (std::fabs(dx) > snap) continue;
        const double dy = y - points.y[q];
        if (std::fabs(dy) > snap) continue;
        if (std::hypot(dx, dy) <= snap) hits.add(a, points.owner[q]);
    }
}

// Visits every unordered pair of points in the same or adjacent cells exactly once: within the
// cell (q after p), the cell above (which follows in key order, so the two form one range), and
// the three cells of the next column (one key range).
void scan_cells(const Points& points, const std::vector<Cell>& cells, double snap, PairHits& hits) {
    constexpr std::uint64_t next_column = std::uint64_t{1} << 32;
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const Cell& cell = cells[c];
        const bool above = c + 1 < cells.size() && cells[c + 1].key == cell.key + 1;
        const std::size_t up_to = above ? cells[c + 1].end : cell.end;
        const auto by_key = [](const Cell& k, std::uint64_t key) { return k.key < key; };
        const auto lo = std::lower_bound(cells.begin() + static_cast<std::ptrdiff_t>(c) + 1, cells.end(),
                                         cell.key + next_column - 1, by_key);
        const auto hi = std::lower_bound(lo, cells.end(), cell.key + next_column + 2, by_key);
        const std::size_t right_begin = lo == hi ? 0 : lo->begin;
        const std::size_t right_end = lo == hi ? 0 : (hi - 1)->end;
        for (std::size_t p = cell.begin; p < cell.end; ++p) {
            scan(points, p, p + 1, up_to, snap, hits);
            scan(points, p, right_begin, right_end, snap, hits);
        }
    }
}

}  // namespace

std::vector<std::vector<Index>> contiguity_neighbours(const PolygonLayer& layer, const ContiguityOptions& options) {
    options.validate();
    if (layer.size() > std::numeric_limits<std::uint32_t>::max())
        throw InputError(layer.source, 0, 0, fmt::format("{} polygons are more than contiguity supports", layer.size()));
    std::vector<std::vector<Index>> neighbours(layer.size());
    Points points = boundary_points(layer);
    if (points.size() == 0) return neighbours;
    const std::vector<Cell> cells = sort_into_cells(points, cell_side(points, options.snap));
    // Queen needs one pair of points within snap, rook two (poly2nb: k > criterion, 0 or 1).
    PairHits hits(options.rule == ContiguityRule::Queen ? 1 : 2);
    scan_cells(points, cells, options.snap, hits);
    // The pairs come sorted by (lower, higher), so every list is filled in ascending order: first
    // the lower neighbours (as `higher`), then the higher ones (as `lower`).
    for (const auto& [lower, higher] : hits.pairs_reaching_cap()) {
        neighbours[lower].push_back(higher);
        neighbours[higher].push_back(lower);
    }
    return neighbours;
}

SpatialWeights contiguity_weights(const PolygonLayer& layer, const ContiguityOptions& options) {
    std::vector<std::string> ids = layer.ids;
    if (ids.empty())
        for (std::size_t i = 1; i <= layer.size(); ++i) ids.push_back(std::to_string(i));
    if (ids.size() != layer.size())
        throw InputError(layer.source, 0, 0,
                         fmt::format("the polygon layer has {} ids for {} features", ids.size(), layer.size()));
    return SpatialWeights::from_neighbours(std::move(ids), contiguity_neighbours(layer, options));
}

}  // namespace spillover
