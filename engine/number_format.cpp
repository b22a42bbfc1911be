#include "engine/number_format.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace spillover {

namespace {
/// A table cell with no number: "NA" (not available, as R prints it), so that a value a failed step
/// could not compute never reads as a result; the status line and the warning say why.
std::string not_available(double value) {
    if (std::isnan(value)) return "NA";
    return value > 0 ? "Inf" : "-Inf";
}

std::string non_finite(double value) {
    if (std::isnan(value)) return "NaN";
    return value > 0 ? "Inf" : "-Inf";
}
}  // namespace

std::string format_number(double value, int digits) {
    if (!std::isfinite(value)) return not_available(value);
    return fmt::format("{:.{}g}", value, digits);
}

std::string format_fixed(double value, int decimals) {
    if (!std::isfinite(value)) return not_available(value);
    std::string s = fmt::format("{:.{}f}", value, decimals);
    // "-0.000" reads as a sign error in a paper's table.
    if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
    return s;
}

std::string format_p_value(double p) {
    if (!std::isfinite(p)) return not_available(p);
    constexpr double eps = std::numeric_limits<double>::epsilon();
    if (p < eps) return "< 2.2e-16";
    return fmt::format("{:.4g}", p);
}

std::string_view significance_stars(double p) {
    if (!(p >= 0)) return "";
    if (p < 0.001) return "***";
    if (p < 0.01) return "**";
    if (p < 0.05) return "*";
    if (p < 0.1) return ".";
    return "";
}

std::string_view paper_stars(double p) {
    if (!(p >= 0)) return "";
    if (p < 0.01) return "***";
    if (p < 0.05) return "**";
    if (p < 0.1) return "*";
    return "";
}

std::string format_round_trip(double value) {
    if (!std::isfinite(value)) return non_finite(value);
    std::array<char, 32> buffer{};
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return std::string(buffer.data(), ec == std::errc() ? end : buffer.data());
}

std::string aligned_columns(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width;
    for (const auto& row : rows) {
        width.resize(std::max(width.size(), row.size()), 0);
        for (std::size_t j = 0; j < row.size(); ++j) width[j] = std::max(width[j], row[j].size());
    }
    std::string out;
    for (const auto& row : rows) {
        if (row.empty()) continue;
        std::string line = fmt::format("{:<{}}", row[0], width[0]);
        for (std::size_t j = 1; j + 1 < row.size(); ++j) line += fmt::format("  {:>{}}", row[j], width[j]);
        if (row.size() > 1) line += " " + row.back();
        line.erase(line.find_last_not_of(' ') + 1);  // an empty stars column leaves no trailing space
        out += line + "\n";
    }
    return out;
}

}  // namespace spillover
