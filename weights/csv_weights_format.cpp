#include "weights/csv_weights_format.hpp"

#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/csv_reader.hpp"
#include "engine/input_error.hpp"
#include "weights/weights_text.hpp"

namespace spillover {

namespace {

using weights_text::Index;
using weights_text::quoted;

constexpr const char* kSeparators = ",;\t|";

std::size_t skip_spaces(std::string_view text, std::size_t p) {
    while (p < text.size() && text[p] == ' ') ++p;
    return p;
}

/// Only an empty cell is missing; "NA" or "." are ids or errors, never silently a missing weight.
DataTable parse_csv(std::string_view text, const std::string& source) {
    CsvOptions options;
    options.na_tokens.clear();
    return read_csv_text(text, source, options);
}

/// The header record: the text up to the first line end outside quotes.
std::string_view header_record(std::string_view text) {
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '"')
            quoted = !quoted;
        else if (text[i] == '\n' && !quoted)
            return text.substr(0, i);
    }
    return text;
}

/// A two-letter name that occurs nowhere in `header`, so that no unit of the header has it: "id" unless
/// a unit's name holds it, else the first free one of "i0" ... "zz"; "id" when all are taken (then a
/// unit named "id" is reported twice).
std::string unused_name(std::string_view header) {
    constexpr std::string_view second = "0123456789abcdefghijklmnopqrstuvwxyz";
    if (header.find("id") == std::string_view::npos) return "id";
    for (char a = 'i'; a <= 'z'; ++a)
        for (const char b : second) {
            const std::string name{a, b};
            if (header.find(name) == std::string_view::npos) return name;
        }
    return "id";
}

/// R's write.csv of a matrix leaves the first header cell empty (""), which the CSV reader refuses
/// (every column needs a name): give it a name no unit has (unused_name: "id" unless a unit is called
/// so). Empty string when the header needs no change.
std::string name_first_header_cell(std::string_view text) {
    const std::size_t start = text.size() - weights_text::skip_bom(text).size();
    std::size_t p = skip_spaces(text, start);
    if (text.substr(p).starts_with("\"\"")) p = skip_spaces(text, p + 2);
    if (p >= text.size() || std::strchr(kSeparators, text[p]) == nullptr || text[p] == '\0') return {};
    std::string out;
    out.reserve(text.size() + 2);
    out.append(text.substr(0, start)).append(unused_name(header_record(text))).append(text.substr(p));
    return out;
}

double cell_weight(const DataTable& table, std::size_t column, std::size_t row) {
    const Column& c = table.column(column);
    return weights_text::parse_weight(c.text[row], table.source(), table.source_line(row), c.position);
}

/// Row r of a dense file: its id must be the header's r-th unit, and must not repeat.
void check_dense_row(const DataTable& table, weights_text::UnitIds& rows, std::size_t r) {
    const std::size_t line = table.source_line(r);
    const std::string_view id = table.column(0).text[r];
    const auto [first, fresh] = rows.insert(id, line);
    if (!fresh)
        throw InputError(table.source(), line, 1,
                         fmt::format("unit {} has a second row (first on line {})", quoted(id), rows.line(first)));
    const std::string& expected = table.column(r + 1).name;
    if (id != expected)
        throw InputError(table.source(), line, 1,
                         fmt::format("row {} is unit {}, but the header's unit {} is {} (rows must follow the "
                                     "header's order)",
                                     r + 1, quoted(id), r + 1, quoted(expected)));
}

struct TripletColumns {
    std::size_t from = 0;
    std::size_t to = 1;
    bool weighted = false;
};

TripletColumns triplet_columns(const DataTable& table) {
    const auto names = table.column_names();
    std::vector<std::string> n;
    for (const auto& name : names) n.push_back(weights_text::ascii_lower(name));
    const bool ends = n.size() >= 2 && ((n[0] == "from" && n[1] == "to") || (n[0] == "origin" && n[1] == "destination"));
    const bool weighted = n.size() == 3 && n[2] == "weight";
    if (!ends || (n.size() != 2 && !weighted))
        throw InputError(table.source(), 1, 0,
                         fmt::format("expected the header \"from,to,weight\" or \"origin,destination,weight\" (weight "
                                     "optional), got \"{}\"",
                                     fmt::join(names, ",")));
    return {0, 1, weighted};
}

/// A cell as RFC 4180 needs it: quoted when it holds a separator, a quote, a line end or edge spaces.
void append_cell(std::string& out, std::string_view text) {
    const bool plain = text.find_first_of(",;\t|\"\r\n") == std::string_view::npos &&
                       (text.empty() || (text.front() != ' ' && text.back() != ' '));
    if (plain) {
        out.append(text);
        return;
    }
    out += '"';
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace

CsvWeightsLayout detect_csv_weights_layout(std::string_view text) {
    text = weights_text::skip_bom(text);
    text = text.substr(0, text.find('\n'));
    std::size_t p = skip_spaces(text, 0);
    std::string_view cell;
    if (p < text.size() && text[p] == '"') {
        const std::size_t close = text.find('"', p + 1);
        cell = text.substr(p + 1, close == std::string_view::npos ? std::string_view::npos : close - p - 1);
    } else {
        cell = text.substr(p, text.find_first_of(kSeparators, p) - p);
    }
    while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\r')) cell.remove_suffix(1);
    const std::string name = weights_text::ascii_lower(cell);
    return name == "from" || name == "origin" ? CsvWeightsLayout::Triplet : CsvWeightsLayout::Dense;
}

SpatialWeights read_dense_csv_text(std::string_view text, const std::string& source) {
    const std::string named = name_first_header_cell(text);
    const DataTable table = parse_csv(named.empty() ? text : std::string_view(named), source);
    const std::size_t n = table.cols() - 1;
    if (n == 0) throw InputError(source, 1, 0, "the header names no unit: expected \"id,<id 1>,...,<id n>\"");
    weights_text::UnitIds rows;
    rows.reserve(n);
    weights_text::LinkCollector links;
    for (std::size_t r = 0; r < table.rows(); ++r) {
        if (r == n)
            throw InputError(source, table.source_line(r), 0,
                             fmt::format("more rows than the {} units the header names", n));
        check_dense_row(table, rows, r);
        for (std::size_t j = 1; j <= n; ++j)
            if (const double w = cell_weight(table, j, r); w != 0.0)
                links.add(static_cast<Index>(r), static_cast<Index>(j - 1), w, table.source_line(r));
    }
    if (table.rows() < n)
        throw InputError(source, table.rows() == 0 ? 1 : table.source_line(table.rows() - 1), 0,
                         fmt::format("the file ends after {} of the {} rows the header announces", table.rows(), n));
    std::vector<std::string> ids;
    for (std::size_t j = 1; j <= n; ++j) ids.push_back(table.column(j).name);
    return weights_text::make_weights(std::move(ids), links, source);
}

SpatialWeights read_triplet_csv_text(std::string_view text, const std::string& source,
                                     std::span<const std::string> all_ids) {
    const DataTable table = parse_csv(text, source);
    const TripletColumns columns = triplet_columns(table);
    const Column& from = table.column(columns.from);
    const Column& to = table.column(columns.to);
    weights_text::EdgeListAssembler edges(source, all_ids, std::nullopt, 1, "triplet CSV");
    for (std::size_t r = 0; r < table.rows(); ++r) {
        const double w = columns.weighted ? cell_weight(table, 2, r) : 1.0;
        edges.add(from.text[r], to.text[r], w, table.source_line(r), from.position, to.position);
    }
    return edges.finish();
}

std::string write_dense_csv_text(const SpatialWeights& w) {
    weights_text::require_dense_size(w, "dense CSV");
    for (const std::string& id : w.ids())
        if (weights_text::is_space(id.front()) || weights_text::is_space(id.back()))
            throw InputError("the id " + quoted(id) + " begins or ends with white space, which a CSV header "
                             "cannot keep (header names are trimmed); write triplet CSV or MatrixMarket instead");
    // The first header cell names the id column: any name but a unit's, which the reader would see as
    // that unit given twice.
    std::string first = "id";
    while (w.index_of(first)) first += '_';
    std::string out;
    append_cell(out, first);
    for (const std::string& id : w.ids()) append_cell(out += ',', id);
    out += '\n';
    for (Index i = 0; i < w.n(); ++i) {
        append_cell(out, w.ids()[static_cast<std::size_t>(i)]);
        weights_text::append_dense_row(out, w, i, ',');
        out += '\n';
    }
    return out;
}

std::string write_triplet_csv_text(const SpatialWeights& w) {
    std::string out = "from,to,weight\n";
    out.reserve(static_cast<std::size_t>(w.links() * 32) + out.size());
    weights_text::for_each_link(w, [&](Index i, Index j, double value) {
        append_cell(out, w.ids()[static_cast<std::size_t>(i)]);
        append_cell(out += ',', w.ids()[static_cast<std::size_t>(j)]);
        weights_text::append_number(out += ',', value);
        out += '\n';
    });
    return out;
}

}  // namespace spillover
