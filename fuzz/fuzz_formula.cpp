// The formula parser (engine/formula.hpp): parse_formula, the promises of its result, then the design
// matrix (engine/design_matrix.hpp) over a small table that has every column the formula names.
#include <set>

#include "engine/design_matrix.hpp"
#include "engine/formula.hpp"
#include "fuzz/fuzz_support.hpp"

using namespace spillover;

namespace {

/// Five rows, one numeric column per name, every value positive (so that log and sqrt have a domain).
DataTable table_with(const std::vector<std::string>& names) {
    constexpr std::size_t rows = 5;
    DataTable table("fuzz.csv", {2, 3, 4, 5, 6});
    for (std::size_t c = 0; c < names.size(); ++c) {
        Column column;
        column.name = names[c];
        column.position = c + 1;
        for (std::size_t r = 0; r < rows; ++r) {
            const double value = 0.5 + static_cast<double>((r * 7 + c * 3) % 11) * 0.75;
            column.numbers.push_back(value);
            column.text.push_back(std::to_string(value));
            column.missing.push_back(false);
        }
        table.add_column(std::move(column));
    }
    return table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    Formula formula;
    if (!fuzz::accepted([&] { formula = parse_formula(fuzz::as_text(data, size)); })) return 0;
    fuzz::require(formula.response != nullptr, "a formula without a response");
    fuzz::require(!formula.response_name.empty(), "a response without a name");
    std::set<std::string> names;
    for (const FormulaTerm& term : formula.terms) {
        fuzz::require(term.expr != nullptr, "a term without an expression");
        fuzz::require(!term.name.empty(), "a term without a name");
        fuzz::require(names.insert(term.name).second, "the term '" + term.name + "' twice");
        fuzz::require(term.name != formula.response_name, "the response is also a term");
    }
    fuzz::require(!formula.terms.empty() || formula.intercept, "a formula with no regressor");
    const std::vector<std::string> variables = formula.variables();

    DataTable table;
    if (!fuzz::accepted([&] { table = table_with(variables); })) return 0;  // e.g. a name used twice
    DesignMatrix design;
    if (!fuzz::accepted([&] { design = build_design(table, formula); })) return 0;
    fuzz::require(design.X.rows() == design.y.size(), "X and y differ in rows");
    fuzz::require(static_cast<std::size_t>(design.X.cols()) == design.column_names.size(), "X's columns unnamed");
    fuzz::require(design.column_names.size() == formula.terms.size() + (formula.intercept ? 1 : 0),
                  "X's columns are not the terms (and intercept)");
    fuzz::require(design.ids.size() == static_cast<std::size_t>(design.n()), "ids are not one per row");
    fuzz::require(design.y.allFinite() && design.X.allFinite(), "a non-finite value in y or X");
    return 0;
}
