#pragma once
// Plumbing shared by the weights file formats (gal_format, gwt_format, matrix_market_format,
// csv_weights_format, stata_spmatrix_format): the file in memory, a line cursor and a whitespace
// tokenizer over it, number parsing whose errors carry file:line:field, a registry of unit ids, and
// the assembly of links into W with duplicate detection. Nothing here knows a particular format.
//
// Every reader keeps the file text in memory and refers to ids by std::string_view into it, so a
// token never becomes a std::string; only the n ids of the result are copied at the end.
//
// Messages shared by all formats (so that one kind of mistake reads the same in every format):
//   the file is empty | the file ends after k of the n units ... | 'x' is not a unit ...
//   unit 'x' appears twice (first on line L) | the link from 'a' to 'b' appears twice (first on line L)
//   weight 'abc' is not a number | weight -1 is negative ...

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "weights/spatial_weights.hpp"

namespace spillover {

/// The shapefile and id-field names of a GeoDa header line "0 n shapefile idfield" (GAL and GWT).
/// spdep's write.nb.gal writes "unknown" for names it does not know.
struct GeoDaHeader {
    std::string shapefile = "unknown";
    std::string id_field = "id";
};

namespace weights_text {

using Index = SpatialWeights::Index;


/// True when `text` holds nothing but whitespace (and a UTF-8 byte-order mark).
bool is_blank_text(std::string_view text);

/// InputError "SOURCE:1: the file is empty" (a weights file needs at least a header line).
[[noreturn]] void throw_empty_file(const std::string& source);

/// How many of the `announced` items (units, entries) a header promises to reserve room for: at most
/// what `text` can hold when each takes at least `min_bytes` of it. A damaged header ("0 20000000003")
/// then reserves nothing huge, and the reader reports that the file ends early instead of running out
/// of memory before it reads a line.
inline std::size_t reservation(std::int64_t announced, std::string_view text, std::size_t min_bytes) {
    const std::size_t fits = text.size() / min_bytes + 1;
    return announced < 0 ? 0 : std::min(static_cast<std::size_t>(announced), fits);
}

/// Space, tab, CR, LF, VT or FF. Inline: the readers call it once a character.
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }
/// `text` without a leading UTF-8 byte-order mark.
std::string_view skip_bom(std::string_view text);
/// ASCII lower case (format names, banners, CSV header names).
std::string ascii_lower(std::string_view text);

/// The lines of a text one at a time, with their 1-based numbers. Line ends are LF or CRLF; the last
/// line needs no line end; a UTF-8 byte-order mark at the start is skipped.
class LineCursor {
public:
    LineCursor(std::string_view text, const std::string& source);

    /// Moves to the next line and returns it without its line end; nullopt at the end of the text.
    std::optional<std::string_view> next();
    /// The next line holding something other than spaces and tabs; nullopt at the end.
    std::optional<std::string_view> next_nonblank();
    /// The line next() would return, without moving.
    std::optional<std::string_view> peek() const { return LineCursor(*this).next(); }
    /// Like next_nonblank(), but reports the header as missing (empty file) at the end.
    std::string_view header();
    /// The text from the start of the next line on, for a reader that reads a line in place (without
    /// next()'s search for the line end) and then calls skip_line.
    std::string_view rest() const noexcept { return {p_, static_cast<std::size_t>(end_ - p_)}; }
    /// Moves past the next line, read in place from rest(); `next_line` is where the line after it starts.
    void skip_line(const char* next_line) noexcept {
        p_ = next_line;
        ++line_;
    }

    /// Number of the line last returned (0 before the first); at the end, the last line of the text.
    std::size_t line() const noexcept { return line_; }
    const std::string& source() const noexcept { return source_; }

    /// InputError at the current line; `field` is the 1-based field number, 0 = the whole line.
    [[noreturn]] void fail(const std::string& message, std::size_t field = 0) const;

private:
    const char* p_;
    const char* end_;
    std::size_t line_ = 0;
    const std::string& source_;
};

/// The whitespace-separated fields (spaces, tabs, CR) of one line, as views into it.
class Fields {
public:
    explicit Fields(std::string_view line) : p_(line.data()), end_(line.data() + line.size()) {}

    /// Moves to the next field; false when none is left.
    bool next(std::string_view& field);
    /// Fields returned so far: the 1-based number of the last one.
    std::size_t count() const noexcept { return count_; }
    /// Counts the fields from here to the end of the line (consumes them).
    std::size_t count_rest();

private:
    const char* p_;
    const char* end_;
    std::size_t count_ = 0;
};

/// All fields of a short line (a header), as views into it.
std::vector<std::string_view> split_fields(std::string_view line);

/// A non-negative decimal integer and nothing else ("12"; not "+12", "1.0", "1e3").
std::optional<Index> parse_count(std::string_view text);

/// A weight: a decimal number as std::from_chars reads it (correctly rounded), an optional leading
/// '+', surrounding spaces ignored. Throws InputError at source:line:field when it is empty, not a
/// number, not finite, or negative.
double parse_weight(std::string_view text, const std::string& source, std::size_t line, std::size_t field);

/// "'text'" shortened to one line for a message.
std::string quoted(std::string_view text);

/// Unit ids in the order they were registered, each with its 0-based index and the line that
/// introduced it. Keys are views: the text they point into must outlive the registry.
///
/// Lookups are the readers' inner loop (one per link). While every id is a plain decimal integer
/// ("17", not "017" or "+17") not far above the number of units — the usual 1..n or record numbers —
/// an id is found by its value in an array; the first other id moves the registry to a hash table.
class UnitIds {
public:
    /// `n`: the expected number of units (sizes the tables; any number of ids may still follow).
    void reserve(std::size_t n);
    /// Registers `id`; returns its index and whether it is new.
    std::pair<Index, bool> insert(std::string_view id, std::size_t line);
    std::optional<Index> find(std::string_view id) const;

    Index size() const noexcept { return static_cast<Index>(ids_.size()); }
    std::string_view id(Index i) const { return ids_[static_cast<std::size_t>(i)]; }
    std::size_t line(Index i) const { return lines_[static_cast<std::size_t>(i)]; }
    /// The ids as strings, in index order (or in the order `order` gives: old index of each new one).
    std::vector<std::string> strings() const;
    std::vector<std::string> strings(const std::vector<Index>& order) const;

private:
    /// The value of a plain decimal integer id that the array can hold, or -1.
    Index array_key(std::string_view id) const;
    void use_hash_table();

    bool by_value_ = true;
    std::size_t expected_ = 0;
    std::vector<Index> index_by_value_;  // value → index, -1 = no such unit
    std::unordered_map<std::string_view, Index> index_by_text_;
    std::vector<std::string_view> ids_;
    std::vector<std::size_t> lines_;
};

/// Registers a unit that must be new; InputError "unit 'x' appears twice (first on line L)" otherwise.
Index insert_unit(UnitIds& units, std::string_view id, const LineCursor& at, std::size_t field = 1);

/// The links (row, column, weight) a reader finds, each with its line. build() sorts them into W's
/// compressed rows in O(links) when they arrive row by row (every format we write), O(links log links)
/// otherwise, and rejects a link given twice.
///
/// Links arriving in order (rows and lines non-decreasing: every reader's usual case) are kept as W
/// will hold them, columns and weights, with each row's first link and one byte per link for its
/// line: 17 bytes a link instead of 32. At 7·10^6 links that is 100 MB less memory to fault in, a
/// tenth of the time to read a MatrixMarket file. A link out of order moves them all to a list of
/// Link records, which build() sorts.
class LinkCollector {
public:
    void reserve(std::size_t links);
    void add(Index row, Index col, double weight, std::size_t line) {
        if (in_order_ && (row < last_row_ || line < last_line_)) to_records();
        if (in_order_)
            add_in_order(row, col, weight, line);
        else
            links_.push_back({row, col, weight, line});
    }
    std::size_t size() const noexcept { return in_order_ ? cols_.size() : links_.size(); }
    /// Renumbers the units: unit i becomes new_index[i].
    void renumber(const std::vector<Index>& new_index);
    /// W (n × n; the collector is left empty). A repeated (row, column) throws InputError at the later
    /// line: "the link from 'a' to 'b' appears twice (first on line L)".
    SpatialWeights::Matrix build(Index n, const std::string& source, const std::vector<std::string>& ids);

private:
    struct Link {
        Index row;
        Index col;
        double weight;
        std::size_t line;
    };
    static constexpr std::uint8_t kFarStep = 255;  // the line is in far_lines_

    void add_in_order(Index row, Index col, double weight, std::size_t line) {
        if (cols_.empty() || row != last_row_) row_starts_.push_back({row, cols_.size()});
        cols_.push_back(col);
        weights_.push_back(weight);
        const std::size_t step = line - last_line_;
        line_steps_.push_back(step < kFarStep ? static_cast<std::uint8_t>(step) : kFarStep);
        if (step >= kFarStep) far_lines_.push_back(line);
        last_row_ = row;
        last_line_ = line;
    }
    /// The line of in-order link k (by summing the steps: only for a message).
    std::size_t line_of(std::size_t k) const;
    /// Moves the in-order links to links_.
    void to_records();
    SpatialWeights::Matrix build_in_order(Index n, const std::string& source, const std::vector<std::string>& ids);
    SpatialWeights::Matrix build_records(Index n, const std::string& source, const std::vector<std::string>& ids);

    bool in_order_ = true;
    Index last_row_ = 0;
    std::size_t last_line_ = 0;
    std::vector<Index> cols_;
    std::vector<double> weights_;
    std::vector<std::pair<Index, std::size_t>> row_starts_;  // (row, its first link), rows increasing
    std::vector<std::uint8_t> line_steps_;                   // line minus the previous link's line
    std::vector<std::size_t> far_lines_;                     // lines of the links whose step is kFarStep
    std::vector<Link> links_;                                // once out of order
};

/// SpatialWeights from ids and links (transform none).
SpatialWeights make_weights(std::vector<std::string> ids, LinkCollector& links, const std::string& source);

/// Builds W from links that name their units ("from to weight": GWT, triplet CSV), where a unit
/// without links appears nowhere in the file.
///
/// Unit order: `all_ids` when given (every id the file names must be among them); otherwise the ids
/// the file names, origins first in order of first appearance as an origin, then ids that are only
/// destinations in order of first appearance. For a file written row by row (spdep, GeoDa,
/// spillover) that is the writer's unit order, islands aside.
///
/// Unit count: `declared_n` is the header's count (GWT) or nullopt (triplet CSV). Without `all_ids`,
/// naming fewer distinct ids than declared_n is an error at the header line that asks for the id list;
/// naming more is an error at the line of the first extra id.
class EdgeListAssembler {
public:
    EdgeListAssembler(const std::string& source, std::span<const std::string> all_ids,
                      std::optional<Index> declared_n, std::size_t header_line, std::string_view format);

    /// Adds one link; `from_field`, `to_field`: the fields' numbers for messages.
    void add(std::string_view from, std::string_view to, double weight, std::size_t line,
             std::size_t from_field, std::size_t to_field);
    SpatialWeights finish();

private:
    Index unit(std::string_view id, std::size_t line, std::size_t field, bool origin);
    std::vector<std::string> ordered_ids();

    const std::string& source_;
    std::optional<Index> declared_n_;
    std::size_t header_line_;
    std::string format_;
    bool fixed_units_;
    UnitIds units_;
    std::vector<Index> origin_rank_;  // per unit: rank among origins, -1 if never an origin
    Index origins_ = 0;
    LinkCollector links_;
};

/// Reads the header line shared by GAL and GWT: "n" (old style) or "0 n [shapefile [idfield]]"
/// (GeoDa); n >= 1. Returns n and fills `names` with the names the line gives.
Index read_geoda_header(LineCursor& lines, std::string_view format, GeoDaHeader* names = nullptr);

// ---- writing ----

/// Appends the shortest decimal that reads back as exactly `value` (std::to_chars).
void append_number(std::string& out, double value);
void append_integer(std::string& out, Index value);

/// Throws InputError when an id cannot stand as one field of a whitespace-separated format.
void require_plain_ids(const SpatialWeights& w, std::string_view format);
/// Throws InputError when a header name (shapefile, id field) contains whitespace or is empty.
void require_plain_name(const std::string& name, std::string_view what, std::string_view format);

/// Appends "0 n shapefile idfield\n"; throws InputError for a name with white space.
void append_geoda_header(std::string& out, Index n, const GeoDaHeader& header, std::string_view format);

/// Formats that write all n² cells refuse larger W (the file would be n² numbers).
inline constexpr Index kMaxDenseUnits = 20000;
void require_dense_size(const SpatialWeights& w, std::string_view format);

/// Appends row i of W as n cells, each preceded by `separator` ("0" for no link).
void append_dense_row(std::string& out, const SpatialWeights& w, Index i, char separator);

/// Calls f(row, col, weight) for every stored weight in row-major order.
template <typename F>
void for_each_link(const SpatialWeights& w, F&& f) {
    const auto& m = w.matrix();
    for (Index i = 0; i < m.outerSize(); ++i)
        for (SpatialWeights::Matrix::InnerIterator it(m, i); it; ++it) f(i, it.col(), it.value());
}

}  // namespace weights_text
}  // namespace spillover
