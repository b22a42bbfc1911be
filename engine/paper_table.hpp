#pragma once
// PaperTable: a table as a paper prints it, already in strings — column headings, groups of rows
// separated by a rule (each group may carry a heading, as "Direct effects" above its rows), and
// notes under the table. It is the layout of tables whose columns are not models: the study's
// tables over several weights matrices (workflow/study_report.hpp), where each column is a W.
// Rendered by write_latex (booktabs) and write_markdown (pipe table) so that the two agree; the
// cells are escaped by the writers, so they hold plain text ("0.412***", "(0.051)").

#include <string>
#include <vector>

namespace spillover {

struct PaperTable {
    struct Row {
        std::string label;               ///< empty on a standard-error row
        std::vector<std::string> cells;  ///< one per column
    };
    struct Group {
        std::string heading;  ///< shown above the rows (LaTeX: in italics across the table); empty: none
        std::vector<Row> rows;
    };
    std::string title;                       ///< the caption
    std::vector<std::string> column_labels;  ///< one per column
    std::vector<Group> groups;               ///< a rule between consecutive groups
    std::vector<std::string> notes;          ///< footnote lines
};

}  // namespace spillover
