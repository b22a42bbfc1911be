#include "weights/stata_spmatrix_format.hpp"

#include <charconv>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "weights/weights_text.hpp"

namespace spillover {

namespace {

using weights_text::Index;
using weights_text::LineCursor;
using weights_text::quoted;

Index read_size(LineCursor& lines) {
    const std::string_view line = lines.header();
    const auto fields = weights_text::split_fields(line);
    const auto n = fields.size() == 1 ? weights_text::parse_count(fields[0]) : std::nullopt;
    if (!n || *n < 1)
        lines.fail("expected the first line to be the number of units (Stata's spmatrix export), got " + quoted(line));
    return *n;
}

/// One row "id w1 ... wn" → its links.
void read_row(LineCursor& lines, std::string_view line, Index row, Index n, weights_text::UnitIds& units,
              weights_text::LinkCollector& links) {
    weights_text::Fields fields(line);
    std::string_view id, cell;
    fields.next(id);
    weights_text::insert_unit(units, id, lines);
    Index j = 0;
    while (fields.next(cell)) {
        if (j == n) break;
        const double w = weights_text::parse_weight(cell, lines.source(), lines.line(), fields.count());
        if (w != 0.0) links.add(row, j, w, lines.line());
        ++j;
    }
    const std::size_t weights = fields.count_rest() - 1;
    if (static_cast<Index>(weights) != n)
        lines.fail(fmt::format("the row of unit {} has {} weights; the first line says {} units", quoted(id), weights, n));
}

bool is_integer(const std::string& id) {
    long long value = 0;
    const char* end = id.data() + id.size();
    const auto result = std::from_chars(id.data(), end, value);
    return result.ec == std::errc() && result.ptr == end;
}

}  // namespace

SpatialWeights read_stata_text(std::string_view text, const std::string& source) {
    LineCursor lines(text, source);
    const Index n = read_size(lines);
    weights_text::UnitIds units;
    weights_text::LinkCollector links;
    units.reserve(weights_text::reservation(n, text, 4));  // a row "id w ... w" takes 4 bytes at least
    for (Index i = 0; i < n; ++i) {
        const auto line = lines.next_nonblank();
        if (!line) lines.fail(fmt::format("the file ends after {} of the {} rows its first line announces", i, n));
        read_row(lines, *line, i, n, units, links);
    }
    if (lines.next_nonblank()) lines.fail(fmt::format("more rows than the {} units the first line announces", n));
    return weights_text::make_weights(units.strings(), links, source);
}

std::string write_stata_text(const SpatialWeights& w) {
    weights_text::require_dense_size(w, "Stata spmatrix");
    for (const std::string& id : w.ids())
        if (!is_integer(id))
            throw InputError("Stata's spatial ids are integers (the _ID of spset), and " + quoted(id) +
                             " is not one; write GWT, MatrixMarket or CSV instead");
    std::string out;
    weights_text::append_integer(out, w.n());
    out += '\n';
    for (Index i = 0; i < w.n(); ++i) {
        out.append(w.ids()[static_cast<std::size_t>(i)]);
        weights_text::append_dense_row(out, w, i, ' ');
        out += '\n';
    }
    return out;
}

}  // namespace spillover
