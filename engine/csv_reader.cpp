#include "engine/csv_reader.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <system_error>

#include <fast_float/fast_float.h>

#include "engine/input_error.hpp"
#include "engine/text_file.hpp"

namespace spillover {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_whitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// A short, one-line excerpt of source text for a message (long text would swamp the location).
std::string excerpt(std::string_view text, std::size_t max_chars = 60) {
    std::string out;
    for (char c : text.substr(0, max_chars)) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else
            out += c;
    }
    if (text.size() > max_chars) out += "...";
    return out;
}

/// Lines in [begin, end): an upper bound on the rows, for reserving. memchr is vectorised, a byte
/// loop here was a tenth of the parse time.
std::size_t count_lines(const char* begin, const char* end) {
    std::size_t lines = 1;
    while (const void* hit = std::memchr(begin, '\n', static_cast<std::size_t>(end - begin))) {
        ++lines;
        begin = static_cast<const char*>(hit) + 1;
    }
    return lines;
}

/// The first separator or '\n' in [q, end), or end. Eight bytes at a time (SWAR) where the byte
/// order allows: fields are short, and a byte loop mispredicts its exit once per field.
const char* find_field_end(const char* q, const char* const end, char separator) {
    if constexpr (std::endian::native == std::endian::little) {
        constexpr std::uint64_t ones = 0x0101010101010101ULL;
        constexpr std::uint64_t highs = 0x8080808080808080ULL;
        const std::uint64_t separators = ones * static_cast<unsigned char>(separator);
        const std::uint64_t newlines = ones * static_cast<unsigned char>('\n');
        while (end - q >= 8) {
            std::uint64_t word;
            std::memcpy(&word, q, 8);
            const std::uint64_t a = word ^ separators;  // zero bytes where the separator is
            const std::uint64_t b = word ^ newlines;
            // The lowest flagged byte of (x - ones) & ~x & highs is exactly the first zero byte of x.
            const std::uint64_t hits = (((a - ones) & ~a) | ((b - ones) & ~b)) & highs;
            if (hits != 0) return q + std::countr_zero(hits) / 8;
            q += 8;
        }
    }
    while (q != end && *q != separator && *q != '\n') ++q;
    return q;
}

/// Parses the whole of `cell` as a decimal number. fast_float follows std::from_chars, which
/// rejects a leading '+'; data files have them ("+3"), so one is allowed here, but not "+-3".
bool parse_number(std::string_view cell, double& value) {
    const char* first = cell.data();
    const char* last = first + cell.size();
    if (first != last && *first == '+') {
        ++first;
        if (first == last || *first == '-' || *first == '+') return false;
    }
    if (first == last) return false;
    const auto result = fast_float::from_chars(first, last, value);
    // Newer fast_float reports overflow/underflow as result_out_of_range with value set to ±inf or
    // 0; that is still a number (a non-finite one for overflow), as in fast_float 3.
    const bool parsed = result.ec == std::errc() || result.ec == std::errc::result_out_of_range;
    return parsed && result.ptr == last;
}

/// Accumulates one column while the rows stream past.
class ColumnBuilder {
public:
    ColumnBuilder(std::string name, std::size_t position, std::size_t rows_hint, std::size_t chars_hint) {
        column_.name = std::move(name);
        column_.position = position;
        column_.text.reserve(rows_hint, chars_hint);
        column_.numbers.reserve(rows_hint);
        column_.missing.reserve(rows_hint);
    }

    /// `text` is the cell as stored, `trimmed` what is compared with NA tokens and parsed.
    void append(std::string_view text, std::string_view trimmed, bool is_missing, std::size_t row) {
        column_.text.push_back(text);
        chars_ += text.size();
        column_.missing.push_back(is_missing);
        if (is_missing) {
            ++column_.missing_count;
            if (numeric_) column_.numbers.push_back(std::numeric_limits<double>::quiet_NaN());
            return;
        }
        double value = 0.0;
        if (!numeric_) {
            // A few more bad cells for the message; then a text column is no longer parsed.
            if (!column_.problem->full() && !parse_number(trimmed, value)) column_.problem->add(row);
            return;
        }
        if (!parse_number(trimmed, value)) {
            numeric_ = false;
            column_.problem = CellProblem{CellProblem::Kind::NonNumeric, row};
            std::vector<double>().swap(column_.numbers);  // a text column holds no numbers
            return;
        }
        column_.numbers.push_back(value);
        if (!std::isfinite(value)) {
            if (!non_finite_) non_finite_ = CellProblem{CellProblem::Kind::NonFinite, row};
            else non_finite_->add(row);
        }
    }

    const std::string& name() const noexcept { return column_.name; }
    /// Cell text so far, in bytes.
    std::size_t chars() const noexcept { return chars_; }
    /// Room for `chars` bytes of cell text in all (no effect when there is room already).
    void reserve_text(std::size_t rows, std::size_t chars) { column_.text.reserve(rows, chars); }

    Column finish() && {
        if (numeric_ && non_finite_) column_.problem = std::move(non_finite_);
        return std::move(column_);
    }

private:
    Column column_;
    bool numeric_ = true;  // no NonNumeric cell seen yet
    std::optional<CellProblem> non_finite_;  // the non-finite cells, while the column is numeric
    std::size_t chars_ = 0;
};

/// One pass over `text`, which is only read (it may be a read-only mapping of the file): a cell is a
/// view of it, except a quoted cell with doubled quotes, unescaped into a scratch string that the next
/// such cell reuses.
class CsvParser {
public:
    CsvParser(std::string_view text, const std::string& source, const CsvOptions& options)
        : source_(source),
          begin_(text.data()),
          p_(text.data()),
          end_(text.data() + text.size()),
          line_start_(text.data()),
          na_tokens_(options.na_tokens.begin(), options.na_tokens.end()),
          required_columns_(options.required_columns),
          separator_(options.separator) {}

    DataTable parse() {
        skip_bom();
        if (std::all_of(p_, end_, is_whitespace))
            throw InputError(source_, 0, 0, "the file is empty; a header line naming the columns is needed");
        if (separator_ == 0) separator_ = detect_separator();
        strip_trailing_blank_lines();

        const std::size_t rows_hint = count_lines(p_, end_);
        std::vector<ColumnBuilder> columns = read_header(rows_hint);
        check_required(columns);
        std::vector<std::size_t> row_lines;
        row_lines.reserve(rows_hint);
        while (p_ != end_) {
            row_lines.push_back(line_);
            read_row(columns, row_lines.size() - 1);
            if (row_lines.size() == kSampleRows) reserve_from_sample(columns, rows_hint);
        }

        DataTable table(source_, std::move(row_lines));
        for (auto& column : columns) table.add_column(std::move(column).finish());
        return table;
    }

private:
    struct Field {
        const char* begin;
        const char* end;
        bool quoted;
        bool escaped;  // holds doubled quotes still to be collapsed
    };

    /// The rows after which each column's text is given room for the whole file, by its share of the
    /// text so far (reserve_from_sample).
    static constexpr std::size_t kSampleRows = 1024;

    /// Gives each column's text room for its share of the whole file, extrapolated from the sample
    /// with a margin. read_header gives every column an equal share of the file; a column of long
    /// numbers next to short ids outgrew that and was copied to a block twice the size, touching
    /// pages twice (a third of the faults of reading a 25k-row file). Room reserved and never used
    /// costs address space only, not memory.
    void reserve_from_sample(std::vector<ColumnBuilder>& columns, std::size_t rows_hint) const {
        const double read = static_cast<double>(p_ - begin_);
        const double total = static_cast<double>(end_ - begin_);
        for (auto& column : columns) {
            const double share = static_cast<double>(column.chars()) / read;
            column.reserve_text(rows_hint, static_cast<std::size_t>(1.1 * share * total) + 4096);
        }
    }

    bool is_blank(char c) const { return (c == ' ' || c == '\t') && c != separator_; }

    void skip_bom() {
        if (std::string_view(p_, static_cast<std::size_t>(end_ - p_)).starts_with(kUtf8Bom)) {
            p_ += kUtf8Bom.size();
            line_start_ = p_;
        }
    }

    /// Trailing blank lines are an editor artefact, not rows of missing values.
    void strip_trailing_blank_lines() {
        while (end_ != p_ && (end_[-1] == '\n' || end_[-1] == '\r' || is_blank(end_[-1]))) --end_;
    }

    /// The candidate that occurs most often in the header line outside quotes; ',' if none does.
    char detect_separator() const {
        constexpr char candidates[] = {',', ';', '\t', '|'};
        std::size_t counts[4] = {0, 0, 0, 0};
        bool in_quotes = false;
        for (const char* q = p_; q != end_ && (in_quotes || *q != '\n'); ++q) {
            if (*q == '"') in_quotes = !in_quotes;
            if (in_quotes) continue;
            for (int i = 0; i < 4; ++i) counts[i] += (*q == candidates[i]);
        }
        int best = 0;
        for (int i = 1; i < 4; ++i)
            if (counts[i] > counts[best]) best = i;
        return candidates[best];
    }

    std::vector<ColumnBuilder> read_header(std::size_t rows_hint) {
        read_record();
        if (fields_.size() == 1 && fields_[0].begin == fields_[0].end && !fields_[0].quoted)
            throw InputError(source_, 1, 0,
                             "the first line is blank; it must be the header naming the columns");
        const std::size_t chars_hint = static_cast<std::size_t>(end_ - p_) / fields_.size();
        std::vector<ColumnBuilder> columns;
        columns.reserve(fields_.size());
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            const std::string_view name = trim(unescape(fields_[i]));
            if (name.empty())
                throw InputError(source_, 1, i + 1,
                                 "the header has no name for column " + std::to_string(i + 1) +
                                     " (every column needs a name)");
            columns.emplace_back(std::string(name), i + 1, rows_hint, chars_hint);
        }
        return columns;
    }

    void check_required(const std::vector<ColumnBuilder>& columns) const {
        std::vector<std::string> names;
        names.reserve(columns.size());
        for (const auto& column : columns) names.push_back(column.name());
        check_columns_exist(source_, names, required_columns_);
    }

    void read_row(std::vector<ColumnBuilder>& columns, std::size_t row) {
        const std::size_t line = line_;
        const char* row_begin = p_;
        read_record();
        if (fields_.size() != columns.size()) throw ragged_row(line, row_begin, columns.size());
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const std::string_view text = unescape(fields_[i]);
            const std::string_view trimmed = fields_[i].quoted ? trim(text) : text;
            columns[i].append(text, trimmed, is_na(trimmed), row);
        }
    }

    InputError ragged_row(std::size_t line, const char* row_begin, std::size_t expected) const {
        const std::size_t n = fields_.size();
        std::string message = "row has " + std::to_string(n) + (n == 1 ? " field" : " fields") +
                              " but the header has " + std::to_string(expected);
        const char* row_end = p_;
        if (row_end != row_begin && row_end[-1] == '\n') --row_end;
        if (row_end != row_begin && row_end[-1] == '\r') --row_end;
        const std::string_view row_text(row_begin, static_cast<std::size_t>(row_end - row_begin));
        if (n == 1 && !fields_[0].quoted && fields_[0].begin == fields_[0].end)
            message += " (the line is blank)";
        else
            message += ": '" + excerpt(row_text) + "'";
        return InputError(source_, line, 0, message);
    }

    /// Reads the fields of one record and its line end.
    void read_record() {
        fields_.clear();
        for (;;) {
            fields_.push_back(read_field());
            if (p_ == end_) return;
            if (*p_ == separator_) {
                ++p_;
                continue;
            }
            if (*p_ == '\r') ++p_;
            if (p_ != end_) ++p_;  // the '\n'
            ++line_;
            line_start_ = p_;
            return;
        }
    }

    Field read_field() {
        const char* q = p_;
        while (q != end_ && is_blank(*q)) ++q;
        if (q != end_ && *q == '"') return read_quoted_field(q);
        const char* begin = q;
        q = find_field_end(q, end_, separator_);
        p_ = q;
        const char* end = q;
        if (end != begin && end[-1] == '\r' && (end == end_ || *end == '\n')) --end;  // CRLF
        while (end != begin && is_blank(end[-1])) --end;
        return {begin, end, false, false};
    }

    Field read_quoted_field(const char* quote) {
        const std::size_t open_line = line_;
        const std::size_t open_column = column_of(quote);
        const char* q = quote + 1;
        bool escaped = false;
        for (;;) {
            if (q == end_) throw unterminated_quote(open_line, open_column, quote);
            if (*q == '"') {
                if (q + 1 == end_ || q[1] != '"') break;
                escaped = true;
                q += 2;
                continue;
            }
            if (*q == '\n') {
                ++line_;
                line_start_ = q + 1;
            }
            ++q;
        }
        const char* content_end = q++;
        while (q != end_ && is_blank(*q)) ++q;
        const bool at_field_end =
            q == end_ || *q == separator_ || *q == '\n' || (*q == '\r' && (q + 1 == end_ || q[1] == '\n'));
        if (!at_field_end) throw text_after_quote(quote, q);
        p_ = q;
        return {quote + 1, content_end, true, escaped};
    }

    InputError unterminated_quote(std::size_t line, std::size_t column, const char* quote) const {
        const char* stop = std::find(quote + 1, end_, '\n');
        const std::string_view opened(quote, static_cast<std::size_t>(stop - quote));
        return InputError(source_, line, column,
                          "quoted field " + std::to_string(fields_.size() + 1) + " starting '" +
                              excerpt(opened, 30) + "' has no closing quote before the end of the file");
    }

    InputError text_after_quote(const char* quote, const char* stray) const {
        const char* stop = stray;
        while (stop != end_ && *stop != separator_ && *stop != '\n' && *stop != '\r') ++stop;
        const std::string_view field(quote, static_cast<std::size_t>(stop - quote));
        return InputError(source_, line_, column_of(stray),
                          "field " + std::to_string(fields_.size() + 1) +
                              " has text after its closing quote: '" + excerpt(field) +
                              "' (write a quote inside a quoted field as \"\")");
    }

    std::size_t column_of(const char* at) const { return static_cast<std::size_t>(at - line_start_) + 1; }

    std::string_view trim(std::string_view text) const {
        while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
        while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
        return text;
    }

    /// The field's text with '""' collapsed to '"': a view of the text, or for an escaped field of
    /// the scratch string, valid until the next call.
    std::string_view unescape(const Field& field) {
        if (!field.escaped) return {field.begin, static_cast<std::size_t>(field.end - field.begin)};
        scratch_.clear();
        for (const char* in = field.begin; in != field.end; ++in) {
            scratch_ += *in;
            if (*in == '"') ++in;  // every quote inside the field is doubled
        }
        return scratch_;
    }

    // An empty cell is always missing, whatever the tokens (as R's read.csv for numeric columns):
    // --na adds spellings of "missing", it cannot make a blank cell a value.
    bool is_na(std::string_view cell) const {
        if (cell.empty()) return true;
        for (const auto token : na_tokens_)
            if (cell == token) return true;
        return false;
    }

    const std::string& source_;
    const char* begin_;
    const char* p_;
    const char* end_;
    const char* line_start_;
    std::size_t line_ = 1;
    std::vector<std::string_view> na_tokens_;
    const std::vector<std::string>& required_columns_;
    char separator_;
    std::vector<Field> fields_;
    std::string scratch_;
};

}  // namespace

void CsvOptions::validate() const {
    const auto code = static_cast<unsigned char>(separator);
    const std::string code_text = " (character code " + std::to_string(code) + ")";
    if (separator == '"')
        throw std::invalid_argument("CSV separator cannot be '\"': it is the quote character");
    if (separator == '\n' || separator == '\r')
        throw std::invalid_argument("CSV separator cannot be a line end" + code_text);
    if (code != 0 && code != '\t' && (code < 0x20 || code == 0x7f))
        throw std::invalid_argument("CSV separator cannot be a control character" + code_text);
    if (code >= 0x80) throw std::invalid_argument("CSV separator must be an ASCII character" + code_text);
    for (const auto& token : na_tokens) {
        if (token.find_first_of("\r\n") != std::string::npos)
            throw std::invalid_argument("NA token '" + excerpt(token) + "' contains a line end");
        if (!token.empty() &&
            (token.front() == ' ' || token.front() == '\t' || token.back() == ' ' || token.back() == '\t'))
            throw std::invalid_argument("NA token '" + token +
                                        "' has surrounding spaces; cells are compared after trimming, so "
                                        "it could never match");
    }
}

DataTable read_csv(const std::string& path, const CsvOptions& options) {
    options.validate();  // before touching the file: a bad option is the caller's error, not the file's
    const TextFile file(path);
    return CsvParser(file.text(), path, options).parse();
}

DataTable read_csv_text(std::string_view text, const std::string& source_name, const CsvOptions& options) {
    options.validate();
    return CsvParser(text, source_name, options).parse();
}

}  // namespace spillover
