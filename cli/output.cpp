// Helpers every subcommand shares: where output goes, and the --sep option.

#include <iostream>
#include <stdexcept>

#include "cli/commands.hpp"
#include "engine/atomic_file.hpp"

namespace spillover::cli {

void emit(const std::string& content, const std::string& output) {
    if (output.empty()) {
        std::cout << content << std::flush;
        return;
    }
    write_file_atomically(output, content);
}

void warn_status(const std::string& what, std::string_view status, const std::string& message) {
    if (status != "ok") std::cerr << "spillover: " << what << ": " << status << ": " << message << "\n";
}

void notice(const std::string& line) { std::cerr << "spillover: " << line << std::endl; }

void report_figure(const figure::FigureReport& report) {
    for (const std::string& note : report.notes) notice(report.path + ": " + note);
}

char csv_separator(const std::string& text) {
    if (text.empty()) return 0;
    if (text == "\\t" || text == "tab") return '\t';
    if (text.size() != 1) throw std::invalid_argument("--sep takes one character (or 'tab'), got '" + text + "'");
    return text.front();
}

}  // namespace spillover::cli
