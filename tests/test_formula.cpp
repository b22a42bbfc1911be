// Formula parsing: names as R shows them, R's term algebra (crossing, removal, ordering by degree),
// the tree each term becomes, and the errors, each of which must quote the formula and point at
// the token.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/formula.hpp"
#include "engine/input_error.hpp"

using spillover::Expr;
using spillover::Formula;
using spillover::InputError;
using spillover::parse_formula;

namespace {

using Names = std::vector<std::string>;

Names term_names(const Formula& f) {
    Names names;
    for (const auto& t : f.terms) names.push_back(t.name);
    return names;
}

Names terms_of(std::string_view text) { return term_names(parse_formula(text)); }

/// The message parse_formula throws for `text` ("" if it does not throw).
std::string error_of(std::string_view text) {
    try {
        parse_formula(text);
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

/// A compact rendering of a tree, to check structure and precedence: "I(neg(pow(x,2)))".
std::string show(const Expr& e) {
    using K = Expr::Kind;
    const auto a = [&](std::size_t i) { return show(*e.args[i]); };
    switch (e.kind) {
    case K::Column: return e.name;
    case K::Number: {
        std::string s = std::to_string(e.value);
        s.erase(s.find_last_not_of('0') + 1);
        if (s.back() == '.') s.pop_back();
        return s;
    }
    case K::Negate: return "neg(" + a(0) + ")";
    case K::Add: return "add(" + a(0) + "," + a(1) + ")";
    case K::Subtract: return "sub(" + a(0) + "," + a(1) + ")";
    case K::Multiply: return "mul(" + a(0) + "," + a(1) + ")";
    case K::Divide: return "div(" + a(0) + "," + a(1) + ")";
    case K::Power: return "pow(" + a(0) + "," + a(1) + ")";
    case K::Call: return e.name + "(" + a(0) + ")";
    case K::Interaction: {
        std::string s = "inter(";
        for (std::size_t i = 0; i < e.args.size(); ++i) s += (i ? "," : "") + a(i);
        return s + ")";
    }
    }
    return "?";
}

std::string tree_of_term(std::string_view text, std::size_t term = 0) {
    return show(*parse_formula(text).terms.at(term).expr);
}

}  // namespace

TEST_CASE("formula: response, terms, intercept and variables of a plain formula") {
    const Formula f = parse_formula("CRIME ~ INC + HOVAL");
    CHECK(f.text == "CRIME ~ INC + HOVAL");
    CHECK(f.response_name == "CRIME");
    CHECK(show(*f.response) == "CRIME");
    CHECK(term_names(f) == Names{"INC", "HOVAL"});
    CHECK(f.intercept);
    CHECK(f.variables() == Names{"CRIME", "INC", "HOVAL"});
}

TEST_CASE("formula: names as in R's coefficient table, whitespace removed") {
    const Formula f =
        parse_formula("log( y ) ~ log(x) + log10( x ) + exp(z)+sqrt(z) + abs( z ) + I( x / 1000 )");
    CHECK(f.response_name == "log(y)");
    CHECK(term_names(f) == Names{"log(x)", "log10(x)", "exp(z)", "sqrt(z)", "abs(z)", "I(x/1000)"});
    CHECK(f.variables() == Names{"y", "x", "z"});
    CHECK(terms_of("y ~ I(x * 2 + 1e-3)") == Names{"I(x*2+1e-3)"});
    CHECK(terms_of("y~x.1+x_2+.z") == Names{"x.1", "x_2", ".z"});
    CHECK(terms_of("y ~\tx +\n z") == Names{"x", "z"});
}

TEST_CASE("formula: backquoted names are shown without backquotes and keep their spaces") {
    const Formula f = parse_formula("`crime rate` ~ `GDP per capita` + log(`GDP per capita`) + `x`");
    CHECK(f.response_name == "crime rate");
    CHECK(term_names(f) == Names{"GDP per capita", "log(GDP per capita)", "x"});
    CHECK(f.variables() == Names{"crime rate", "GDP per capita", "x"});
    // `x` is the name x, as in R: one term.
    CHECK(terms_of("y ~ x + `x`") == Names{"x"});
    // Positions count characters, not bytes: 'é' is two bytes in UTF-8.
    CHECK(contains(error_of("y ~ `é` + lg(x)"), "unknown function 'lg' at character 11"));
}

TEST_CASE("formula: the intercept: -1, +0, 0+, -1+, +1, -0, last mention wins") {
    for (const char* text : {"y ~ x - 1", "y ~ x + 0", "y ~ 0 + x", "y ~ -1 + x", "y ~ x + 1 - 1"}) {
        CAPTURE(text);
        const Formula f = parse_formula(text);
        CHECK_FALSE(f.intercept);
        CHECK(term_names(f) == Names{"x"});
    }
    for (const char* text :
         {"y ~ x", "y ~ x + 1", "y ~ 1 + x", "y ~ x - 1 + 1", "y ~ x - 0", "y ~ x + 0 + 1"}) {
        CAPTURE(text);
        const Formula f = parse_formula(text);
        CHECK(f.intercept);
        CHECK(term_names(f) == Names{"x"});
    }
    const Formula only = parse_formula("y ~ 1");
    CHECK(only.intercept);
    CHECK(only.terms.empty());
    CHECK(only.variables() == Names{"y"});
}

TEST_CASE("formula: a*b expands to a + b + a:b, and terms are removed with -") {
    CHECK(terms_of("y ~ a*b") == Names{"a", "b", "a:b"});
    CHECK(terms_of("y ~ a*b*c") == Names{"a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"});
    CHECK(terms_of("y ~ (a+b)*(c+d)") == Names{"a", "b", "c", "d", "a:c", "a:d", "b:c", "b:d"});
    CHECK(terms_of("y ~ (a+b):c") == Names{"a:c", "b:c"});
    CHECK(terms_of("y ~ a*b - a") == Names{"b", "a:b"});
    CHECK(terms_of("y ~ a*b - a:b") == Names{"a", "b"});
    CHECK(terms_of("y ~ a*b - b:a") == Names{"a", "b"});
    CHECK(terms_of("y ~ a + b + c - (a + c)") == Names{"b"});
    CHECK(terms_of("y ~ a + b - z") == Names{"a", "b"});  // removing an absent term is silent (R)
    CHECK(terms_of("y ~ x - x").empty());
    CHECK(tree_of_term("y ~ a:b:c") == "inter(a,b,c)");
    CHECK(parse_formula("y ~ a*b").variables() == Names{"y", "a", "b"});
}

TEST_CASE("formula: R's term order and interaction labels") {
    // Main effects first, then by degree, each group in the order written (terms.formula).
    CHECK(terms_of("y ~ b:a + c") == Names{"c", "b:a"});
    CHECK(terms_of("y ~ a:b:c + a:c") == Names{"a:c", "a:b:c"});
    CHECK(terms_of("y ~ x + x:z + log(x) + z") == Names{"x", "log(x)", "z", "x:z"});
    // The variables of an interaction follow their first appearance: "a:b", not "b:a".
    CHECK(terms_of("y ~ a + b:a") == Names{"a", "a:b"});
    CHECK(terms_of("y ~ a:a") == Names{"a"});
    // x^2 is a main effect (degree 1), placed with the other main effects.
    CHECK(terms_of("y ~ x:z + x^2 + x") == Names{"x^2", "x", "x:z"});
}

TEST_CASE("formula: duplicate terms are kept once") {
    CHECK(terms_of("y ~ x + x + log(x) + log( x ) + a:b + b:a") == Names{"x", "log(x)", "a:b"});
}

TEST_CASE("formula: x^2 outside I() is the power (not R's crossing)") {
    CHECK(terms_of("y ~ x + x^2") == Names{"x", "x^2"});
    CHECK(tree_of_term("y ~ x + x^2", 1) == "pow(x,2)");
    CHECK(terms_of("y ~ x + I(x^2)") == Names{"x", "I(x^2)"});
    CHECK(tree_of_term("y ~ log(x)^2") == "pow(log(x),2)");
    CHECK(tree_of_term("y ~ x^-1") == "pow(x,neg(1))");
    CHECK(tree_of_term("y ~ x^2^3") == "pow(x,pow(2,3))");
    // '^' binds tighter than ':'.
    CHECK(terms_of("y ~ x^2:z") == Names{"x^2:z"});
    CHECK(tree_of_term("y ~ x^2:z") == "inter(pow(x,2),z)");
}

TEST_CASE("formula: arithmetic precedence inside calls and in the response") {
    CHECK(tree_of_term("y ~ I(-x^2)") == "I(neg(pow(x,2)))");
    CHECK(tree_of_term("y ~ I(2^3^2)") == "I(pow(2,pow(3,2)))");
    CHECK(tree_of_term("y ~ I(a + b * c)") == "I(add(a,mul(b,c)))");
    CHECK(tree_of_term("y ~ I((a + b) * c)") == "I(mul(add(a,b),c))");
    CHECK(tree_of_term("y ~ I(a - b - c)") == "I(sub(sub(a,b),c))");
    CHECK(tree_of_term("y ~ I(a / b / c)") == "I(div(div(a,b),c))");
    CHECK(tree_of_term("y ~ I(2 * -x)") == "I(mul(2,neg(x)))");
    CHECK(tree_of_term("y ~ I(2^-1)") == "I(pow(2,neg(1)))");
    CHECK(tree_of_term("y ~ I(x / 1e-3)") == "I(div(x,0.001))");
    CHECK(tree_of_term("y ~ I(.5 * x)") == "I(mul(0.5,x))");
    // Inside a call the formula operators are arithmetic, as in R: log(x + 1), I(a*b).
    CHECK(tree_of_term("y ~ log(x + 1)") == "log(add(x,1))");
    CHECK(tree_of_term("y ~ I(a*b)") == "I(mul(a,b))");
    CHECK(tree_of_term("y ~ sqrt(abs(exp(log10(x))))") == "sqrt(abs(exp(log10(x))))");
    const Formula f = parse_formula("I(y / 1000) ~ x");
    CHECK(f.response_name == "I(y/1000)");
    CHECK(show(*f.response) == "I(div(y,1000))");
    CHECK(show(*parse_formula("y - z ~ x").response) == "sub(y,z)");
}

TEST_CASE("formula errors: missing '~', empty response, empty right-hand side, second '~'") {
    std::string m = error_of("y x");
    CHECK(contains(m, "formula \"y x\""));
    CHECK(contains(m, "missing '~'"));
    CHECK(contains(error_of(""), "empty formula"));
    m = error_of("~ x");
    CHECK(contains(m, "formula \"~ x\""));
    CHECK(contains(m, "empty response before '~' at character 1"));
    m = error_of("y ~");
    CHECK(contains(m, "formula \"y ~\""));
    CHECK(contains(m, "empty right-hand side after '~' at character 3"));
    CHECK(contains(error_of("y ~   "), "empty right-hand side after '~' at character 3"));
    CHECK(contains(error_of("y ~ x ~ z"), "a second '~' at character 7"));
}

TEST_CASE("formula errors: unbalanced parentheses") {
    std::string m = error_of("y ~ log(x");
    CHECK(contains(m, "formula \"y ~ log(x\""));
    CHECK(contains(m, "unbalanced parenthesis: '(' at character 8 is never closed"));
    CHECK(contains(error_of("y ~ (a + b"), "'(' at character 5 is never closed"));
    CHECK(contains(error_of("y ~ x)"), "unbalanced parenthesis: ')' at character 6 has no matching '('"));
    CHECK(contains(error_of("y) ~ x"), "')' at character 2 has no matching '('"));
    CHECK(contains(error_of("y ~ I((x + 1)"), "'(' at character 6 is never closed"));
    CHECK(contains(error_of("y ~ log()"), "empty parentheses at character 8"));
    CHECK(contains(error_of("y ~ I(a:b)"),
                   "unexpected ':' at character 8 (expected ')' to close the '(' at character 6)"));
}

TEST_CASE("formula errors: unknown function") {
    const std::string m = error_of("y ~ lg(x)");
    CHECK(contains(m, "formula \"y ~ lg(x)\": unknown function 'lg' at character 5"));
    CHECK(contains(error_of("y ~ x + Log(z)"), "unknown function 'Log' at character 9"));
    CHECK(contains(error_of("y ~ log(exp(poly(x)))"), "unknown function 'poly' at character 13"));
}

TEST_CASE("formula errors: stray operators and nothing after an operator") {
    CHECK(contains(error_of("y ~ x + * z"), "stray operator '*' at character 9"));
    CHECK(contains(error_of("y ~ * x"), "stray operator '*' at character 5"));
    CHECK(contains(error_of("y ~ : x"), "stray operator ':' at character 5"));
    CHECK(contains(error_of("y ~ x + + z"), "stray operator '+' at character 9"));
    CHECK(contains(error_of("y ~ x +"), "nothing after '+' at character 7"));
    CHECK(contains(error_of("y ~ x:"), "nothing after ':' at character 6"));
    CHECK(contains(error_of("y ~ log(x +)"), "nothing after '+' at character 11"));
    CHECK(contains(error_of("y ~ x ^"), "nothing after '^' at character 7"));
}

TEST_CASE("formula errors: '/' at top level, '^' of a group, numbers as terms") {
    std::string m = error_of("y ~ a / b");
    CHECK(contains(m, "formula \"y ~ a / b\""));
    CHECK(contains(m, "'/' at character 7"));
    CHECK(contains(m, "I(a/b)"));
    m = error_of("y ~ (a + b)^2");
    CHECK(contains(m, "'^' at character 12"));
    CHECK(contains(m, "not R's crossing"));
    m = error_of("y ~ x + 2");
    CHECK(contains(m, "formula \"y ~ x + 2\""));
    CHECK(contains(m, "number '2' at character 9 cannot be a term"));
    CHECK(contains(error_of("y ~ x + 0.5"), "number '0.5' at character 9"));
    CHECK(contains(error_of("y ~ x:1"), "'1' at character 7 cannot be part of an interaction"));
    CHECK(contains(error_of("y ~ x*0"), "'0' at character 7 cannot be part of an interaction"));
}

TEST_CASE("formula errors: trailing garbage, bad characters, backquotes, '.'") {
    CHECK(contains(error_of("y ~ x z"), "unexpected 'z' at character 7"));
    CHECK(contains(error_of("y ~ x 3"), "unexpected '3' at character 7"));
    CHECK(contains(error_of("y ~ x (z)"), "unknown function 'x' at character 5"));  // x(z), as R reads it
    CHECK(contains(error_of("y ~ 2x"), "malformed number '2x' at character 5"));
    CHECK(contains(error_of("y ~ I(1.2.3 * x)"), "malformed number '1.2.3' at character 7"));
    CHECK(contains(error_of("y ~ x, z"), "unexpected character ',' at character 6"));
    CHECK(contains(error_of("y ~ log(x, 10)"), "functions take one argument"));
    CHECK(contains(error_of("y ~ GDP$pc"), "unexpected character '$' at character 8"));
    CHECK(contains(error_of("y ~ x + ``"), "empty backquotes at character 9"));
    CHECK(contains(error_of("y ~ `GDP per"), "unterminated backquote at character 5"));
    CHECK(contains(error_of("y ~ x + 1e"), "malformed number '1e' at character 9"));
    CHECK(contains(error_of("y ~ ."), "'.' (all other columns) at character 5 is not supported"));
}

TEST_CASE("formula errors: no regressors, response as a term, deep nesting, and messages are one line") {
    CHECK(contains(error_of("y ~ 0"), "no regressors left"));
    CHECK(contains(error_of("y ~ x - x - 1"), "no regressors left"));
    CHECK(contains(error_of("y ~ x + y"), "the response 'y' is also a term at character 9"));
    CHECK(contains(error_of(std::string(1000, '(') + "y ~ x"), "nested too deeply"));
    const std::string m = error_of("y ~\nlg(x)");
    CHECK(contains(m, "unknown function 'lg' at character 5"));
    CHECK(m.find('\n') == std::string::npos);
    // InputError derives from std::invalid_argument (the CLI maps it to exit code 2).
    CHECK_THROWS_AS(parse_formula("y ~ lg(x)"), std::invalid_argument);
}

// Found by fuzz/fuzz_formula (a time-out): every '*' can double the terms, and the term sets are
// searched linearly, so a 200-character formula crossing some twenty names ran for hours. A formula of
// more than 1000 terms is refused at the operator that makes them.
TEST_CASE("formula errors: a crossing of more than 1000 terms is refused at its operator, not expanded") {
    CHECK(parse_formula("y ~ a*b*c*d*e*f*g*h*i").terms.size() == 511);
    CHECK(error_of("y ~ a*b*c*d*e*f*g*h*i*j") ==
          "formula \"y ~ a*b*c*d*e*f*g*h*i*j\": more than 1000 terms after '*' at character 22 (a model with that "
          "many regressors is not supported)");
    CHECK(contains(error_of("y ~ (a+b+c+d+e+f+g+h+i+j+k+l+m+n+o+p+q+r+s+t+u+v+w+x+z+a1+a2+a3+a4+a5+a6+a7):"
                            "(b1+b2+b3+b4+b5+b6+b7+b8+b9+c1+c2+c3+c4+c5+c6+c7+c8+c9+d1+d2+d3+d4+d5+d6+d7+d8+d9+e1+e2+e3+e4+e5)"),
                   "more than 1000 terms after ':' at character 77"));
    // Terms added one by one count too.
    std::string sum = "y ~ x0";
    for (int i = 1; i <= 1000; ++i) sum += " + x" + std::to_string(i);
    CHECK(contains(error_of(sum), "more than 1000 terms after '+' at character"));
}
