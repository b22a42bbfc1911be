#include "engine/dta_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <optional>
#include <string_view>

#include <readstat.h>

#include "engine/input_error.hpp"

namespace spillover {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A column under construction; readstat delivers values observation by observation.
struct DtaColumn {
    Column column;
    bool is_string = false;
    std::optional<CellProblem> non_finite;
};

/// State shared with the readstat callbacks. Exceptions must not cross readstat's C frames, so a
/// callback that fails stores its exception here and asks readstat to abort.
struct DtaContext {
    DtaContext(const std::string& file, std::size_t bytes) : path(file), file_bytes(bytes) {}
    const std::string& path;  // for messages
    std::size_t file_bytes;   // bounds what the header's counts may reserve
    std::vector<DtaColumn> columns;
    std::size_t rows_hint = 0;
    std::string readstat_message;  // the detail readstat reports through its error handler
    std::exception_ptr error;
};

template <typename T>
std::string_view shortest_text(T value, char (&buffer)[32]) {
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return {buffer, static_cast<std::size_t>(result.ptr - buffer)};
}

void append_numeric(DtaColumn& target, readstat_value_t value, readstat_variable_t* variable) {
    Column& column = target.column;
    const std::size_t row = column.text.size();
    if (readstat_value_is_missing(value, variable)) {
        // Keep Stata's spelling of the missing value: "." or ".a" ... ".z".
        const char tag = readstat_value_is_tagged_missing(value) ? readstat_value_tag(value) : '\0';
        const char text[2] = {'.', tag};
        column.text.push_back(std::string_view(text, tag ? 2 : 1));
        column.missing.push_back(true);
        ++column.missing_count;
        column.numbers.push_back(kNaN);
        return;
    }
    char buffer[32];
    std::string_view text;
    double number = 0.0;
    switch (readstat_value_type(value)) {
        // Integers print as integers ("1", not "1.0"), so numeric ids read the same as in a CSV.
        case READSTAT_TYPE_INT8: number = readstat_int8_value(value); break;
        case READSTAT_TYPE_INT16: number = readstat_int16_value(value); break;
        case READSTAT_TYPE_INT32: number = readstat_int32_value(value); break;
        case READSTAT_TYPE_FLOAT: {
            // Printed at float precision so that 0.1f reads "0.1"; the number is the float itself.
            const float v = readstat_float_value(value);
            number = v;
            text = shortest_text(v, buffer);
            break;
        }
        default: number = readstat_double_value(value); break;
    }
    if (text.empty()) {
        const bool integer = readstat_value_type(value) != READSTAT_TYPE_DOUBLE;
        text = integer ? shortest_text(static_cast<std::int64_t>(number), buffer) : shortest_text(number, buffer);
    }
    column.text.push_back(text);
    column.missing.push_back(false);
    column.numbers.push_back(number);
    if (std::isfinite(number)) return;
    if (!target.non_finite) target.non_finite = CellProblem{CellProblem::Kind::NonFinite, row};
    else target.non_finite->add(row);
}

void append_string(DtaColumn& target, readstat_value_t value) {
    Column& column = target.column;
    const char* chars = readstat_string_value(value);
    const std::string_view text = chars ? std::string_view(chars) : std::string_view();
    const bool is_missing = text.find_first_not_of(" \t") == std::string_view::npos;
    if (!is_missing && !column.problem)
        column.problem = CellProblem{CellProblem::Kind::NonNumeric, column.text.size()};
    else if (!is_missing)
        column.problem->add(column.text.size());
    column.text.push_back(text);
    column.missing.push_back(is_missing);
    column.missing_count += is_missing;
}

int on_metadata(readstat_metadata_t* metadata, void* ctx) {
    auto& context = *static_cast<DtaContext*>(ctx);
    const int rows = readstat_get_row_count(metadata);
    const int variables = readstat_get_var_count(metadata);
    // The row count is the header's word, used only to reserve room: an observation takes at least a
    // byte per variable, so a damaged count (10^9 rows in a 400-byte file) reserves no more than the
    // file could hold, and readstat then reports the file short.
    const std::size_t fits = context.file_bytes / static_cast<std::size_t>(std::max(variables, 1));
    context.rows_hint = rows > 0 ? std::min(static_cast<std::size_t>(rows), fits) : 0;
    return READSTAT_HANDLER_OK;
}

int on_variable(int index, readstat_variable_t* variable, const char* /*value_labels*/, void* ctx) {
    auto& context = *static_cast<DtaContext*>(ctx);
    try {
        DtaColumn target;
        // readstat gives no name (a null pointer) for a variable whose name field is empty, which
        // Stata never writes: a damaged file.
        const char* name = readstat_variable_get_name(variable);
        if (name == nullptr || *name == '\0')
            throw InputError(context.path, 0, 0,
                             "variable " + std::to_string(index + 1) + " has no name (a damaged .dta file?)");
        target.column.name = name;
        target.column.position = static_cast<std::size_t>(index) + 1;
        target.is_string = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING;
        // Offsets only: a text length guess times 10^6 rows times many string variables can reserve
        // far more than the file holds; the arena grows geometrically instead.
        target.column.text.reserve(context.rows_hint, 0);
        target.column.missing.reserve(context.rows_hint);
        if (!target.is_string) target.column.numbers.reserve(context.rows_hint);
        context.columns.push_back(std::move(target));
        return READSTAT_HANDLER_OK;
    } catch (...) {
        context.error = std::current_exception();
        return READSTAT_HANDLER_ABORT;
    }
}

int on_value(int /*obs_index*/, readstat_variable_t* variable, readstat_value_t value, void* ctx) {
    auto& context = *static_cast<DtaContext*>(ctx);
    try {
        DtaColumn& target =
            context.columns.at(static_cast<std::size_t>(readstat_variable_get_index(variable)));
        if (target.is_string)
            append_string(target, value);
        else
            append_numeric(target, value, variable);
        return READSTAT_HANDLER_OK;
    } catch (...) {
        context.error = std::current_exception();
        return READSTAT_HANDLER_ABORT;
    }
}

void on_error(const char* message, void* ctx) {
    if (message) static_cast<DtaContext*>(ctx)->readstat_message = message;
}

/// Reads the parts of a file at given offsets (pread), as readstat reads them.
class FileBytes {
public:
    explicit FileBytes(int fd) : fd_(fd) {}

    /// The `n` bytes at `at`, or false when the file holds fewer.
    bool read(std::uint64_t at, void* out, std::size_t n) const {
        if (at > static_cast<std::uint64_t>(std::numeric_limits<off_t>::max())) return false;
        return ::pread(fd_, out, n, static_cast<off_t>(at)) == static_cast<ssize_t>(n);
    }
    /// Whether the bytes at `at` are `tag`; moves `at` past them.
    bool tag(std::uint64_t& at, std::string_view tag) const {
        char buffer[32];
        if (tag.size() > sizeof buffer || !read(at, buffer, tag.size())) return false;
        at += tag.size();
        return std::string_view(buffer, tag.size()) == tag;
    }
    /// An unsigned integer of `bytes` bytes at `at` in the file's byte order; moves `at` past it.
    bool number(std::uint64_t& at, std::size_t bytes, bool big_endian, std::uint64_t& value) const {
        unsigned char buffer[8];
        if (bytes > sizeof buffer || !read(at, buffer, bytes)) return false;
        at += bytes;
        value = 0;
        for (std::size_t i = 0; i < bytes; ++i)
            value |= static_cast<std::uint64_t>(buffer[big_endian ? bytes - 1 - i : i]) << (8 * i);
        return true;
    }

private:
    int fd_;
};

/// Formats 117 to 119 keep strL values in a <strls> section of GSO records ("GSO", v, o, type, len,
/// then len bytes), and an ASCII one (type 130) holds a C string with its terminating NUL. readstat
/// (1.1.8, and 1.1.9's dta_read_strls alike) hands such a record over as a C string without checking
/// that NUL, so a damaged record made whoever reads the value read past readstat's buffer. This walks
/// the section as readstat will (the header's fields, the map's offset of <strls>, the records) and
/// refuses an ASCII record that does not end in NUL. Anything else it cannot follow is left to
/// readstat, which reports it.
void check_strls(const FileBytes& file, const std::string& path) {
    std::uint64_t at = 0;
    char release[3];
    if (!file.tag(at, "<stata_dta><header><release>") || !file.read(at, release, 3)) return;
    at += 3;
    const int format = 100 * (release[0] - '0') + 10 * (release[1] - '0') + (release[2] - '0');
    char order[3];
    if (format < 117 || !file.tag(at, "</release><byteorder>") || !file.read(at, order, 3)) return;
    at += 3;
    const bool big_endian = std::string_view(order, 3) == "MSF";
    std::uint64_t skip = 0, strls = 0;
    if (!file.tag(at, "</byteorder><K>")) return;
    at += format >= 119 ? 4 : 2;
    if (!file.tag(at, "</K><N>")) return;
    at += format >= 118 ? 8 : 4;
    if (!file.tag(at, "</N><label>") || !file.number(at, format >= 118 ? 2 : 1, big_endian, skip)) return;
    at += skip;
    if (!file.tag(at, "</label><timestamp>") || !file.number(at, 1, big_endian, skip)) return;
    at += skip;
    if (!file.tag(at, "</timestamp></header><map>")) return;
    at += 10 * 8;  // the offsets of the sections before <strls>
    if (!file.number(at, 8, big_endian, strls)) return;

    at = strls;
    if (!file.tag(at, "<strls>")) return;
    for (std::size_t record = 1; file.tag(at, "GSO"); ++record) {
        std::uint64_t type = 0, length = 0;
        at += 4 + (format >= 118 ? 8 : 4);  // v and o
        if (!file.number(at, 1, big_endian, type) || !file.number(at, 4, big_endian, length)) return;
        if (type != 130) continue;  // readstat reads the next record where the data would start
        char last = 1;
        if (length >= 0x80000000u || (length > 0 && !file.read(at + length - 1, &last, 1))) return;
        if (length == 0 || last != '\0')
            throw InputError(path, 0, 0,
                             "strL value " + std::to_string(record) +
                                 " (an ASCII GSO record of the <strls> section) does not end in a NUL byte (a "
                                 "damaged .dta file?)");
        at += length;
    }
}

/// readstat only says "Unable to open file"; opening it here first gives the system's reason. Returns
/// the file's size in bytes (0 when it is not a regular file), after check_strls.
std::size_t check_readable(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError("cannot open '" + path + "': " + std::strerror(errno));
    struct stat status {};
    const bool regular = ::fstat(fd, &status) == 0 && S_ISREG(status.st_mode);
    try {
        if (regular) check_strls(FileBytes(fd), path);
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    return regular ? static_cast<std::size_t>(status.st_size) : 0;
}

void parse(const std::string& path, DtaContext& context) {
    readstat_parser_t* parser = readstat_parser_init();
    if (!parser) throw std::bad_alloc();
    readstat_set_metadata_handler(parser, on_metadata);
    readstat_set_variable_handler(parser, on_variable);
    readstat_set_value_handler(parser, on_value);
    readstat_set_error_handler(parser, on_error);
    const readstat_error_t status = readstat_parse_dta(parser, path.c_str(), &context);
    readstat_parser_free(parser);

    if (context.error) std::rethrow_exception(context.error);
    if (status != READSTAT_OK) {
        std::string message =
            std::string("not a Stata .dta file readstat can read: ") + readstat_error_message(status);
        if (!context.readstat_message.empty()) message += " (" + context.readstat_message + ")";
        throw InputError(path, 0, 0, message);
    }
}

Column finish(DtaColumn&& target) {
    Column& column = target.column;
    if (target.is_string && !column.problem)
        column.numbers.assign(column.text.size(), kNaN);  // every cell missing: numeric, all NaN
    if (!target.is_string && target.non_finite) column.problem = std::move(target.non_finite);
    return std::move(column);
}

}  // namespace

DataTable read_dta(const std::string& path) {
    DtaContext context(path, check_readable(path));
    parse(path, context);

    const std::size_t rows = context.columns.empty() ? 0 : context.columns.front().column.text.size();
    std::vector<std::size_t> row_lines(rows);
    for (std::size_t r = 0; r < rows; ++r) row_lines[r] = r + 1;  // observation number

    DataTable table(path, std::move(row_lines));
    for (auto& target : context.columns) table.add_column(finish(std::move(target)));
    return table;
}

}  // namespace spillover
