#include "engine/formula.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <optional>
#include <utility>

#include "engine/input_error.hpp"

namespace spillover {
namespace {

using ExprPtr = std::shared_ptr<const Expr>;

ExprPtr make_expr(Expr::Kind kind, std::vector<ExprPtr> args, std::string name = {}, double value = 0.0) {
    auto e = std::make_shared<Expr>();
    e->kind = kind;
    e->name = std::move(name);
    e->value = value;
    e->args = std::move(args);
    return e;
}

/// Every error goes through here so that it is one line and quotes the formula. Newlines and tabs
/// (a formula pasted from a script) become spaces: the CLI prints what() as one line on stderr.
[[noreturn]] void fail(std::string_view formula, const std::string& message) {
    std::string line = "formula \"" + std::string(formula) + "\": " + message;
    const auto is_break = [](char c) { return c == '\n' || c == '\r' || c == '\t'; };
    std::replace_if(line.begin(), line.end(), is_break, ' ');
    throw InputError(line);
}

// ---------------------------------------------------------------------------------------------
// Lexer

enum class Tok { Name, Number, Op, End };

struct Token {
    Tok kind = Tok::End;
    std::string text;     ///< as shown in names: source text; a backquoted name without backquotes
    std::string key;      ///< identity for duplicates: `x` and x are the same, `a b` keeps its quotes
    char op = 0;          ///< the operator character for Op
    double value = 0.0;   ///< for Number
    std::size_t pos = 0;  ///< 1-based character position
    bool quoted = false;  ///< a backquoted name
};

bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

/// A name that R would accept without backquotes (a leading ".5" is a number, not a name).
bool is_syntactic(std::string_view s) {
    if (s.empty() || !is_name_start(s[0])) return false;
    if (s[0] == '.' && s.size() > 1 && is_digit(s[1])) return false;
    return std::all_of(s.begin(), s.end(), is_name_char);
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}

    std::vector<Token> run() {
        std::vector<Token> tokens;
        while (true) {
            skip_space();
            if (i_ >= text_.size()) break;
            tokens.push_back(token());
        }
        Token end;
        end.pos = chars_ + 1;
        end.text = "end of formula";
        tokens.push_back(end);
        return tokens;
    }

private:
    char peek(std::size_t ahead = 0) const { return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0'; }

    // Positions count characters, not bytes, so that a UTF-8 name in backquotes does not shift
    // every later position: continuation bytes (10xxxxxx) do not start a character.
    void advance(std::size_t count = 1) {
        for (std::size_t k = 0; k < count && i_ < text_.size(); ++k, ++i_)
            if ((static_cast<unsigned char>(text_[i_]) & 0xC0) != 0x80) ++chars_;
    }

    void skip_space() {
        while (i_ < text_.size() && (text_[i_] == ' ' || text_[i_] == '\t' || text_[i_] == '\n' ||
                                     text_[i_] == '\r'))
            advance();
    }

    Token token() {
        const char c = peek();
        if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return number();
        if (is_name_start(c)) return name();
        if (c == '`') return backquoted();
        if (std::string_view("~+-*/^:()").find(c) != std::string_view::npos) return op();
        return unexpected_character();
    }

    Token number() {
        Token t{Tok::Number, {}, {}, 0, 0.0, chars_ + 1, false};
        const std::size_t begin = i_;
        while (is_digit(peek())) advance();
        if (peek() == '.') {
            advance();
            while (is_digit(peek())) advance();
        }
        if (peek() == 'e' || peek() == 'E') {
            advance();
            if (peek() == '+' || peek() == '-') advance();
            if (!is_digit(peek()))
                fail(text_, "malformed number '" + std::string(text_.substr(begin, i_ - begin)) +
                                "' at character " + std::to_string(t.pos));
            while (is_digit(peek())) advance();
        }
        // "2x" or "1.2.3" is one mistyped token to R too, not a number followed by a name.
        if (is_name_char(peek())) {
            while (is_name_char(peek())) advance();
            fail(text_, "malformed number '" + std::string(text_.substr(begin, i_ - begin)) +
                            "' at character " + std::to_string(t.pos));
        }
        t.text = t.key = std::string(text_.substr(begin, i_ - begin));
        const auto [end, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), t.value);
        if (ec != std::errc() || end != t.text.data() + t.text.size())
            fail(text_, "number '" + t.text + "' at character " + std::to_string(t.pos) + " is out of range");
        return t;
    }

    Token name() {
        Token t{Tok::Name, {}, {}, 0, 0.0, chars_ + 1, false};
        const std::size_t begin = i_;
        while (is_name_char(peek())) advance();
        t.text = t.key = std::string(text_.substr(begin, i_ - begin));
        return t;
    }

    Token backquoted() {
        Token t{Tok::Name, {}, {}, 0, 0.0, chars_ + 1, true};
        const std::size_t close = text_.find('`', i_ + 1);
        if (close == std::string_view::npos)
            fail(text_, "unterminated backquote at character " + std::to_string(t.pos));
        if (close == i_ + 1) fail(text_, "empty backquotes at character " + std::to_string(t.pos));
        t.text = std::string(text_.substr(i_ + 1, close - i_ - 1));
        t.key = is_syntactic(t.text) ? t.text : "`" + t.text + "`";
        advance(close + 1 - i_);
        return t;
    }

    Token op() {
        Token t{Tok::Op, std::string(1, peek()), std::string(1, peek()), peek(), 0.0, chars_ + 1, false};
        advance();
        return t;
    }

    [[noreturn]] Token unexpected_character() {
        const std::size_t pos = chars_ + 1;
        const std::size_t begin = i_;
        advance();
        while (i_ < text_.size() && (static_cast<unsigned char>(text_[i_]) & 0xC0) == 0x80) advance();
        const std::string c(text_.substr(begin, i_ - begin));
        const std::string hint = c == "," ? " (functions take one argument)"
                                          : " (put a column name with other characters in backquotes, "
                                            "e.g. `GDP per capita`)";
        fail(text_, "unexpected character '" + c + "' at character " + std::to_string(pos) + hint);
    }

    std::string_view text_;
    std::size_t i_ = 0;
    std::size_t chars_ = 0;  // characters before i_
};

// ---------------------------------------------------------------------------------------------
// Term algebra (R's model.c: a term is a set of variables, a:b their union, a*b = a + b + a:b)

struct Factor {
    std::string name;  ///< display name: "log(x)", "x^2"
    std::string key;   ///< identity
    ExprPtr expr;
    std::size_t pos;   ///< where it first appears
};

using Term = std::vector<std::size_t>;  // sorted indices into the factor table

struct TermSet {
    std::vector<Term> terms;
    std::optional<bool> intercept;        ///< set when the set mentions 0 or 1 (last mention wins)
    const Token* intercept_token = nullptr;
};

bool contains(const std::vector<Term>& terms, const Term& t) {
    return std::find(terms.begin(), terms.end(), t) != terms.end();
}

void add_terms(TermSet& to, const TermSet& from) {
    for (const Term& t : from.terms)
        if (!contains(to.terms, t)) to.terms.push_back(t);
    if (from.intercept) {
        to.intercept = from.intercept;
        to.intercept_token = from.intercept_token;
    }
}

void remove_terms(TermSet& from, const TermSet& removed) {
    std::erase_if(from.terms, [&](const Term& t) { return contains(removed.terms, t); });
    if (removed.intercept) {
        from.intercept = !*removed.intercept;  // "- 1" drops the intercept, "- 0" keeps it
        from.intercept_token = removed.intercept_token;
    }
}

Term term_union(const Term& a, const Term& b) {
    Term u;
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(u));
    return u;
}

/// Every l:r for l in left, r in right, in R's order (left outer, right inner), repeats dropped.
std::vector<Term> products(const TermSet& left, const TermSet& right) {
    std::vector<Term> out;
    for (const Term& l : left.terms)
        for (const Term& r : right.terms) {
            Term u = term_union(l, r);
            if (!contains(out, u)) out.push_back(std::move(u));
        }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Parser: one function per precedence level, formula level (TermSet) and arithmetic level (Expr).

class Parser {
public:
    Parser(std::string_view text, std::vector<Token> tokens) : text_(text), tokens_(std::move(tokens)) {}

    Formula parse() {
        check_shape();
        const std::size_t begin = at_;
        ExprPtr response = arith_sum();
        const std::size_t end = at_;
        if (!is_op('~')) trailing(peek());
        const Token& tilde = next();
        if (peek().kind == Tok::End) error("empty right-hand side after '~'", tilde);
        const TermSet rhs = rhs_sum();
        if (peek().kind != Tok::End) trailing(peek());
        return assemble(rhs, response, display(begin, end), key(begin, end));
    }

private:
    static constexpr int max_depth = 200;  // nesting limit: the parser recurses per level
    // Terms limit: each '*' can double the terms (a*b*c*... of k factors has 2^k - 1), and the term
    // sets are kept in insertion order with a linear search per term, so without a bound a short
    // formula runs for hours. No regression has this many regressors.
    static constexpr std::size_t max_terms = 1000;

    /// RAII guard against a formula nested deep enough to exhaust the stack.
    struct Depth {
        Parser& p;
        explicit Depth(Parser& parser) : p(parser) {
            if (++p.depth_ > max_depth) p.error("expression nested too deeply", p.peek());
        }
        ~Depth() { --p.depth_; }
        Depth(const Depth&) = delete;
        Depth& operator=(const Depth&) = delete;
    };

    const Token& peek(std::size_t ahead = 0) const {
        return tokens_[std::min(at_ + ahead, tokens_.size() - 1)];
    }
    const Token& next() {
        const Token& t = tokens_[at_];
        if (at_ + 1 < tokens_.size()) ++at_;
        return t;
    }
    bool is_op(char op, std::size_t ahead = 0) const {
        return peek(ahead).kind == Tok::Op && peek(ahead).op == op;
    }
    const Token* previous() const { return at_ > 0 ? &tokens_[at_ - 1] : nullptr; }

    static std::string at(const Token& t) { return " at character " + std::to_string(t.pos); }
    static std::string quoted(const Token& t) { return "'" + t.text + "'"; }

    [[noreturn]] void error(const std::string& what, const Token& t, const std::string& hint = {}) const {
        fail(text_, what + at(t) + hint);
    }

    void check_shape() const {
        if (tokens_.size() == 1) fail(text_, "empty formula");
        const bool has_tilde = std::any_of(tokens_.begin(), tokens_.end(),
                                           [](const Token& t) { return t.kind == Tok::Op && t.op == '~'; });
        if (!has_tilde)
            fail(text_, "missing '~' between the response and the terms (write it as \"y ~ x1 + x2\")");
        if (is_op('~')) error("empty response before '~'", peek());
    }

    /// InputError when an operator would make more than max_terms terms; `op` is that operator.
    void require_terms(std::size_t terms, const Token& op) const {
        if (terms > max_terms)
            error("more than " + std::to_string(max_terms) + " terms after " + quoted(op), op,
                  " (a model with that many regressors is not supported)");
    }

    /// An operand was expected at `t`; say why there is none.
    [[noreturn]] void missing_operand(const Token& t) const {
        const Token* prev = previous();
        const bool prev_op = prev && prev->kind == Tok::Op;
        if (is_op(')') && prev_op && prev->op == '(') error("empty parentheses", *prev);
        if (t.kind == Tok::End && prev_op && prev->op == '(')
            error("unbalanced parenthesis: '('", *prev, " is never closed");
        if (prev_op && prev->op == '~' && (t.kind == Tok::End || is_op(')')))
            error("empty right-hand side after '~'", *prev);
        if (prev_op && (t.kind == Tok::End || is_op(')'))) error("nothing after " + quoted(*prev), *prev);
        if (is_op(')')) error("unbalanced parenthesis: ')'", t, " has no matching '('");
        error("stray operator " + quoted(t), t);
    }

    /// A complete expression is followed by `t`, which cannot continue it.
    [[noreturn]] void trailing(const Token& t) const {
        if (t.kind == Tok::Op && t.op == ')') error("unbalanced parenthesis: ')'", t, " has no matching '('");
        if (t.kind == Tok::Op && t.op == '~') error("a second '~'", t);
        if (t.kind == Tok::Op && t.op != '(') error("stray operator " + quoted(t), t);
        error("unexpected " + quoted(t), t, " (a missing '+' before it?)");
    }

    void expect_close(const Token& open) {
        if (is_op(')')) {
            next();
            return;
        }
        if (peek().kind == Tok::End) error("unbalanced parenthesis: '('", open, " is never closed");
        error("unexpected " + quoted(peek()), peek(),
              " (expected ')' to close the '(' at character " + std::to_string(open.pos) + ")");
    }

    std::string display(std::size_t begin, std::size_t end) const {
        std::string s;
        for (std::size_t i = begin; i < end; ++i) s += tokens_[i].text;
        return s;
    }
    std::string key(std::size_t begin, std::size_t end) const {
        std::string s;
        for (std::size_t i = begin; i < end; ++i) s += tokens_[i].key;
        return s;
    }

    // ---- arithmetic: inside calls, in exponents and in the response ----

    ExprPtr arith_sum() {
        ExprPtr e = arith_product();
        while (is_op('+') || is_op('-')) {
            const char op = next().op;
            e = make_expr(op == '+' ? Expr::Kind::Add : Expr::Kind::Subtract, {e, arith_product()});
        }
        return e;
    }

    ExprPtr arith_product() {
        ExprPtr e = arith_unary();
        while (is_op('*') || is_op('/')) {
            const char op = next().op;
            e = make_expr(op == '*' ? Expr::Kind::Multiply : Expr::Kind::Divide, {e, arith_unary()});
        }
        return e;
    }

    // Unary minus binds looser than '^' (R: -2^2 is -4) and tighter than '*'.
    ExprPtr arith_unary() {
        const Depth depth(*this);
        if (is_op('-')) {
            next();
            return make_expr(Expr::Kind::Negate, {arith_unary()});
        }
        if (is_op('+')) {
            next();
            return arith_unary();
        }
        return arith_power();
    }

    // The exponent is parsed as a unary expression, which makes '^' right-associative
    // (2^3^2 = 2^(3^2)) and allows 2^-1, both as in R.
    ExprPtr arith_power() {
        ExprPtr base = arith_operand();
        if (!is_op('^')) return base;
        next();
        return make_expr(Expr::Kind::Power, {base, arith_unary()});
    }

    ExprPtr arith_operand() {
        const Token& t = peek();
        if (t.kind == Tok::Number) return make_expr(Expr::Kind::Number, {}, {}, next().value);
        if (t.kind == Tok::Name) return is_op('(', 1) ? call() : column();
        if (is_op('(')) {
            const Token& open = next();
            ExprPtr e = arith_sum();
            expect_close(open);
            return e;
        }
        missing_operand(t);
    }

    ExprPtr column() {
        const Token& t = next();
        if (t.text == "." && !t.quoted)
            error("'.' (all other columns)", t, " is not supported: list the columns");
        return make_expr(Expr::Kind::Column, {}, t.text);
    }

    ExprPtr call() {
        const Token& fn = next();
        const auto& known = formula_functions();
        if (std::find(known.begin(), known.end(), fn.text) == known.end())
            error("unknown function " + quoted(fn), fn, " (known: log, log10, exp, sqrt, abs, I)");
        const Depth depth(*this);
        const Token& open = next();
        ExprPtr arg = arith_sum();
        expect_close(open);
        return make_expr(Expr::Kind::Call, {arg}, fn.text);
    }

    // ---- formula level: sets of terms ----

    TermSet rhs_sum() {
        TermSet set;
        const Token* sign = nullptr;
        if (is_op('+') || is_op('-')) sign = &next();  // a leading sign: "y ~ -1 + x"
        while (true) {
            const TermSet part = rhs_cross();
            if (!sign || sign->op == '+') {
                add_terms(set, part);
                if (sign) require_terms(set.terms.size(), *sign);
            } else {
                remove_terms(set, part);
            }
            if (!is_op('+') && !is_op('-')) return set;
            sign = &next();
        }
    }

    TermSet rhs_cross() {
        TermSet left = rhs_inter();
        while (is_op('*') || is_op('/')) {
            const Token& op = next();
            if (op.op == '/')
                error("'/'", op, " divides only inside I(), e.g. I(a/b) (R's nesting a/b is not supported)");
            const TermSet right = rhs_inter();
            no_intercept_in(left);
            no_intercept_in(right);
            // Each side has at most max_terms terms (checked where it was made): no overflow.
            require_terms(left.terms.size() + right.terms.size() + left.terms.size() * right.terms.size(), op);
            TermSet crossed;
            crossed.terms = left.terms;
            add_terms(crossed, right);
            for (Term& t : products(left, right))
                if (!contains(crossed.terms, t)) crossed.terms.push_back(std::move(t));
            left = std::move(crossed);
        }
        return left;
    }

    TermSet rhs_inter() {
        TermSet left = rhs_power();
        while (is_op(':')) {
            const Token& op = next();
            const TermSet right = rhs_power();
            no_intercept_in(left);
            no_intercept_in(right);
            require_terms(left.terms.size() * right.terms.size(), op);
            TermSet product;
            product.terms = products(left, right);
            left = std::move(product);
        }
        return left;
    }

    void no_intercept_in(const TermSet& set) const {
        if (set.intercept_token)
            error(quoted(*set.intercept_token), *set.intercept_token,
                  " cannot be part of an interaction (0 and 1 only drop or keep the intercept)");
    }

    TermSet rhs_power() {
        const Token& t = peek();
        if (t.kind == Tok::Name) return single(factor());
        if (t.kind == Tok::Number) return intercept_mention();
        if (is_op('(')) {
            const Depth depth(*this);
            const Token& open = next();
            TermSet set = rhs_sum();
            expect_close(open);
            if (is_op('^')) power_of_non_factor(peek());
            return set;
        }
        missing_operand(t);
    }

    [[noreturn]] void power_of_non_factor(const Token& caret) const {
        error("'^'", caret,
              " outside I() is the power of one variable or function call (not R's crossing); "
              "write I(...) around an expression to raise it to a power");
    }

    TermSet intercept_mention() {
        const Token& t = next();
        if (is_op('^')) power_of_non_factor(peek());
        if (t.value != 0.0 && t.value != 1.0)
            error("number " + quoted(t), t, " cannot be a term (only 0 or 1, to drop or keep the intercept)");
        TermSet set;
        set.intercept = t.value == 1.0;
        set.intercept_token = &t;
        return set;
    }

    /// A variable or call, with an optional power: one factor of the model.
    std::size_t factor() {
        const std::size_t begin = at_;
        const std::size_t pos = peek().pos;
        ExprPtr e = is_op('(', 1) ? call() : column();
        if (is_op('^')) {
            next();
            e = make_expr(Expr::Kind::Power, {e, arith_unary()});
        }
        return add_factor(Factor{display(begin, at_), key(begin, at_), std::move(e), pos});
    }

    std::size_t add_factor(Factor f) {
        for (std::size_t i = 0; i < factors_.size(); ++i)
            if (factors_[i].key == f.key) return i;
        factors_.push_back(std::move(f));
        return factors_.size() - 1;
    }

    static TermSet single(std::size_t factor) {
        TermSet set;
        set.terms.push_back(Term{factor});
        return set;
    }

    // ---- the result ----

    Formula assemble(TermSet rhs, ExprPtr response, std::string response_name,
                     const std::string& response_key) {
        Formula f;
        f.text = std::string(text_);
        f.response_name = std::move(response_name);
        f.response = std::move(response);
        f.intercept = rhs.intercept.value_or(true);
        // R's default order (terms.formula, keep.order = FALSE): by degree, stable within a degree.
        std::stable_sort(rhs.terms.begin(), rhs.terms.end(),
                         [](const Term& a, const Term& b) { return a.size() < b.size(); });
        for (const Term& t : rhs.terms) {
            if (t.size() == 1 && factors_[t[0]].key == response_key)
                fail(text_, "the response '" + f.response_name + "' is also a term at character " +
                                std::to_string(factors_[t[0]].pos));
            f.terms.push_back(make_term(t));
        }
        if (f.terms.empty() && !f.intercept)
            fail(text_, "no regressors left: the formula has neither terms nor an intercept");
        return f;
    }

    FormulaTerm make_term(const Term& t) const {
        if (t.size() == 1) return FormulaTerm{factors_[t[0]].name, factors_[t[0]].expr};
        std::string name;
        std::vector<ExprPtr> args;
        for (std::size_t i : t) {
            name += (name.empty() ? "" : ":") + factors_[i].name;
            args.push_back(factors_[i].expr);
        }
        return FormulaTerm{std::move(name), make_expr(Expr::Kind::Interaction, std::move(args))};
    }

    std::string_view text_;
    std::vector<Token> tokens_;
    std::size_t at_ = 0;
    int depth_ = 0;
    std::vector<Factor> factors_;
};

}  // namespace

const std::vector<std::string>& formula_functions() {
    static const std::vector<std::string> names{"log", "log10", "exp", "sqrt", "abs", "I"};
    return names;
}

void collect_columns(const Expr& expr, std::vector<std::string>& out) {
    if (expr.kind == Expr::Kind::Column) {
        if (std::find(out.begin(), out.end(), expr.name) == out.end()) out.push_back(expr.name);
        return;
    }
    for (const auto& arg : expr.args) collect_columns(*arg, out);
}

std::vector<std::string> Formula::variables() const {
    std::vector<std::string> out;
    if (response) collect_columns(*response, out);
    for (const auto& term : terms) collect_columns(*term.expr, out);
    return out;
}

Formula parse_formula(std::string_view text) {
    return Parser(text, Lexer(text).run()).parse();
}

}  // namespace spillover
