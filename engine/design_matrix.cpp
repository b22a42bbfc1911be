#include "engine/design_matrix.hpp"

#include <cmath>
#include <map>
#include <string_view>
#include <utility>

#include "engine/input_error.hpp"
#include "engine/number_format.hpp"

namespace spillover {
namespace {

/// The columns a formula uses, restricted to the rows kept.
using Columns = std::map<std::string, Eigen::ArrayXd, std::less<>>;

using UnaryFunction = double (*)(double);

// The C library's functions, element by element, rather than Eigen's vectorised log/exp: those
// differ from libm in the last bit, and R calls libm, so this keeps transformed regressors identical
// to R's. Arithmetic (+ - * /) is IEEE either way and stays vectorised.
UnaryFunction function_of(std::string_view fn) {
    if (fn == "log") return [](double x) { return std::log(x); };
    if (fn == "log10") return [](double x) { return std::log10(x); };
    if (fn == "exp") return [](double x) { return std::exp(x); };
    if (fn == "sqrt") return [](double x) { return std::sqrt(x); };
    if (fn == "abs") return [](double x) { return std::abs(x); };
    return [](double x) { return x; };  // I()
}

// R's ^ (R_POW in arithmetic.c): x^2 is x*x; otherwise the C library's pow, whose special cases
// (pow(1, y) = 1, pow(x, 0) = 1, pow(0, -1) = Inf, pow(-8, 1/3) = NaN) are R's too.
double r_pow(double x, double y) { return y == 2.0 ? x * x : std::pow(x, y); }

Eigen::ArrayXd evaluate(const Expr& e, const Columns& cols, Eigen::Index n) {
    using K = Expr::Kind;
    const auto arg = [&](std::size_t i) { return evaluate(*e.args[i], cols, n); };
    switch (e.kind) {
    case K::Column: return cols.find(e.name)->second;
    case K::Number: return Eigen::ArrayXd::Constant(n, e.value);
    case K::Negate: return -arg(0);
    case K::Add: return arg(0) + arg(1);
    case K::Subtract: return arg(0) - arg(1);
    case K::Multiply: return arg(0) * arg(1);
    case K::Divide: return arg(0) / arg(1);
    case K::Power: return arg(0).binaryExpr(arg(1), [](double x, double y) { return r_pow(x, y); });
    case K::Call: return arg(0).unaryExpr(function_of(e.name));
    case K::Interaction: {
        Eigen::ArrayXd product = arg(0);
        for (std::size_t i = 1; i < e.args.size(); ++i) product *= arg(i);
        return product;
    }
    }
    return Eigen::ArrayXd::Constant(n, std::nan(""));
}

/// One node applied to scalar arguments, by the same functions as evaluate().
double apply_node(const Expr& e, const std::vector<double>& a) {
    using K = Expr::Kind;
    switch (e.kind) {
    case K::Negate: return -a[0];
    case K::Add: return a[0] + a[1];
    case K::Subtract: return a[0] - a[1];
    case K::Multiply: return a[0] * a[1];
    case K::Divide: return a[0] / a[1];
    case K::Power: return r_pow(a[0], a[1]);
    case K::Call: return function_of(e.name)(a[0]);
    case K::Interaction: {
        double product = 1.0;
        for (double v : a) product *= v;
        return product;
    }
    case K::Column:
    case K::Number: break;
    }
    return e.value;
}

std::string operand(double v) { return v < 0 ? "(" + format_round_trip(v) + ")" : format_round_trip(v); }

/// "log(0) = -Inf", "1/0 = Inf": the operation that produced a non-finite value.
std::string describe(const Expr& e, const std::vector<double>& a, double value) {
    using K = Expr::Kind;
    std::string s;
    switch (e.kind) {
    case K::Call: s = e.name + "(" + format_round_trip(a[0]) + ")"; break;
    case K::Add: s = operand(a[0]) + "+" + operand(a[1]); break;
    case K::Subtract: s = operand(a[0]) + "-" + operand(a[1]); break;
    case K::Multiply: s = operand(a[0]) + "*" + operand(a[1]); break;
    case K::Divide: s = operand(a[0]) + "/" + operand(a[1]); break;
    case K::Power: s = operand(a[0]) + "^" + operand(a[1]); break;
    case K::Interaction:
        for (double v : a) s += (s.empty() ? "" : "*") + operand(v);
        break;
    case K::Negate: s = "-" + operand(a[0]); break;
    case K::Column:
    case K::Number: s = format_round_trip(e.value); break;
    }
    return s + " = " + format_round_trip(value);
}

struct Probe {
    double value = 0.0;
    std::string failure;  ///< the innermost operation that went non-finite, if any
};

/// Re-evaluates one row node by node to find where a finite input first became non-finite: that
/// operation is what the user has to fix. Used only once an error is certain.
Probe probe(const Expr& e, const Columns& cols, Eigen::Index row) {
    if (e.kind == Expr::Kind::Column) return {cols.find(e.name)->second[row], {}};
    if (e.kind == Expr::Kind::Number) return {e.value, {}};
    std::vector<double> args;
    for (const auto& a : e.args) {
        Probe p = probe(*a, cols, row);
        if (!p.failure.empty()) return p;
        args.push_back(p.value);
    }
    const double value = apply_node(e, args);
    return {value, std::isfinite(value) ? std::string() : describe(e, args, value)};
}

/// The term's (or the response's) values, or an InputError at the first non-finite one.
Eigen::ArrayXd evaluate_finite(const Expr& e, const std::string& what, const Columns& cols,
                               const DataTable& table, const DesignMatrix& d) {
    Eigen::ArrayXd values = evaluate(e, cols, static_cast<Eigen::Index>(d.rows.size()));
    for (Eigen::Index i = 0; i < values.size(); ++i) {
        if (std::isfinite(values[i])) continue;
        std::vector<std::string> used;
        collect_columns(e, used);
        std::string inputs;
        for (const auto& name : used)
            inputs += (inputs.empty() ? "" : ", ") + name + " = " + format_round_trip(cols.find(name)->second[i]);
        const Probe p = probe(e, cols, i);
        const std::size_t row = d.rows[static_cast<std::size_t>(i)];
        throw InputError(table.source(), table.source_line(row), 0,
                         what + " is not finite for id \"" + d.ids[static_cast<std::size_t>(i)] + "\"" +
                             (p.failure.empty() ? "" : ": " + p.failure) +
                             (inputs.empty() ? "" : " (" + inputs + ")"));
    }
    return values;
}

std::vector<std::string> row_ids(const DataTable& table, const DesignOptions& options) {
    if (!options.id_column.empty())
        return options.repeated_ids ? table.labels(options.id_column, "id") : table.ids(options.id_column);
    std::vector<std::string> ids;
    ids.reserve(table.rows());
    for (std::size_t r = 0; r < table.rows(); ++r) ids.push_back(std::to_string(r + 1));
    return ids;
}

std::string join(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
}

/// Fills d.rows, d.ids and d.dropped: every row with no missing cell in a used column, or the error.
void select_rows(const DataTable& table, const std::vector<std::string>& names,
                 const std::vector<const std::vector<double>*>& data, std::vector<std::string> ids,
                 MissingPolicy policy, DesignMatrix& d) {
    d.rows.reserve(table.rows());
    d.ids.reserve(table.rows());
    for (std::size_t r = 0; r < table.rows(); ++r) {
        std::size_t j = 0;
        while (j < data.size() && !std::isnan((*data[j])[r])) ++j;
        if (j == data.size()) {
            d.rows.push_back(r);
            d.ids.push_back(std::move(ids[r]));  // each row is visited once; an error reads only its own row's id
        } else if (policy == MissingPolicy::Drop) {
            ++d.dropped;
        } else {
            throw InputError(table.source(), table.source_line(r), 0,
                             "missing value in column '" + names[j] + "' for id \"" + ids[r] +
                                 "\" (spatial models need every unit: fill it or drop the unit from the "
                                 "data and W)");
        }
    }
    if (d.rows.empty())
        throw InputError(table.source(), 0, 0,
                         "no rows left: each of the " + std::to_string(table.rows()) +
                             " rows has a missing value in a column the formula uses (" + join(names) + ")");
}

Columns gather(const std::vector<std::string>& names, const std::vector<const std::vector<double>*>& data,
               const std::vector<std::size_t>& rows) {
    Columns cols;
    for (std::size_t j = 0; j < names.size(); ++j) {
        Eigen::ArrayXd values(static_cast<Eigen::Index>(rows.size()));
        for (std::size_t i = 0; i < rows.size(); ++i)
            values[static_cast<Eigen::Index>(i)] = (*data[j])[rows[i]];
        cols.emplace(names[j], std::move(values));
    }
    return cols;
}

}  // namespace

void DesignOptions::validate() const {
    if (missing != MissingPolicy::Error && missing != MissingPolicy::Drop)
        throw InputError("DesignOptions: missing must be MissingPolicy::Error or MissingPolicy::Drop");
}

DesignMatrix build_design(const DataTable& table, const Formula& formula, const DesignOptions& options) {
    options.validate();
    if (!formula.response) throw InputError("build_design: the formula has no response (use parse_formula)");
    if (table.rows() == 0) throw InputError(table.source(), 0, 0, "the data has no rows");

    const std::vector<std::string> names = formula.variables();
    std::vector<std::string> used = names;
    used.push_back(options.id_column);
    table.require_columns(used);  // every unknown name in one message, before any cell is judged
    const std::vector<const std::vector<double>*> data = table.numeric_columns(names);  // throws if unusable

    DesignMatrix d;
    d.response_name = formula.response_name;
    d.has_intercept = formula.intercept;
    select_rows(table, names, data, row_ids(table, options), options.missing, d);
    const Columns cols = gather(names, data, d.rows);

    const std::string response = "response '" + formula.response_name + "'";
    d.y = evaluate_finite(*formula.response, response, cols, table, d).matrix();
    const Eigen::Index offset = formula.intercept ? 1 : 0;
    d.X.resize(static_cast<Eigen::Index>(d.rows.size()),
               offset + static_cast<Eigen::Index>(formula.terms.size()));
    if (formula.intercept) {
        d.X.col(0).setOnes();
        d.column_names.emplace_back("(Intercept)");
    }
    for (std::size_t t = 0; t < formula.terms.size(); ++t) {
        const FormulaTerm& term = formula.terms[t];
        d.X.col(offset + static_cast<Eigen::Index>(t)) =
            evaluate_finite(*term.expr, "term '" + term.name + "'", cols, table, d).matrix();
        d.column_names.push_back(term.name);
    }
    return d;
}

}  // namespace spillover
