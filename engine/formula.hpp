#pragma once
// R-style model formulas: "y ~ x1 + log(x2) + a*b" parsed into a response and a list of terms.
//
// Grammar (precedence from loosest to tightest, as in R):
//
//   formula   := response '~' rhs
//   response  := arith                         any arithmetic expression: y, log(y), I(y/1000), y/1000
//   rhs       := ['+'|'-'] cross { ('+'|'-') cross }
//                  '+ t' adds a term, '- t' removes it (silently if absent); '- 1' and '+ 0' drop the
//                  intercept, '+ 1' and '- 0' keep it (the last mention wins); default: intercept
//   cross     := inter { '*' inter }           a*b = a + b + a:b; (a+b)*c = a + b + c + a:c + b:c
//   inter     := power { ':' power }           a:b is the product term; a:a is a
//   power     := factor ['^' exponent]         x^2 is the square of x (see the WARNING below)
//   factor    := name | call | '(' rhs ')' | 0 | 1
//   call      := fn '(' arith ')'              fn is one of log, log10, exp, sqrt, abs, I
//   arith     := full arithmetic, used inside every call, in the exponent and in the response:
//                  '+ -' < '* /' < unary '-' '+' < '^' (right-associative: 2^3^2 = 2^9, -x^2 = -(x^2))
//                  operands: numbers (3, 0.5, .5, 1e-3), names, calls, parentheses
//   name      := [A-Za-z._][A-Za-z0-9._]*  or  `any text but a backquote`   (e.g. `GDP per capita`)
//
// Inside a call the formula operators have their arithmetic meaning, as in R: log(x + 1) is the log
// of x + 1, I(a*b) is the product, not a crossing. I() is the identity; it exists so that arithmetic
// can be written where the formula operators would otherwise apply.
//
// WARNING — one deliberate difference from R: outside I(), R reads x^2 as "x crossed with itself"
// (which is just x) and (a+b)^2 as all two-way interactions. Econometrics users who write
// `y ~ x + x^2` mean the square, so here `^` outside I() is the arithmetic power of one variable or
// call: `y ~ x + x^2` has the columns x and x^2, exactly as `y ~ x + I(x^2)` in R (only the column
// name differs, "x^2" versus "I(x^2)"). `(a+b)^2` is an error, not a crossing.
//
// Not supported (an error that says so): R's nesting a/b and %in%, '.' for "all other columns",
// functions other than those listed, functions of several arguments, more than 1000 terms (counted
// as an operator makes them, before repeats are dropped: a*b*c*... of k names has 2^k - 1 terms).
//
// Terms are named as R's coefficient table shows them, with whitespace removed: "log(x)",
// "I(x/1000)", "x^2", "a:b"; backquoted names without the backquotes ("GDP per capita"). The
// variables of an interaction are listed in the order they first appear in the formula (R's rule:
// `y ~ a + b:a` gives "a", "a:b"). Duplicate terms are kept once, and as R does by default
// (terms.formula, keep.order = FALSE) the terms are ordered by degree: main effects first, then
// two-way interactions, then three-way..., each group in the order written. `x^2` and `log(x)` are
// main effects (degree 1).
//
// Errors are spillover::InputError with one line that quotes the formula and points at the token:
//   formula "y ~ lg(x)": unknown function 'lg' at character 5
// Character positions are 1-based and count Unicode characters (not bytes).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace spillover {

/// An expression tree node. Evaluation lives with the design matrix (design_matrix.cpp); the tree is
/// only data so that other steps (spatial lags of a term, reporting) can walk it too.
struct Expr {
    enum class Kind {
        Column,       ///< `name` is a column of the data
        Number,       ///< `value`
        Negate,       ///< -args[0]
        Add,          ///< args[0] + args[1]
        Subtract,     ///< args[0] - args[1]
        Multiply,     ///< args[0] * args[1]
        Divide,       ///< args[0] / args[1]
        Power,        ///< args[0] ^ args[1] (R's ^: x^2 is x*x)
        Call,         ///< `name`(args[0]); `name` is one of formula_functions()
        Interaction,  ///< the product of args (two or more); the a:b of a formula
    };
    Kind kind = Kind::Number;
    std::string name;
    double value = 0.0;
    std::vector<std::shared_ptr<const Expr>> args;
};

/// The functions a formula may call: log (natural), log10, exp, sqrt, abs, I (identity).
const std::vector<std::string>& formula_functions();

/// Appends the column names `expr` reads to `out`, skipping names already there (first-use order).
void collect_columns(const Expr& expr, std::vector<std::string>& out);

struct FormulaTerm {
    std::string name;                    ///< as in R's coefficient table: "log(x)", "a:b"
    std::shared_ptr<const Expr> expr;    ///< evaluates to the term's column
};

struct Formula {
    std::string text;                    ///< as given
    std::string response_name;           ///< e.g. "CRIME" or "log(y)"
    std::shared_ptr<const Expr> response;
    std::vector<FormulaTerm> terms;      ///< main effects first, then interactions; no intercept term
    bool intercept = true;

    /// Column names used (the response's, then the terms'), each once, in first-use order.
    std::vector<std::string> variables() const;
};

/// Parses `text`; throws InputError (one line, quoting the formula, pointing at the token) if it is
/// malformed, if no regressor is left (`y ~ 0`), or if the response is also a term (`y ~ x + y`).
Formula parse_formula(std::string_view text);

}  // namespace spillover
