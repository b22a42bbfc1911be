#include "weights/gal_format.hpp"

#include <fmt/format.h>

#include "engine/input_error.hpp"

namespace spillover {

namespace {

using weights_text::Index;
using weights_text::LineCursor;
using weights_text::quoted;

/// A unit as the first pass finds it: its neighbour line is resolved once every id is known.
struct GalUnit {
    std::string_view neighbours;
    std::size_t line = 0;  // of the neighbour line
    Index count = 0;
};

/// Reads the line "id count" of unit `unit`, registers the id, and returns the count.
GalUnit read_unit_line(LineCursor& lines, weights_text::UnitIds& units, Index unit, Index n) {
    const auto line = lines.next_nonblank();
    if (!line)
        lines.fail(fmt::format("the file ends after {} of the {} units its header announces", unit, n));
    weights_text::Fields fields(*line);
    std::string_view id, count_text;
    fields.next(id);
    const bool two = fields.next(count_text) && fields.count_rest() == 2;
    const auto count = two ? weights_text::parse_count(count_text) : std::nullopt;
    if (!count)
        lines.fail(fmt::format("expected the line \"id count\" of unit {} of {}, got {}", unit + 1, n, quoted(*line)));
    weights_text::insert_unit(units, id, lines);
    return GalUnit{{}, 0, *count};
}

/// The neighbour line after "id count": required when count > 0, an optional blank line for an island.
void read_neighbour_line(LineCursor& lines, GalUnit& unit, std::string_view id) {
    if (unit.count == 0) {
        const auto line = lines.peek();
        if (line && weights_text::Fields(*line).count_rest() == 0) lines.next();
        return;
    }
    const auto line = lines.next();
    if (!line) lines.fail(fmt::format("the file ends before the neighbour list of unit {}", quoted(id)));
    unit.neighbours = *line;
    unit.line = lines.line();
    weights_text::Fields fields(*line);
    const auto listed = static_cast<Index>(fields.count_rest());
    if (listed != unit.count)
        lines.fail(fmt::format("unit {} has count {} on its line {} but its neighbour line lists {} ids", quoted(id),
                               unit.count, lines.line() - 1, listed));
}

void require_end(LineCursor& lines, Index n) {
    if (lines.next_nonblank()) lines.fail(fmt::format("more units than the {} the header announces", n));
}

/// Second pass: neighbour ids → indices.
void resolve_neighbours(const std::vector<GalUnit>& list, const weights_text::UnitIds& units,
                        const std::string& source, weights_text::LinkCollector& links) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        weights_text::Fields fields(list[i].neighbours);
        std::string_view id;
        while (fields.next(id)) {
            const auto j = units.find(id);
            if (!j)
                throw InputError(source, list[i].line, fields.count(),
                                 fmt::format("the neighbour {} of unit {} is not a unit of the file", quoted(id),
                                             quoted(units.id(static_cast<Index>(i)))));
            links.add(static_cast<Index>(i), *j, 1.0, list[i].line);
        }
    }
}

void require_binary(const SpatialWeights& w) {
    weights_text::for_each_link(w, [&](Index i, Index j, double value) {
        if (value != 1.0)
            throw InputError(fmt::format(
                "GAL files hold neighbours only, and this W has weights other than 1 (w[{}, {}] = {}); write GWT, "
                "MatrixMarket, CSV or Stata text to keep the weights",
                w.ids()[static_cast<std::size_t>(i)], w.ids()[static_cast<std::size_t>(j)], value));
    });
}

}  // namespace

SpatialWeights read_gal_text(std::string_view text, const std::string& source) {
    LineCursor lines(text, source);
    const Index n = weights_text::read_geoda_header(lines, "GAL");
    weights_text::UnitIds units;
    std::vector<GalUnit> list;
    // A unit takes a line "id count" of 4 bytes at least.
    const std::size_t room = weights_text::reservation(n, text, 4);
    units.reserve(room);
    list.reserve(room);
    std::size_t link_count = 0;
    for (Index i = 0; i < n; ++i) {
        list.push_back(read_unit_line(lines, units, i, n));
        read_neighbour_line(lines, list.back(), units.id(i));
        link_count += static_cast<std::size_t>(list.back().count);
    }
    require_end(lines, n);
    weights_text::LinkCollector links;
    links.reserve(link_count);
    resolve_neighbours(list, units, source, links);
    return weights_text::make_weights(units.strings(), links, source);
}

std::string write_gal_text(const SpatialWeights& w, const GeoDaHeader& header) {
    require_binary(w);
    weights_text::require_plain_ids(w, "GAL");
    std::string out;
    out.reserve(static_cast<std::size_t>(w.n() * 16 + w.links() * 8));
    weights_text::append_geoda_header(out, w.n(), header, "GAL");
    const auto& m = w.matrix();
    for (Index i = 0; i < w.n(); ++i) {
        out.append(w.ids()[static_cast<std::size_t>(i)]).append(" ");
        weights_text::append_integer(out, w.cardinality(i));
        out += '\n';
        const char* separator = "";
        for (SpatialWeights::Matrix::InnerIterator it(m, i); it; ++it) {
            out.append(separator).append(w.ids()[static_cast<std::size_t>(it.col())]);
            separator = " ";
        }
        out += '\n';
    }
    return out;
}

}  // namespace spillover
