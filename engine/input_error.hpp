#pragma once
// Errors for bad input: the user's file, formula, option or W is wrong.
//
// spillover has two error channels (README, "Errors and exit codes"): bad input throws, numerical trouble sets a
// status on the result. Everything thrown for bad input derives from std::invalid_argument, so the
// command line can map it to exit code 2 and one line on stderr. InputError carries where the problem
// is (file, line, column) so that the message can point at it; the location is already part of what().

#include <cstddef>
#include <stdexcept>
#include <string>

namespace spillover {

class InputError : public std::invalid_argument {
public:
    /// A problem with no location (an option, a whole file).
    explicit InputError(const std::string& message) : std::invalid_argument(message) {}

    /// A problem at `file:line:column` (line and column are 1-based; 0 means "not known"). `column` is
    /// the field number for a cell or header problem and the character position on the line for a
    /// syntax problem (an unterminated quote).
    InputError(const std::string& file, std::size_t line, std::size_t column, const std::string& message)
        : std::invalid_argument(locate(file, line, column) + message),
          file_(file), line_(line), column_(column) {}

    const std::string& file() const noexcept { return file_; }
    std::size_t line() const noexcept { return line_; }
    std::size_t column() const noexcept { return column_; }

private:
    // "file:line:column: " with the parts that are known. Built by append: GCC 12 reports a false
    // -Wrestrict on chained operator+ of std::string here.
    static std::string locate(const std::string& file, std::size_t line, std::size_t column) {
        std::string where = file;
        if (line > 0) where.append(":").append(std::to_string(line));
        if (column > 0) where.append(":").append(std::to_string(column));
        if (!where.empty()) where.append(": ");
        return where;
    }

    std::string file_;
    std::size_t line_ = 0;
    std::size_t column_ = 0;
};

}  // namespace spillover
