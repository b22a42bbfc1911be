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

/// readstat only says "Unable to open file"; opening it here first gives the system's reason. Returns
/// the file's size in bytes (0 when it is not a regular file).
std::size_t check_readable(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw InputError("cannot open '" + path + "': " + std::strerror(errno));
    struct stat status {};
    const bool regular = ::fstat(fd, &status) == 0 && S_ISREG(status.st_mode);
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
