#include "weights/weights_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <numeric>

#include <fmt/format.h>

#include "engine/input_error.hpp"

namespace spillover::weights_text {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

}  // namespace

std::string_view skip_bom(std::string_view text) {
    return text.starts_with(kUtf8Bom) ? text.substr(kUtf8Bom.size()) : text;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_blank_text(std::string_view text) {
    text = skip_bom(text);
    return std::all_of(text.begin(), text.end(), is_space);
}

void throw_empty_file(const std::string& source) {
    throw InputError(source, 1, 0, "the file is empty (a weights file starts with a header line)");
}

// ---- LineCursor ----

LineCursor::LineCursor(std::string_view text, const std::string& source)
    : p_(skip_bom(text).data()), end_(text.data() + text.size()), source_(source) {}

std::optional<std::string_view> LineCursor::next() {
    if (p_ == end_) return std::nullopt;
    ++line_;
    const char* begin = p_;
    const void* newline = std::memchr(p_, '\n', static_cast<std::size_t>(end_ - p_));
    const char* stop = newline ? static_cast<const char*>(newline) : end_;
    p_ = newline ? stop + 1 : end_;
    if (stop != begin && stop[-1] == '\r') --stop;
    return std::string_view(begin, static_cast<std::size_t>(stop - begin));
}

std::optional<std::string_view> LineCursor::next_nonblank() {
    while (auto line = next())
        if (!trim(*line).empty()) return line;
    return std::nullopt;
}

std::string_view LineCursor::header() {
    const auto line = next_nonblank();
    if (!line) throw_empty_file(source_);
    return *line;
}

void LineCursor::fail(const std::string& message, std::size_t field) const {
    throw InputError(source_, std::max<std::size_t>(line_, 1), field, message);
}

// ---- Fields ----

bool Fields::next(std::string_view& field) {
    while (p_ != end_ && is_space(*p_)) ++p_;
    if (p_ == end_) return false;
    const char* begin = p_;
    while (p_ != end_ && !is_space(*p_)) ++p_;
    field = std::string_view(begin, static_cast<std::size_t>(p_ - begin));
    ++count_;
    return true;
}

std::size_t Fields::count_rest() {
    std::string_view ignored;
    while (next(ignored)) {
    }
    return count_;
}

std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> out;
    Fields fields(line);
    std::string_view field;
    while (fields.next(field)) out.push_back(field);
    return out;
}

// ---- numbers ----

std::optional<Index> parse_count(std::string_view text) {
    Index value = 0;
    const char* end = text.data() + text.size();
    if (text.empty() || text.front() == '-') return std::nullopt;
    const auto result = std::from_chars(text.data(), end, value);
    if (result.ec != std::errc() || result.ptr != end) return std::nullopt;
    return value;
}

std::string quoted(std::string_view text) {
    constexpr std::size_t max_chars = 40;
    std::string out = "'";
    for (char c : text.substr(0, max_chars)) out += (c == '\n' || c == '\r') ? ' ' : c;
    if (text.size() > max_chars) out += "...";
    return out + "'";
}

double parse_weight(std::string_view text, const std::string& source, std::size_t line, std::size_t field) {
    const std::string_view cell = trim(text);
    if (cell.empty()) throw InputError(source, line, field, "a weight is missing (empty field)");
    std::string_view digits = cell;
    if (digits.size() > 1 && digits.front() == '+' && digits[1] != '-' && digits[1] != '+') digits.remove_prefix(1);
    double value = 0.0;
    const char* end = digits.data() + digits.size();
    const auto result = std::from_chars(digits.data(), end, value);
    if (result.ptr != end || (result.ec != std::errc() && result.ec != std::errc::result_out_of_range))
        throw InputError(source, line, field, "weight " + quoted(cell) + " is not a number");
    if (result.ec == std::errc::result_out_of_range)
        throw InputError(source, line, field, "weight " + quoted(cell) + " is outside the range of a double");
    if (!std::isfinite(value)) throw InputError(source, line, field, "weight " + quoted(cell) + " is not finite");
    if (value < 0)
        throw InputError(source, line, field, "weight " + std::string(cell) + " is negative (weights must be >= 0)");
    return value;
}

// ---- UnitIds ----

void UnitIds::reserve(std::size_t n) {
    expected_ = std::max(expected_, n);
    ids_.reserve(n);
    lines_.reserve(n);
    if (!by_value_) index_by_text_.reserve(n);
}

Index UnitIds::array_key(std::string_view id) const {
    // Values up to 4 n + 65536: 1..n, record numbers, FIPS-like codes; the array stays O(n).
    const std::size_t limit = 4 * std::max(expected_, ids_.size()) + 65536;
    if (id.empty() || id.size() > 12 || (id.front() == '0' && id.size() > 1)) return -1;
    std::size_t value = 0;
    for (const char c : id) {
        if (c < '0' || c > '9') return -1;
        value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    return value < limit ? static_cast<Index>(value) : -1;
}

void UnitIds::use_hash_table() {
    by_value_ = false;
    std::vector<Index>().swap(index_by_value_);
    index_by_text_.reserve(std::max(expected_, ids_.size()));
    for (std::size_t i = 0; i < ids_.size(); ++i) index_by_text_.emplace(ids_[i], static_cast<Index>(i));
}

std::pair<Index, bool> UnitIds::insert(std::string_view id, std::size_t line) {
    Index* slot = nullptr;
    if (by_value_) {
        const Index key = array_key(id);
        if (key < 0) {
            use_hash_table();
        } else {
            if (static_cast<std::size_t>(key) >= index_by_value_.size())
                index_by_value_.resize(std::max<std::size_t>(static_cast<std::size_t>(key) + 1, 2 * index_by_value_.size()), -1);
            slot = &index_by_value_[static_cast<std::size_t>(key)];
            if (*slot >= 0) return {*slot, false};
            *slot = size();
        }
    }
    if (!slot) {
        const auto [it, fresh] = index_by_text_.emplace(id, size());
        if (!fresh) return {it->second, false};
    }
    ids_.push_back(id);
    lines_.push_back(line);
    return {size() - 1, true};
}

std::optional<Index> UnitIds::find(std::string_view id) const {
    if (by_value_) {
        // Every unit is a plain integer, so an id that is not one is no unit.
        const Index key = array_key(id);
        if (key < 0 || static_cast<std::size_t>(key) >= index_by_value_.size()) return std::nullopt;
        const Index index = index_by_value_[static_cast<std::size_t>(key)];
        return index >= 0 ? std::optional<Index>(index) : std::nullopt;
    }
    const auto it = index_by_text_.find(id);
    if (it == index_by_text_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> UnitIds::strings() const { return {ids_.begin(), ids_.end()}; }

std::vector<std::string> UnitIds::strings(const std::vector<Index>& order) const {
    std::vector<std::string> out;
    out.reserve(order.size());
    for (const Index old : order) out.emplace_back(id(old));
    return out;
}

Index insert_unit(UnitIds& units, std::string_view id, const LineCursor& at, std::size_t field) {
    const auto [index, fresh] = units.insert(id, at.line());
    if (!fresh)
        at.fail(fmt::format("unit {} appears twice (first on line {})", quoted(id), units.line(index)), field);
    return index;
}

// ---- LinkCollector ----

void LinkCollector::reserve(std::size_t links) {
    if (in_order_) {
        cols_.reserve(links);
        weights_.reserve(links);
        line_steps_.reserve(links);
    } else {
        links_.reserve(links);
    }
}

std::size_t LinkCollector::line_of(std::size_t k) const {
    std::size_t line = 0;
    std::size_t far = 0;
    for (std::size_t q = 0; q <= k; ++q) line = line_steps_[q] == kFarStep ? far_lines_[far++] : line + line_steps_[q];
    return line;
}

void LinkCollector::to_records() {
    links_.reserve(std::max(cols_.capacity(), cols_.size() + 1));
    std::size_t line = 0;
    std::size_t far = 0;
    for (std::size_t r = 0; r < row_starts_.size(); ++r) {
        const std::size_t end = r + 1 < row_starts_.size() ? row_starts_[r + 1].second : cols_.size();
        for (std::size_t k = row_starts_[r].second; k < end; ++k) {
            line = line_steps_[k] == kFarStep ? far_lines_[far++] : line + line_steps_[k];
            links_.push_back({row_starts_[r].first, cols_[k], weights_[k], line});
        }
    }
    in_order_ = false;
    std::vector<Index>().swap(cols_);
    std::vector<double>().swap(weights_);
    std::vector<std::pair<Index, std::size_t>>().swap(row_starts_);
    std::vector<std::uint8_t>().swap(line_steps_);
    std::vector<std::size_t>().swap(far_lines_);
}

void LinkCollector::renumber(const std::vector<Index>& new_index) {
    if (in_order_) to_records();
    for (Link& link : links_) {
        link.row = new_index[static_cast<std::size_t>(link.row)];
        link.col = new_index[static_cast<std::size_t>(link.col)];
    }
}

SpatialWeights::Matrix LinkCollector::build(Index n, const std::string& source, const std::vector<std::string>& ids) {
    return in_order_ ? build_in_order(n, source, ids) : build_records(n, source, ids);
}

namespace {

[[noreturn]] void throw_repeated_link(const std::string& source, const std::vector<std::string>& ids, Index row,
                                      Index col, std::size_t line, std::size_t first_line) {
    throw InputError(source, line, 0,
                     fmt::format("the link from {} to {} appears twice (first on line {})",
                                 quoted(ids[static_cast<std::size_t>(row)]), quoted(ids[static_cast<std::size_t>(col)]),
                                 first_line));
}

}  // namespace

SpatialWeights::Matrix LinkCollector::build_in_order(Index n, const std::string& source,
                                                     const std::vector<std::string>& ids) {
    SpatialWeights::Matrix w(n, n);
    w.resizeNonZeros(static_cast<Index>(cols_.size()));
    Index* outer = w.outerIndexPtr();
    std::size_t run = 0;  // the next entry of row_starts_
    for (Index row = 0; row < n; ++row) {
        const bool listed = run < row_starts_.size() && row_starts_[run].first == row;
        const std::size_t begin = run < row_starts_.size() ? row_starts_[run].second : cols_.size();
        const std::size_t end = !listed ? begin : run + 1 < row_starts_.size() ? row_starts_[run + 1].second : cols_.size();
        outer[row] = static_cast<Index>(begin);
        run += listed;
        // Usually the columns increase and the row goes over as it is. Otherwise order it by column
        // (stable, so by line within a column) and look for a column given twice.
        std::vector<std::size_t> order;
        const bool increasing = std::adjacent_find(cols_.begin() + static_cast<std::ptrdiff_t>(begin),
                                                   cols_.begin() + static_cast<std::ptrdiff_t>(end),
                                                   std::greater_equal<>()) == cols_.begin() + static_cast<std::ptrdiff_t>(end);
        if (!increasing) {
            order.resize(end - begin);
            std::iota(order.begin(), order.end(), begin);
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cols_[a] < cols_[b]; });
        }
        for (std::size_t p = 0; p < end - begin; ++p) {
            const std::size_t k = increasing ? begin + p : order[p];
            if (!increasing && p > 0 && cols_[k] == cols_[order[p - 1]])
                throw_repeated_link(source, ids, row, cols_[k], line_of(k), line_of(order[p - 1]));
            w.innerIndexPtr()[begin + p] = cols_[k];
            w.valuePtr()[begin + p] = weights_[k];
        }
    }
    outer[n] = static_cast<Index>(cols_.size());
    *this = LinkCollector();  // frees the links
    return w;
}

SpatialWeights::Matrix LinkCollector::build_records(Index n, const std::string& source,
                                                    const std::vector<std::string>& ids) {
    const auto by_row = [](const Link& a, const Link& b) { return a.row < b.row; };
    const auto by_col = [](const Link& a, const Link& b) { return a.col < b.col || (a.col == b.col && a.line < b.line); };
    if (!std::is_sorted(links_.begin(), links_.end(), by_row)) std::stable_sort(links_.begin(), links_.end(), by_row);

    SpatialWeights::Matrix w(n, n);
    w.resizeNonZeros(static_cast<Index>(links_.size()));
    Index* outer = w.outerIndexPtr();
    std::size_t k = 0;
    for (Index row = 0; row < n; ++row) {
        outer[row] = static_cast<Index>(k);
        const std::size_t begin = k;
        while (k < links_.size() && links_[k].row == row) ++k;
        const auto first = links_.begin() + static_cast<std::ptrdiff_t>(begin);
        const auto last = links_.begin() + static_cast<std::ptrdiff_t>(k);
        if (!std::is_sorted(first, last, by_col)) std::sort(first, last, by_col);
        for (auto it = first; it != last; ++it) {
            if (it != first && it->col == (it - 1)->col)
                throw_repeated_link(source, ids, row, it->col, it->line, (it - 1)->line);
            w.innerIndexPtr()[it - links_.begin()] = it->col;
            w.valuePtr()[it - links_.begin()] = it->weight;
        }
    }
    outer[n] = static_cast<Index>(k);
    *this = LinkCollector();  // frees the links
    return w;
}

SpatialWeights make_weights(std::vector<std::string> ids, LinkCollector& links, const std::string& source) {
    const Index n = static_cast<Index>(ids.size());
    SpatialWeights::Matrix w = links.build(n, source, ids);
    return SpatialWeights(std::move(ids), taken(w));
}

// ---- EdgeListAssembler ----

EdgeListAssembler::EdgeListAssembler(const std::string& source, std::span<const std::string> all_ids,
                                     std::optional<Index> declared_n, std::size_t header_line,
                                     std::string_view format)
    : source_(source), declared_n_(declared_n), header_line_(header_line), format_(format),
      fixed_units_(!all_ids.empty()) {
    if (!fixed_units_) return;
    const Index given = static_cast<Index>(all_ids.size());
    if (declared_n_ && *declared_n_ != given)
        throw InputError(source_, header_line_, 0,
                         fmt::format("the header says {} units but the list of ids has {}", *declared_n_, given));
    units_.reserve(all_ids.size());
    for (const std::string& id : all_ids)
        if (!units_.insert(id, 0).second) throw InputError("the list of ids names " + quoted(id) + " twice");
}

Index EdgeListAssembler::unit(std::string_view id, std::size_t line, std::size_t field, bool origin) {
    if (id.empty()) throw InputError(source_, line, field, "a unit id is missing (empty field)");
    if (fixed_units_) {
        if (const auto index = units_.find(id)) return *index;
        throw InputError(source_, line, field,
                         fmt::format("{} is not a unit: it is not among the {} ids given", quoted(id), units_.size()));
    }
    const auto [index, fresh] = units_.insert(id, line);
    if (fresh) {
        if (declared_n_ && units_.size() > *declared_n_)
            throw InputError(source_, line, field,
                             fmt::format("{} is a unit too many: the header (line {}) says {} units", quoted(id),
                                         header_line_, *declared_n_));
        origin_rank_.push_back(-1);
    }
    Index& rank = origin_rank_[static_cast<std::size_t>(index)];
    if (origin && rank < 0) rank = origins_++;
    return index;
}

void EdgeListAssembler::add(std::string_view from, std::string_view to, double weight, std::size_t line,
                            std::size_t from_field, std::size_t to_field) {
    const Index i = unit(from, line, from_field, true);
    const Index j = unit(to, line, to_field, false);
    links_.add(i, j, weight, line);
}

std::vector<std::string> EdgeListAssembler::ordered_ids() {
    if (fixed_units_) return units_.strings();
    const Index n = units_.size();
    if (declared_n_ && n < *declared_n_)
        throw InputError(source_, header_line_, 0,
                         fmt::format("the header says {} units but the file names only {}; units without links "
                                     "appear nowhere in a {} file, so give the list of all ids (e.g. the data's "
                                     "id column) to read it",
                                     *declared_n_, n, format_));
    if (n == 0) throw InputError(source_, header_line_, 0, "the file lists no links, so it names no unit");
    std::vector<Index> new_index(static_cast<std::size_t>(n));
    std::vector<Index> order(static_cast<std::size_t>(n));
    Index next_destination = origins_;
    for (Index i = 0; i < n; ++i) {
        const Index rank = origin_rank_[static_cast<std::size_t>(i)];
        const Index position = rank >= 0 ? rank : next_destination++;
        new_index[static_cast<std::size_t>(i)] = position;
        order[static_cast<std::size_t>(position)] = i;
    }
    links_.renumber(new_index);
    return units_.strings(order);
}

SpatialWeights EdgeListAssembler::finish() { return make_weights(ordered_ids(), links_, source_); }

// ---- GeoDa header ----

Index read_geoda_header(LineCursor& lines, std::string_view format, GeoDaHeader* names) {
    const std::string_view line = lines.header();
    const std::vector<std::string_view> fields = split_fields(line);
    const bool new_style = fields.size() >= 2 && fields.size() <= 4 && fields[0] == "0";
    const std::optional<Index> n = new_style ? parse_count(fields[1])
                                             : fields.size() == 1 ? parse_count(fields[0]) : std::nullopt;
    if (!n)
        lines.fail(fmt::format("cannot read the {} header {}: expected \"n\" or \"0 n shapefile idfield\"",
                               format, quoted(line)));
    if (*n < 1) lines.fail(fmt::format("the {} header says the file has {} units", format, *n));
    if (names && new_style) {
        if (fields.size() > 2) names->shapefile = std::string(fields[2]);
        if (fields.size() > 3) names->id_field = std::string(fields[3]);
    }
    return *n;
}

// ---- writing ----

void append_number(std::string& out, double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void append_integer(std::string& out, Index value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void append_dense_row(std::string& out, const SpatialWeights& w, Index i, char separator) {
    Index j = 0;
    for (SpatialWeights::Matrix::InnerIterator it(w.matrix(), i); it; ++it, ++j) {
        for (; j < it.col(); ++j) out.append({separator, '0'});
        out += separator;
        append_number(out, it.value());
    }
    for (; j < w.n(); ++j) out.append({separator, '0'});
}

void require_plain_ids(const SpatialWeights& w, std::string_view format) {
    for (const std::string& id : w.ids())
        if (std::any_of(id.begin(), id.end(), is_space))
            throw InputError(fmt::format("the id {} contains white space, which a {} file cannot hold (its fields "
                                         "are separated by spaces); write MatrixMarket or CSV instead",
                                         quoted(id), format));
}

void require_plain_name(const std::string& name, std::string_view what, std::string_view format) {
    if (name.empty() || std::any_of(name.begin(), name.end(), is_space))
        throw InputError(fmt::format("the {} name {} for the {} header must be one word without spaces", what,
                                     quoted(name), format));
}

void append_geoda_header(std::string& out, Index n, const GeoDaHeader& header, std::string_view format) {
    require_plain_name(header.shapefile, "shapefile", format);
    require_plain_name(header.id_field, "id field", format);
    out += "0 ";
    append_integer(out, n);
    out.append(" ").append(header.shapefile).append(" ").append(header.id_field).append("\n");
}

void require_dense_size(const SpatialWeights& w, std::string_view format) {
    if (w.n() > kMaxDenseUnits)
        throw InputError(fmt::format("a {} file holds all n x n cells; W has {} units (more than {}), so write GWT, "
                                     "MatrixMarket or triplet CSV instead",
                                     format, w.n(), kMaxDenseUnits));
}

}  // namespace spillover::weights_text
