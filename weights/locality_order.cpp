#include "weights/locality_order.hpp"

namespace spillover {

std::vector<SpatialWeights::Index> breadth_first_order(const SpatialWeights& w) {
    using Index = SpatialWeights::Index;
    const auto* outer = w.matrix().outerIndexPtr();
    const auto* inner = w.matrix().innerIndexPtr();
    std::vector<Index> order;
    order.reserve(static_cast<std::size_t>(w.n()));
    std::vector<char> placed(static_cast<std::size_t>(w.n()), 0);
    // `order` doubles as the queue: units are appended when first reached and expanded in turn.
    for (Index start = 0; start < w.n(); ++start) {
        if (placed[static_cast<std::size_t>(start)]) continue;
        placed[static_cast<std::size_t>(start)] = 1;
        for (std::size_t next = order.size(), end = (order.push_back(start), order.size()); next < end;
             ++next, end = order.size()) {
            const Index unit = order[next];
            for (auto k = outer[unit]; k < outer[unit + 1]; ++k) {
                const Index j = inner[k];
                if (placed[static_cast<std::size_t>(j)]) continue;
                placed[static_cast<std::size_t>(j)] = 1;
                order.push_back(j);
            }
        }
    }
    return order;
}

bool is_identity(const std::vector<SpatialWeights::Index>& order) {
    for (std::size_t i = 0; i < order.size(); ++i)
        if (order[i] != static_cast<SpatialWeights::Index>(i)) return false;
    return true;
}

}  // namespace spillover
