#include "engine/latex_writer.hpp"

#include <fmt/format.h>

#include "engine/effects_table.hpp"
#include "engine/result_table.hpp"

namespace spillover {

std::string latex_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': case '%': case '$': case '#': case '_': case '{': case '}':
                out += '\\';
                out += c;
                break;
            case '~': out += "\\textasciitilde{}"; break;
            case '^': out += "\\textasciicircum{}"; break;
            case '\\': out += "\\textbackslash{}"; break;
            default: out += c;
        }
    }
    return out;
}

namespace {

std::string row_label(const std::string& label) {
    if (label == "rho") return "$\\rho$";
    if (label == "lambda") return "$\\lambda$";
    if (label == "R-squared") return "$R^2$";
    if (label == "Adjusted R-squared") return "Adjusted $R^2$";
    return latex_escape(label);
}

std::string latex_row(const std::string& label, const std::vector<std::string>& cells) {
    std::string line = label;
    for (const auto& c : cells) line += " & " + latex_escape(c);
    return line + " \\\\\n";
}

/// The booktabs frame: a label column and `columns` centred ones.
std::string tabular_open(std::size_t columns) {
    return "\\begin{tabular}{l" + std::string(columns, 'c') + "}\n\\toprule\n";
}

/// \bottomrule, then each note on a footnote line across the table.
std::string tabular_close(std::size_t columns, const std::vector<std::string>& notes) {
    std::string out = "\\bottomrule\n";
    for (const auto& note : notes)
        out += fmt::format("\\multicolumn{{{}}}{{l}}{{\\footnotesize {}}} \\\\\n", columns + 1, latex_escape(note));
    return out + "\\end{tabular}\n";
}

/// The effects table: a column group per model (\\cmidrule under its name), then Direct, Indirect,
/// Total.
std::string effects_latex(const EffectsTable& t) {
    const std::size_t columns = t.column_labels.size();
    std::string out = tabular_open(columns);
    std::string groups, rules;
    for (std::size_t g = 0; g < t.model_labels.size(); ++g) {
        groups += fmt::format(" & \\multicolumn{{3}}{{c}}{{{}}}", latex_escape(t.model_labels[g]));
        rules += fmt::format("\\cmidrule(lr){{{}-{}}}", 3 * g + 2, 3 * g + 4);
    }
    out += groups + " \\\\\n" + rules + "\n";
    out += latex_row("", t.column_labels);
    out += "\\midrule\n";
    for (const auto& row : t.rows) out += latex_row(latex_escape(row.label), row.cells);
    return out + tabular_close(columns, {t.note});
}

/// A table of a StatisticsReport: its title as a comment above it, headings over a grid (none
/// over a list).
std::string shown_latex(const ShownTable& s) {
    const std::size_t columns = s.headings.empty() ? 1 : s.headings.size();
    std::string out = s.title.empty() ? "" : "% " + s.title + "\n";
    out += tabular_open(columns);
    if (!s.headings.empty()) out += latex_row("", s.headings) + "\\midrule\n";
    for (const auto& row : s.rows) out += latex_row(latex_escape(row.label), row.cells);
    return out + tabular_close(columns, s.notes);
}

}  // namespace

std::string write_latex(const std::vector<EstimationResult>& results, const TableOptions& options) {
    const ComparisonTable t = build_comparison_table(results, options);
    const std::size_t m = t.model_labels.size();
    std::string out = tabular_open(m);
    std::vector<std::string> numbers;
    for (std::size_t i = 0; i < m; ++i) numbers.push_back(fmt::format("({})", i + 1));
    out += latex_row("", numbers);
    out += latex_row("", t.model_labels);
    out += latex_row("Dependent", t.dependents);
    out += "\\midrule\n";
    for (const auto& row : t.coefficient_rows) out += latex_row(row_label(row.label), row.cells);
    out += "\\midrule\n";
    for (const auto& row : t.statistic_rows) out += latex_row(row_label(row.label), row.cells);
    out += tabular_close(m, {t.note});
    if (any_impacts(results)) out += "\n" + effects_latex(build_effects_table(results, options));
    return out;
}

std::string write_latex(const PaperTable& table) {
    const std::size_t columns = table.column_labels.size();
    std::string out = tabular_open(columns) + latex_row("", table.column_labels);
    for (const auto& group : table.groups) {
        out += "\\midrule\n";
        if (!group.heading.empty())
            out += fmt::format("\\multicolumn{{{}}}{{l}}{{\\textit{{{}}}}} \\\\\n", columns + 1, latex_escape(group.heading));
        for (const auto& row : group.rows) out += latex_row(row_label(row.label), row.cells);
    }
    out += tabular_close(columns, {});
    if (table.notes.empty()) return out;
    // Below the tabular, wrapped to the text width: a long note inside would widen the last column.
    out += "\\par\\smallskip\n\\begin{minipage}{\\linewidth}\\footnotesize\\raggedright\n";
    for (const auto& note : table.notes) out += latex_escape(note) + "\\par\n";
    return out + "\\end{minipage}\n";
}

std::string write_latex(const StatisticsReport& report, const TableOptions& options) {
    std::string out;
    for (const auto& s : paper_tables(report, options)) out += (out.empty() ? "" : "\n") + shown_latex(s);
    return out;
}

}  // namespace spillover
