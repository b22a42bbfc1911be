#include "weights/gwt_format.hpp"

#include <fmt/format.h>

namespace spillover {

using weights_text::Index;

SpatialWeights read_gwt_text(std::string_view text, const std::string& source, std::span<const std::string> all_ids) {
    weights_text::LineCursor lines(text, source);
    const Index n = weights_text::read_geoda_header(lines, "GWT");
    weights_text::EdgeListAssembler edges(source, all_ids, n, lines.line(), "GWT");
    while (const auto line = lines.next_nonblank()) {
        weights_text::Fields fields(*line);
        std::string_view from, to, weight;
        fields.next(from);
        fields.next(to);
        fields.next(weight);
        if (fields.count_rest() != 3)
            lines.fail(fmt::format("expected \"from to weight\", got {} field{}: {}", fields.count(),
                                   fields.count() == 1 ? "" : "s", weights_text::quoted(*line)));
        edges.add(from, to, weights_text::parse_weight(weight, source, lines.line(), 3), lines.line(), 1, 2);
    }
    return edges.finish();
}

std::string write_gwt_text(const SpatialWeights& w, const GeoDaHeader& header) {
    weights_text::require_plain_ids(w, "GWT");
    std::string out;
    out.reserve(static_cast<std::size_t>(w.links() * 32 + 64));
    weights_text::append_geoda_header(out, w.n(), header, "GWT");
    weights_text::for_each_link(w, [&](Index i, Index j, double value) {
        out.append(w.ids()[static_cast<std::size_t>(i)]).append(" ");
        out.append(w.ids()[static_cast<std::size_t>(j)]).append(" ");
        weights_text::append_number(out, value);
        out += '\n';
    });
    return out;
}

}  // namespace spillover
