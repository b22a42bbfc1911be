#include "engine/markdown_writer.hpp"

#include "engine/effects_table.hpp"
#include "engine/result_table.hpp"

namespace spillover {

namespace {

/// '|' would end a cell and '*' would start emphasis; backslash-escape both.
std::string markdown_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '|' || c == '*' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

std::string markdown_row(const std::string& label, const std::vector<std::string>& cells) {
    std::string line = "| " + markdown_escape(label);
    for (const auto& c : cells) line += " | " + markdown_escape(c);
    return line + " |\n";
}

/// The heading row and the alignment row: the label column left, the others right.
std::string markdown_head(const std::vector<std::string>& headings) {
    std::string out = markdown_row("", headings) + "|:---";
    for (std::size_t c = 0; c < headings.size(); ++c) out += "|---:";
    return out + "|\n";
}

/// The effects table: the model in each column heading ("SDM direct" …), as pipe tables have no
/// spanning cells.
std::string effects_markdown(const EffectsTable& t) {
    std::vector<std::string> headings;
    for (std::size_t c = 0; c < t.column_labels.size(); ++c)
        headings.push_back(t.model_labels[c / 3] + " " + t.column_labels[c]);
    std::string out = markdown_head(headings);
    for (const auto& row : t.rows) out += markdown_row(row.label, row.cells);
    return out + "\n" + markdown_escape(t.note) + "\n";
}

/// A table of a StatisticsReport: the title in bold, a pipe table (a list under empty headings, as
/// a pipe table must have a heading row), then each note as a paragraph.
std::string shown_markdown(const ShownTable& s) {
    std::string out = s.title.empty() ? "" : "**" + markdown_escape(s.title) + "**\n\n";
    out += markdown_head(s.headings.empty() ? std::vector<std::string>{""} : s.headings);
    for (const auto& row : s.rows) out += markdown_row(row.label, row.cells);
    for (const auto& note : s.notes) out += "\n" + markdown_escape(note) + "\n";
    return out;
}

}  // namespace

std::string write_markdown(const std::vector<EstimationResult>& results, const TableOptions& options) {
    const ComparisonTable t = build_comparison_table(results, options);
    std::string out = markdown_head(t.model_labels);
    out += markdown_row("Dependent", t.dependents);
    for (const auto& row : t.coefficient_rows) out += markdown_row(row.label, row.cells);
    for (const auto& row : t.statistic_rows) out += markdown_row(row.label, row.cells);
    out += "\n" + markdown_escape(t.note) + "\n";
    if (any_impacts(results)) out += "\n" + effects_markdown(build_effects_table(results, options));
    return out;
}

std::string write_markdown(const PaperTable& table) {
    std::string out = table.title.empty() ? "" : "**" + markdown_escape(table.title) + "**\n\n";
    out += markdown_head(table.column_labels);
    for (const auto& group : table.groups) {
        if (!group.heading.empty()) {
            out += "| *" + markdown_escape(group.heading) + "*";
            for (std::size_t c = 0; c < table.column_labels.size(); ++c) out += " | ";
            out += " |\n";
        }
        for (const auto& row : group.rows) out += markdown_row(row.label, row.cells);
    }
    for (const auto& note : table.notes) out += "\n" + markdown_escape(note) + "\n";
    return out;
}

std::string write_markdown(const StatisticsReport& report, const TableOptions& options) {
    std::string out;
    for (const auto& s : paper_tables(report, options)) out += (out.empty() ? "" : "\n") + shown_markdown(s);
    return out;
}

}  // namespace spillover
