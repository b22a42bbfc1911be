#include "weights/weights_summary.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/number_format.hpp"
#include "weights/graph.hpp"

namespace spillover {

using Index = SpatialWeights::Index;

WeightsSummary summarise_weights(const SpatialWeights& w, bool with_spectrum, const SpectrumOptions& spectrum) {
    WeightsSummary s;
    s.n = w.n();
    s.links = w.links();
    s.percent_nonzero = s.n > 0 ? 100.0 * static_cast<double>(s.links) / (static_cast<double>(s.n) * static_cast<double>(s.n)) : 0.0;
    s.min_neighbours = s.n > 0 ? w.cardinality(0) : 0;
    for (Index i = 0; i < s.n; ++i) {
        const Index c = w.cardinality(i);
        s.min_neighbours = std::min(s.min_neighbours, c);
        s.max_neighbours = std::max(s.max_neighbours, c);
        ++s.histogram[c];
        if (c == 0) s.islands.push_back(w.ids()[static_cast<std::size_t>(i)]);
    }
    s.mean_neighbours = s.n > 0 ? static_cast<double>(s.links) / static_cast<double>(s.n) : 0.0;
    const Components components = connected_components(w);
    s.components = components.count;
    s.component_sizes = components.sizes();
    std::sort(s.component_sizes.rbegin(), s.component_sizes.rend());
    s.symmetric = w.is_symmetric();
    s.pattern_symmetric = s.symmetric || w.is_pattern_symmetric();
    s.transform = std::string(to_string(w.transform()));
    if (with_spectrum && s.n > 0 && s.links > 0) s.eigenvalues = extreme_eigenvalues(w, spectrum);
    return s;
}

namespace {

std::string island_list(const std::vector<std::string>& islands) {
    constexpr std::size_t shown = 20;
    std::string out;
    for (std::size_t i = 0; i < std::min(shown, islands.size()); ++i) out += (i ? ", " : "") + islands[i];
    if (islands.size() > shown) out += fmt::format(", ... ({} more)", islands.size() - shown);
    return out;
}

}  // namespace

std::string to_text(const WeightsSummary& s) {
    std::string out = fmt::format("Units: {}\nLinks: {} ({}% non-zero)\n", s.n, s.links, format_number(s.percent_nonzero, 4));
    out += fmt::format("Neighbours per unit: min {}, mean {}, max {}\n", s.min_neighbours,
                       format_number(s.mean_neighbours, 6), s.max_neighbours);
    out += "Histogram (neighbours: units):";
    for (const auto& [k, count] : s.histogram) out += fmt::format(" {}: {}", k, count);
    out += "\n";
    out += s.islands.empty() ? "Islands: none\n"
                             : fmt::format("Islands: {} ({}); their rows are zero (spdep zero.policy = TRUE)\n",
                                           s.islands.size(), island_list(s.islands));
    out += fmt::format("Connected components: {}", s.components);
    if (s.components > 1) out += fmt::format(" (largest {} units)", s.component_sizes.front());
    out += fmt::format("\nSymmetric: {}{}\nTransform: {}\n", s.symmetric ? "yes" : "no",
                       !s.symmetric && s.pattern_symmetric ? " (the neighbour pattern is)" : "", s.transform);
    if (s.eigenvalues) {
        const auto& e = *s.eigenvalues;
        out += fmt::format("Eigenvalues: smallest {}, largest {} ({})\n", format_number(e.smallest, 10),
                           format_number(e.largest, 10), e.method);
        out += fmt::format("Interval of rho: ({}, {})\n", format_number(e.rho_lower(), 10), format_number(e.rho_upper(), 10));
        if (!e.converged) out += "WARNING: " + e.message + "\n";
    }
    return out;
}

nlohmann::ordered_json to_json(const WeightsSummary& s) {
    nlohmann::ordered_json j;
    j["n"] = s.n;
    j["links"] = s.links;
    j["percent_nonzero"] = s.percent_nonzero;
    j["neighbours"] = {{"min", s.min_neighbours}, {"mean", s.mean_neighbours}, {"max", s.max_neighbours}};
    nlohmann::ordered_json histogram = nlohmann::ordered_json::object();
    for (const auto& [k, count] : s.histogram) histogram[std::to_string(k)] = count;
    j["histogram"] = histogram;
    j["islands"] = s.islands;
    j["components"] = s.components;
    j["component_sizes"] = s.component_sizes;
    j["symmetric"] = s.symmetric;
    j["pattern_symmetric"] = s.pattern_symmetric;
    j["transform"] = s.transform;
    if (s.eigenvalues) {
        const auto& e = *s.eigenvalues;
        j["eigenvalues"] = {{"smallest", e.smallest}, {"largest", e.largest}, {"method", e.method},
                            {"converged", e.converged}};
        j["rho_interval"] = {e.rho_lower(), e.rho_upper()};
    }
    return j;
}

}  // namespace spillover
