#include "engine/text_writer.hpp"

#include "engine/number_format.hpp"

namespace spillover {

namespace {

/// aligned_columns' last column is the stars, after one space: every row gets one, empty or not.
std::string aligned(const ShownTable& s) {
    std::vector<std::vector<std::string>> cells;
    if (!s.headings.empty()) {
        cells.push_back({""});
        cells.back().insert(cells.back().end(), s.headings.begin(), s.headings.end());
        cells.back().emplace_back();
    }
    for (const auto& row : s.rows) {
        cells.push_back({row.label});
        cells.back().insert(cells.back().end(), row.cells.begin(), row.cells.end());
        cells.back().push_back(row.stars);
    }
    return aligned_columns(cells);
}

}  // namespace

std::string write_text(const StatisticsReport& report) {
    std::string out;
    for (const auto& t : tables_to_show(report)) {
        const ShownTable s = shown_table(t, text_cell, significance_stars);
        if (!out.empty()) out += "\n";
        if (!s.title.empty()) out += s.title + "\n";
        out += aligned(s);
        if (t.stars) out += "---\n" + std::string(significance_legend) + "\n";
        for (const auto& note : s.notes) out += note + "\n";
    }
    return out;
}

}  // namespace spillover
