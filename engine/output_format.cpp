#include "engine/output_format.hpp"

#include "engine/csv_writer.hpp"
#include "engine/input_error.hpp"
#include "engine/json_writer.hpp"
#include "engine/latex_writer.hpp"
#include "engine/markdown_writer.hpp"
#include "engine/text_writer.hpp"

namespace spillover {

OutputFormat parse_output_format(std::string_view name) {
    if (name == "text") return OutputFormat::Text;
    if (name == "json") return OutputFormat::Json;
    if (name == "latex" || name == "tex") return OutputFormat::Latex;
    if (name == "markdown" || name == "md") return OutputFormat::Markdown;
    if (name == "csv") return OutputFormat::Csv;
    throw InputError("unknown output format '" + std::string(name) +
                     "' (choose text, json, latex, markdown or csv)");
}

std::string write_results(const std::vector<EstimationResult>& results, OutputFormat format,
                          const TableOptions& table_options) {
    switch (format) {
        case OutputFormat::Json: return write_json(results);
        case OutputFormat::Latex: return write_latex(results, table_options);
        case OutputFormat::Markdown: return write_markdown(results, table_options);
        case OutputFormat::Csv: return write_csv(results);
        case OutputFormat::Text: break;
    }
    std::string out;
    for (std::size_t i = 0; i < results.size(); ++i) out += (i ? "\n" : "") + results[i].full_report();
    return out;
}

std::string write_report(const StatisticsReport& report, OutputFormat format, const TableOptions& table_options) {
    switch (format) {
        case OutputFormat::Json: return write_json(report);
        case OutputFormat::Latex: return write_latex(report, table_options);
        case OutputFormat::Markdown: return write_markdown(report, table_options);
        case OutputFormat::Csv: return write_csv(report);
        case OutputFormat::Text: break;
    }
    return write_text(report);
}

}  // namespace spillover
