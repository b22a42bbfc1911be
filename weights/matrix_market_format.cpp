#include "weights/matrix_market_format.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "weights/weights_text.hpp"

namespace spillover {

namespace {

using weights_text::Index;
using weights_text::LineCursor;
using weights_text::quoted;

constexpr std::string_view kIdPrefix = "% id ";

/// Without "% id" lines the units 1..n are made from the size line alone (about 60 bytes each in W),
/// and those that no entry names are islands. More such islands than this (2^20) is taken for a
/// damaged size line rather than an allocation of any size: the units of a W beyond it must be named
/// by entries (each names two) or given as "% id" lines, so that the file's size bounds the memory.
constexpr Index kMaxUnnamedIslands = Index{1} << 20;

bool iequals(std::string_view text, std::string_view lower_case) { return weights_text::ascii_lower(text) == lower_case; }

struct Banner {
    bool pattern = false;
    bool symmetric = false;
};

Banner read_banner(LineCursor& lines) {
    const std::string_view line = lines.header();
    const auto fields = weights_text::split_fields(line);
    if (fields.size() != 5 || !iequals(fields[0], "%%matrixmarket") || !iequals(fields[1], "matrix"))
        lines.fail("expected the banner \"%%MatrixMarket matrix coordinate real general\", got " + quoted(line));
    if (!iequals(fields[2], "coordinate"))
        lines.fail("only coordinate (sparse) MatrixMarket files can hold W, this one is " + quoted(fields[2]), 3);
    const bool pattern = iequals(fields[3], "pattern");
    if (!pattern && !iequals(fields[3], "real") && !iequals(fields[3], "integer"))
        lines.fail("weights must be real, integer or pattern, this file's are " + quoted(fields[3]), 4);
    const bool symmetric = iequals(fields[4], "symmetric");
    if (!symmetric && !iequals(fields[4], "general"))
        lines.fail("the symmetry must be general or symmetric, this file's is " + quoted(fields[4]), 5);
    return {pattern, symmetric};
}

struct Size {
    Index n = 0;
    Index entries = 0;
    std::size_t line = 0;
};

/// Comment lines (collecting "% id" lines) up to and including the size line "rows columns entries".
Size read_preamble(LineCursor& lines, weights_text::UnitIds& ids) {
    for (;;) {
        const auto line = lines.next();
        if (!line) lines.fail("the file ends before the size line \"rows columns entries\"");
        if (line->starts_with(kIdPrefix)) {
            const std::string_view id = line->substr(kIdPrefix.size());
            if (id.empty()) lines.fail("a \"% id\" line without an id");
            weights_text::insert_unit(ids, id, lines, 0);
        }
        if (line->starts_with('%') || weights_text::split_fields(*line).empty()) continue;
        const auto fields = weights_text::split_fields(*line);
        std::optional<Index> counts[3];
        for (std::size_t k = 0; k < 3 && fields.size() == 3; ++k) counts[k] = weights_text::parse_count(fields[k]);
        if (!counts[0] || !counts[1] || !counts[2])
            lines.fail("expected the size line \"rows columns entries\", got " + quoted(*line));
        if (*counts[0] != *counts[1] || *counts[0] < 1)
            lines.fail(fmt::format("W must be square with at least one unit, the size line says {} x {}", *counts[0],
                                   *counts[1]));
        if (ids.size() != 0 && ids.size() != *counts[0])
            lines.fail(fmt::format("the file has {} \"% id\" lines for {} units (give every unit's id or none)",
                                   ids.size(), *counts[0]));
        // n - 2 entries > kMaxUnnamedIslands, without overflow.
        if (ids.size() == 0 && *counts[0] > kMaxUnnamedIslands &&
            *counts[2] < (*counts[0] - kMaxUnnamedIslands + 1) / 2)
            lines.fail(fmt::format("the size line says {} units for {} entries, so more than {} units would be "
                                   "islands that no line of the file names (a damaged size line? give the ids as "
                                   "\"% id\" lines to read such a W)",
                                   *counts[0], *counts[2], kMaxUnnamedIslands));
        return {*counts[0], *counts[2], lines.line()};
    }
}

/// A 1-based row or column index → 0-based.
Index read_index(std::string_view text, Index n, const LineCursor& lines, std::size_t field) {
    const auto index = weights_text::parse_count(text);
    if (!index) lines.fail(fmt::format("expected a row or column number, got {}", quoted(text)), field);
    if (*index < 1 || *index > n)
        lines.fail(fmt::format("index {} is not a unit: the matrix has units 1..{}", *index, n), field);
    return *index - 1;
}

struct Entry {
    Index row = 0;  // 0-based
    Index col = 0;
    double weight = 1.0;
};

/// The entry on `line`, checked field by field: InputError at its first problem.
Entry read_entry(std::string_view line, const LineCursor& lines, const Banner& banner, Index n) {
    weights_text::Fields fields(line);
    std::string_view row_text, col_text, weight_text;
    fields.next(row_text);
    fields.next(col_text);
    fields.next(weight_text);
    if (fields.count_rest() != (banner.pattern ? 2u : 3u))
        lines.fail(fmt::format("expected \"row column{}\", got {}", banner.pattern ? "" : " weight", quoted(line)));
    const Index i = read_index(row_text, n, lines, 1);
    const Index j = read_index(col_text, n, lines, 2);
    const double w = banner.pattern ? 1.0 : weights_text::parse_weight(weight_text, lines.source(), lines.line(), 3);
    return {i, j, w};
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

/// Up to 15 decimal digits at p (so the value is exact as an Index and as a double); false when
/// there are none or more.
bool plain_digits(const char*& p, const char* end, Index& value) {
    const char* start = p;
    value = 0;
    while (p != end && *p >= '0' && *p <= '9' && p - start < 15) value = value * 10 + (*p++ - '0');
    return p != start && (p == end || *p < '0' || *p > '9');
}

/// A weight without a sign, which parse_weight would accept with the same value; false for anything
/// else, left to parse_weight to read or reject.
bool plain_weight(const char* first, const char* last, double& value) {
    if (first == last || *first == '+' || *first == '-') return false;
    const char* p = first;
    Index integer = 0;
    if (plain_digits(p, last, integer) && p == last) {  // "1", the usual weight: exact, and cheaper than from_chars
        value = static_cast<double>(integer);
        return true;
    }
    const auto result = std::from_chars(first, last, value);
    return result.ec == std::errc() && result.ptr == last && std::isfinite(value);
}

/// The usual entry line at the start of `text`: "i j" or "i j w", with plain digits for i and j in
/// 1..n and an unsigned number for w, separated by spaces or tabs. Read in place, without the line
/// search and per-field work of read_entry, which took most of the time at 7·10^6 entries. Returns
/// where the next line starts, or nullptr for any other line (blank, comment, odd or wrong), which
/// read_entries then reads line by line, naming its problem.
const char* read_plain_entry(std::string_view text, bool pattern, Index n, Entry& entry) {
    const char* p = text.data();
    const char* const end = p + text.size();
    Index i = 0, j = 0;
    while (p != end && is_blank(*p)) ++p;
    if (!plain_digits(p, end, i) || p == end || !is_blank(*p)) return nullptr;
    while (p != end && is_blank(*p)) ++p;
    if (!plain_digits(p, end, j)) return nullptr;
    entry.weight = 1.0;
    if (!pattern) {
        if (p == end || !is_blank(*p)) return nullptr;
        while (p != end && is_blank(*p)) ++p;
        const char* first = p;
        while (p != end && !weights_text::is_space(*p)) ++p;
        if (!plain_weight(first, p, entry.weight)) return nullptr;
    }
    while (p != end && *p != '\n' && weights_text::is_space(*p)) ++p;
    if ((p != end && *p != '\n') || i < 1 || i > n || j < 1 || j > n) return nullptr;
    entry.row = i - 1;
    entry.col = j - 1;
    return p == end ? end : p + 1;
}

void read_entries(LineCursor& lines, const Banner& banner, const Size& size, weights_text::LinkCollector& links) {
    Index count = 0;
    const auto count_entry = [&] {
        if (++count > size.entries)
            lines.fail(fmt::format("more entries than the {} the size line (line {}) announces", size.entries,
                                   size.line));
    };
    Entry e;
    for (;;) {
        if (const char* next_line = read_plain_entry(lines.rest(), banner.pattern, size.n, e)) {
            lines.skip_line(next_line);
            count_entry();
        } else {
            const auto line = lines.next_nonblank();
            if (!line) break;
            if (line->starts_with('%')) continue;
            count_entry();  // first: an entry past the announced count is reported as that, whatever it holds
            e = read_entry(*line, lines, banner, size.n);
        }
        if (banner.symmetric && e.col > e.row)
            lines.fail("a symmetric MatrixMarket file lists entries on or below the diagonal only (row >= column)");
        links.add(e.row, e.col, e.weight, lines.line());
        if (banner.symmetric && e.row != e.col) links.add(e.col, e.row, e.weight, lines.line());
    }
    if (count < size.entries)
        lines.fail(fmt::format("the file ends after {} of the {} entries the size line (line {}) announces", count,
                               size.entries, size.line));
}

std::vector<std::string> numbered_ids(Index n) {
    std::vector<std::string> ids;
    ids.reserve(static_cast<std::size_t>(n));
    for (Index i = 1; i <= n; ++i) ids.push_back(std::to_string(i));
    return ids;
}

}  // namespace

SpatialWeights read_matrix_market_text(std::string_view text, const std::string& source) {
    LineCursor lines(text, source);
    const Banner banner = read_banner(lines);
    weights_text::UnitIds ids;
    const Size size = read_preamble(lines, ids);
    weights_text::LinkCollector links;
    // An entry takes a line "i j" of 4 bytes at least.
    links.reserve(weights_text::reservation(size.entries, text, 4) * (banner.symmetric ? 2 : 1));
    read_entries(lines, banner, size, links);
    return weights_text::make_weights(ids.size() == 0 ? numbered_ids(size.n) : ids.strings(), links, source);
}

std::string write_matrix_market_text(const SpatialWeights& w) {
    for (const std::string& id : w.ids())
        if (id.find_first_of("\r\n") != std::string::npos)
            throw InputError("the id " + quoted(id) + " contains a line end, which a MatrixMarket comment cannot hold");
    std::string out = "%%MatrixMarket matrix coordinate real general\n"
                      "% spillover spatial weights: one \"% id\" line per unit, in row order\n";
    out.reserve(out.size() + static_cast<std::size_t>(w.n() * 16 + w.links() * 32));
    for (const std::string& id : w.ids()) out.append(kIdPrefix).append(id).append("\n");
    out += fmt::format("{} {} {}\n", w.n(), w.n(), w.links());
    weights_text::for_each_link(w, [&](Index i, Index j, double value) {
        weights_text::append_integer(out, i + 1);
        out += ' ';
        weights_text::append_integer(out, j + 1);
        out += ' ';
        weights_text::append_number(out, value);
        out += '\n';
    });
    return out;
}

}  // namespace spillover
