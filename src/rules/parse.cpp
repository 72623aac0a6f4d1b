#include <inscrm/rules/ast.hpp>

#include "rules/rule_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <utility>
#include <vector>

namespace inscrm::rules {

namespace {

enum class Tok {
  End, Ident, Integer, Decimal, String, LParen, RParen, Comma,
  Eq, Ne, Lt, Le, Gt, Ge, Plus, Minus, Star, Slash,
  And, Or, Not, In, Between, Is, Null, True, False, DateKw,
};

struct Token {
  Tok kind = Tok::End;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string text;  // Ident: lower-cased name; String: the unescaped content
};

// Keywords of the language; FactRegistry::add refuses them as fact names (portfolio.cpp).
constexpr std::array<std::pair<std::string_view, Tok>, 10> kKeywords{{
    {"and", Tok::And}, {"or", Tok::Or}, {"not", Tok::Not}, {"in", Tok::In}, {"between", Tok::Between},
    {"is", Tok::Is}, {"null", Tok::Null}, {"true", Tok::True}, {"false", Tok::False}, {"date", Tok::DateKw},
}};

bool is_alpha(char ch) noexcept { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'; }
bool is_digit(char ch) noexcept { return ch >= '0' && ch <= '9'; }
char lower(char ch) noexcept { return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch; }

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) { ast_.text = std::string{text}; }

  Result<Ast> run() {
    if (text_.size() > 0xFFFF'FFFFu) return Error::invalid_argument("rule", "rule text is too long");
    INSCRM_TRYV(advance());
    INSCRM_TRY(const std::uint32_t root, parse_or());
    if (tok_.kind != Tok::End) return fail(tok_, "expected an operator or end of rule but found {}", describe(tok_));
    ast_.root = root;
    INSCRM_TRYV(check_depth());
    return std::move(ast_);
  }

  // Bounds on recursion, found by tests/fuzz/fuzz_rules.cpp: "((((…" ten thousand deep overflowed
  // the stack. The parser recurses once per parenthesis, 'not' and unary minus (kMaxNesting of
  // them); the checker, the evaluators and the SQL writer recurse over the tree, whose depth long
  // chains like "a or b or c …" also raise (kMaxDepth). Real rules stay far below both.
  static constexpr int kMaxNesting = 100;
  static constexpr std::uint32_t kMaxDepth = 1000;

  // Counts one level of parser recursion for as long as it lives.
  class Nested {
   public:
    explicit Nested(int& depth) : depth_(depth) { ++depth_; }
    ~Nested() { --depth_; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;

   private:
    int& depth_;
  };
  Result<void> check_nesting() const {
    if (nesting_ > kMaxNesting)
      return fail(tok_, "the rule nests parentheses, 'not' or '-' more than {} deep", kMaxNesting);
    return ok();
  }

  // Children are always added before their parent, so one forward pass finds every depth.
  Result<void> check_depth() const {
    std::vector<std::uint32_t> depth(ast_.nodes.size(), 1);
    for (std::size_t i = 0; i < ast_.nodes.size(); ++i) {
      for (const std::uint32_t child : ast_.nodes[i].children) depth[i] = std::max(depth[i], depth[child] + 1);
      if (depth[i] > kMaxDepth)
        return fail_at(ast_.nodes[i].span.begin,
                       fmt::format("the rule is more than {} operations deep; split it or use 'in (…)'", kMaxDepth));
    }
    return ok();
  }

 private:
  template <class... Args>
  Error fail(const Token& at, fmt::format_string<Args...> format, Args&&... args) const {
    return rule_error(text_, at.begin, fmt::format(format, std::forward<Args>(args)...));
  }
  Error fail_at(std::uint32_t offset, std::string message) const { return rule_error(text_, offset, std::move(message)); }

  // A token as the message shows it: strings as written (with their own quotes), others quoted.
  std::string describe(const Token& t) const {
    if (t.kind == Tok::End) return "end of rule";
    const std::string_view slice = text_.substr(t.begin, t.end - t.begin);
    if (t.kind == Tok::String) return std::string{slice};
    return fmt::format("'{}'", slice);
  }

  // --- lexer ---
  Result<void> advance() {
    std::size_t i = pos_;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' || text_[i] == '\r')) ++i;
    tok_ = Token{};
    tok_.begin = static_cast<std::uint32_t>(i);
    if (i >= text_.size()) {
      tok_.end = tok_.begin;
      pos_ = i;
      return ok();
    }
    const char ch = text_[i];
    const auto single = [&](Tok kind, std::size_t length) {
      tok_.kind = kind;
      i += length;
    };
    const char next = i + 1 < text_.size() ? text_[i + 1] : '\0';
    if (is_alpha(ch)) {
      std::size_t j = i;
      while (j < text_.size() && (is_alpha(text_[j]) || is_digit(text_[j]))) ++j;
      std::string word;
      for (std::size_t k = i; k < j; ++k) word.push_back(lower(text_[k]));
      tok_.kind = Tok::Ident;
      for (const auto& [keyword, kind] : kKeywords)
        if (word == keyword) tok_.kind = kind;
      tok_.text = std::move(word);
      i = j;
    } else if (is_digit(ch)) {
      std::size_t j = i;
      while (j < text_.size() && is_digit(text_[j])) ++j;
      tok_.kind = Tok::Integer;
      if (j < text_.size() && text_[j] == '.') {
        ++j;
        if (j >= text_.size() || !is_digit(text_[j]))
          return fail_at(static_cast<std::uint32_t>(j), "expected digits after the decimal point");
        while (j < text_.size() && is_digit(text_[j])) ++j;
        tok_.kind = Tok::Decimal;
      }
      tok_.text = std::string{text_.substr(i, j - i)};
      i = j;
    } else if (ch == '\'' || ch == '"') {
      std::size_t j = i + 1;
      std::string content;
      for (;;) {
        if (j >= text_.size()) return fail_at(static_cast<std::uint32_t>(i), "unterminated string");
        if (text_[j] == ch) {
          if (j + 1 < text_.size() && text_[j + 1] == ch) {  // doubled quote
            content.push_back(ch);
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        content.push_back(text_[j++]);
      }
      tok_.kind = Tok::String;
      tok_.text = std::move(content);
      i = j;
    } else if (ch == '(') {
      single(Tok::LParen, 1);
    } else if (ch == ')') {
      single(Tok::RParen, 1);
    } else if (ch == ',') {
      single(Tok::Comma, 1);
    } else if (ch == '+') {
      single(Tok::Plus, 1);
    } else if (ch == '-') {
      single(Tok::Minus, 1);
    } else if (ch == '*') {
      single(Tok::Star, 1);
    } else if (ch == '/') {
      single(Tok::Slash, 1);
    } else if (ch == '=') {
      single(Tok::Eq, next == '=' ? 2 : 1);
    } else if (ch == '!' && next == '=') {
      single(Tok::Ne, 2);
    } else if (ch == '<') {
      if (next == '=') {
        single(Tok::Le, 2);
      } else if (next == '>') {
        single(Tok::Ne, 2);
      } else {
        single(Tok::Lt, 1);
      }
    } else if (ch == '>') {
      if (next == '=') {
        single(Tok::Ge, 2);
      } else {
        single(Tok::Gt, 1);
      }
    } else {
      // Show the whole UTF-8 character, not its first byte.
      std::size_t j = i + 1;
      while (j < text_.size() && (static_cast<unsigned char>(text_[j]) & 0xC0u) == 0x80u) ++j;
      return fail_at(static_cast<std::uint32_t>(i), fmt::format("unexpected character '{}'", text_.substr(i, j - i)));
    }
    tok_.end = static_cast<std::uint32_t>(i);
    pos_ = i;
    return ok();
  }

  // --- tree building ---
  std::uint32_t add(AstNode node) {
    ast_.nodes.push_back(std::move(node));
    return static_cast<std::uint32_t>(ast_.nodes.size() - 1);
  }
  std::uint32_t begin_of(std::uint32_t node) const { return ast_.nodes[node].span.begin; }
  std::uint32_t end_of(std::uint32_t node) const { return ast_.nodes[node].span.end; }

  std::uint32_t binary(Operator op, std::uint32_t l, std::uint32_t r) {
    AstNode n;
    n.kind = NodeKind::Binary;
    n.op = op;
    n.children = {l, r};
    n.span = {begin_of(l), end_of(r)};
    return add(std::move(n));
  }

  Result<std::uint32_t> parse_or() {
    const Nested level(nesting_);
    INSCRM_TRYV(check_nesting());
    INSCRM_TRY(std::uint32_t left, parse_and());
    while (tok_.kind == Tok::Or) {
      INSCRM_TRYV(advance());
      INSCRM_TRY(const std::uint32_t right, parse_and());
      left = binary(Operator::Or, left, right);
    }
    return left;
  }

  Result<std::uint32_t> parse_and() {
    INSCRM_TRY(std::uint32_t left, parse_not());
    while (tok_.kind == Tok::And) {
      INSCRM_TRYV(advance());
      INSCRM_TRY(const std::uint32_t right, parse_not());
      left = binary(Operator::And, left, right);
    }
    return left;
  }

  Result<std::uint32_t> parse_not() {
    if (tok_.kind != Tok::Not) return parse_predicate();
    const Nested level(nesting_);
    INSCRM_TRYV(check_nesting());
    const std::uint32_t begin = tok_.begin;
    INSCRM_TRYV(advance());
    INSCRM_TRY(const std::uint32_t operand, parse_not());
    AstNode n;
    n.kind = NodeKind::Unary;
    n.op = Operator::Not;
    n.children = {operand};
    n.span = {begin, end_of(operand)};
    return add(std::move(n));
  }

  Result<std::uint32_t> parse_predicate() {
    INSCRM_TRY(const std::uint32_t left, parse_sum());
    const auto cmp = comparison(tok_.kind);
    if (cmp != Operator::None) {
      INSCRM_TRYV(advance());
      INSCRM_TRY(const std::uint32_t right, parse_sum());
      return binary(cmp, left, right);
    }
    if (tok_.kind == Tok::Is) {
      INSCRM_TRYV(advance());
      bool negated = false;
      if (tok_.kind == Tok::Not) {
        negated = true;
        INSCRM_TRYV(advance());
      }
      if (tok_.kind != Tok::Null)
        return fail(tok_, "expected {} but found {}", negated ? "'null'" : "'null' or 'not null' after 'is'",
                    describe(tok_));
      AstNode n;
      n.kind = NodeKind::IsNull;
      n.negated = negated;
      n.children = {left};
      n.span = {begin_of(left), tok_.end};
      INSCRM_TRYV(advance());
      return add(std::move(n));
    }
    bool negated = false;
    if (tok_.kind == Tok::Not) {
      negated = true;
      INSCRM_TRYV(advance());
      if (tok_.kind != Tok::In && tok_.kind != Tok::Between)
        return fail(tok_, "expected 'in' or 'between' after 'not' but found {}", describe(tok_));
    }
    if (tok_.kind == Tok::In) return parse_in(left, negated);
    if (tok_.kind == Tok::Between) return parse_between(left, negated);
    return left;
  }

  static Operator comparison(Tok t) noexcept {
    switch (t) {
      case Tok::Eq: return Operator::Eq;
      case Tok::Ne: return Operator::Ne;
      case Tok::Lt: return Operator::Lt;
      case Tok::Le: return Operator::Le;
      case Tok::Gt: return Operator::Gt;
      case Tok::Ge: return Operator::Ge;
      default: return Operator::None;
    }
  }

  Result<std::uint32_t> parse_in(std::uint32_t left, bool negated) {
    INSCRM_TRYV(advance());
    if (tok_.kind != Tok::LParen) return fail(tok_, "expected '(' after 'in' but found {}", describe(tok_));
    INSCRM_TRYV(advance());
    AstNode n;
    n.kind = NodeKind::In;
    n.negated = negated;
    n.children = {left};
    for (;;) {
      INSCRM_TRY(const std::uint32_t item, parse_list_literal());
      n.children.push_back(item);
      if (tok_.kind == Tok::Comma) {
        INSCRM_TRYV(advance());
        continue;
      }
      if (tok_.kind != Tok::RParen) return fail(tok_, "expected ',' or ')' but found {}", describe(tok_));
      break;
    }
    n.span = {begin_of(left), tok_.end};
    INSCRM_TRYV(advance());
    return add(std::move(n));
  }

  Result<std::uint32_t> parse_list_literal() {
    if (tok_.kind == Tok::Minus) {
      const std::uint32_t begin = tok_.begin;
      INSCRM_TRYV(advance());
      if (tok_.kind != Tok::Integer && tok_.kind != Tok::Decimal)
        return fail(tok_, "expected a number after '-' but found {}", describe(tok_));
      return parse_number(true, begin);
    }
    switch (tok_.kind) {
      case Tok::Integer:
      case Tok::Decimal:
      case Tok::String:
      case Tok::True:
      case Tok::False:
      case Tok::DateKw: return parse_primary();
      default: return fail(tok_, "expected a literal value in the list but found {}", describe(tok_));
    }
  }

  Result<std::uint32_t> parse_between(std::uint32_t left, bool negated) {
    INSCRM_TRYV(advance());
    INSCRM_TRY(const std::uint32_t low, parse_sum());
    if (tok_.kind != Tok::And) return fail(tok_, "expected 'and' in 'between … and …' but found {}", describe(tok_));
    INSCRM_TRYV(advance());
    INSCRM_TRY(const std::uint32_t high, parse_sum());
    AstNode n;
    n.kind = NodeKind::Between;
    n.negated = negated;
    n.children = {left, low, high};
    n.span = {begin_of(left), end_of(high)};
    return add(std::move(n));
  }

  Result<std::uint32_t> parse_sum() {
    INSCRM_TRY(std::uint32_t left, parse_product());
    while (tok_.kind == Tok::Plus || tok_.kind == Tok::Minus) {
      const Operator op = tok_.kind == Tok::Plus ? Operator::Add : Operator::Sub;
      INSCRM_TRYV(advance());
      INSCRM_TRY(const std::uint32_t right, parse_product());
      left = binary(op, left, right);
    }
    return left;
  }

  Result<std::uint32_t> parse_product() {
    INSCRM_TRY(std::uint32_t left, parse_unary());
    while (tok_.kind == Tok::Star || tok_.kind == Tok::Slash) {
      const Operator op = tok_.kind == Tok::Star ? Operator::Mul : Operator::Div;
      INSCRM_TRYV(advance());
      INSCRM_TRY(const std::uint32_t right, parse_unary());
      left = binary(op, left, right);
    }
    return left;
  }

  Result<std::uint32_t> parse_unary() {
    if (tok_.kind != Tok::Minus) return parse_primary();
    const Nested level(nesting_);
    INSCRM_TRYV(check_nesting());
    const std::uint32_t begin = tok_.begin;
    INSCRM_TRYV(advance());
    INSCRM_TRY(const std::uint32_t operand, parse_unary());
    AstNode n;
    n.kind = NodeKind::Unary;
    n.op = Operator::Neg;
    n.children = {operand};
    n.span = {begin, end_of(operand)};
    return add(std::move(n));
  }

  Result<std::uint32_t> literal(Literal value, std::uint32_t begin) {
    AstNode n;
    n.kind = NodeKind::Literal;
    n.literal = std::move(value);
    n.span = {begin, tok_.end};
    INSCRM_TRYV(advance());
    return add(std::move(n));
  }

  // The current token is a number; `negative` when a '-' starting at `begin` came before it.
  Result<std::uint32_t> parse_number(bool negative, std::uint32_t begin) {
    const std::string digits = (negative ? "-" : "") + tok_.text;
    if (tok_.kind == Tok::Integer) {
      std::int64_t v = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (ec != std::errc{} || end != digits.data() + digits.size())
        return fail_at(begin, fmt::format("integer {} is out of range", digits));
      return literal(v, begin);
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc{} || end != digits.data() + digits.size() || !std::isfinite(v))
      return fail_at(begin, fmt::format("number {} is out of range", digits));
    return literal(DecimalLiteral{v, digits}, begin);
  }

  Result<std::uint32_t> parse_primary() {
    const Token t = tok_;
    switch (t.kind) {
      case Tok::Integer:
      case Tok::Decimal: return parse_number(false, t.begin);
      case Tok::String: return literal(t.text, t.begin);
      case Tok::True: return literal(true, t.begin);
      case Tok::False: return literal(false, t.begin);
      case Tok::Null: return literal(NullLiteral{}, t.begin);
      case Tok::DateKw: {
        INSCRM_TRYV(advance());
        if (tok_.kind != Tok::String)
          return fail(tok_, "expected a quoted date after 'date' (date'2026-01-01') but found {}", describe(tok_));
        const auto d = parse_date(tok_.text);
        if (!d) return fail(tok_, "invalid date {} (expected 'YYYY-MM-DD')", describe(tok_));
        return literal(*d, t.begin);
      }
      case Tok::LParen: {
        INSCRM_TRYV(advance());
        INSCRM_TRY(const std::uint32_t inner, parse_or());
        if (tok_.kind != Tok::RParen) return fail(tok_, "expected ')' but found {}", describe(tok_));
        // The parentheses belong to the span, so messages quote "(a + b)" as written.
        ast_.nodes[inner].span = {t.begin, tok_.end};
        INSCRM_TRYV(advance());
        return inner;
      }
      case Tok::Ident: {
        INSCRM_TRYV(advance());
        AstNode n;
        n.name = t.text;
        if (tok_.kind != Tok::LParen) {
          n.kind = NodeKind::Fact;
          n.span = {t.begin, t.end};
          return add(std::move(n));
        }
        n.kind = NodeKind::Call;
        INSCRM_TRYV(advance());
        if (tok_.kind != Tok::RParen) {
          for (;;) {
            INSCRM_TRY(const std::uint32_t arg, parse_or());
            n.children.push_back(arg);
            if (tok_.kind == Tok::Comma) {
              INSCRM_TRYV(advance());
              continue;
            }
            if (tok_.kind != Tok::RParen) return fail(tok_, "expected ',' or ')' but found {}", describe(tok_));
            break;
          }
        }
        n.span = {t.begin, tok_.end};
        INSCRM_TRYV(advance());
        return add(std::move(n));
      }
      default: return fail(t, "expected a fact or a value but found {}", describe(t));
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int nesting_ = 0;  // current parser recursion (Nested)
  Token tok_;
  Ast ast_;
};

std::string_view operator_text(Operator op) noexcept {
  switch (op) {
    case Operator::Or: return "or";
    case Operator::And: return "and";
    case Operator::Not: return "not";
    case Operator::Eq: return "=";
    case Operator::Ne: return "!=";
    case Operator::Lt: return "<";
    case Operator::Le: return "<=";
    case Operator::Gt: return ">";
    case Operator::Ge: return ">=";
    case Operator::Add: return "+";
    case Operator::Sub: return "-";
    case Operator::Mul: return "*";
    case Operator::Div: return "/";
    case Operator::Neg: return "-";
    case Operator::None: break;
  }
  return "?";
}

std::string quote(std::string_view s) {
  std::string out = "'";
  for (const char ch : s) {
    if (ch == '\'') out.push_back('\'');
    out.push_back(ch);
  }
  out.push_back('\'');
  return out;
}

std::string literal_text(const Literal& lit) {
  struct Visitor {
    std::string operator()(NullLiteral) const { return "null"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return fmt::format("{}", i); }
    std::string operator()(const DecimalLiteral& d) const { return d.text; }
    std::string operator()(const std::string& s) const { return quote(s); }
    std::string operator()(const Date& d) const { return "date" + quote(inscrm::to_string(d)); }
  };
  return std::visit(Visitor{}, lit);
}

void print(const Ast& ast, std::uint32_t i, std::string& out) {
  const AstNode& n = ast.nodes[i];
  switch (n.kind) {
    case NodeKind::Literal: out += literal_text(n.literal); return;
    case NodeKind::Fact: out += n.name; return;
    case NodeKind::Call:
      out += n.name;
      out += '(';
      for (std::size_t k = 0; k < n.children.size(); ++k) {
        if (k > 0) out += ", ";
        print(ast, n.children[k], out);
      }
      out += ')';
      return;
    case NodeKind::Unary:
      out += n.op == Operator::Not ? "(not " : "(-";
      print(ast, n.children[0], out);
      out += ')';
      return;
    case NodeKind::Binary:
      out += '(';
      print(ast, n.children[0], out);
      out += fmt::format(" {} ", operator_text(n.op));
      print(ast, n.children[1], out);
      out += ')';
      return;
    case NodeKind::In:
      out += '(';
      print(ast, n.children[0], out);
      out += n.negated ? " not in (" : " in (";
      for (std::size_t k = 1; k < n.children.size(); ++k) {
        if (k > 1) out += ", ";
        print(ast, n.children[k], out);
      }
      out += "))";
      return;
    case NodeKind::Between:
      out += '(';
      print(ast, n.children[0], out);
      out += n.negated ? " not between " : " between ";
      print(ast, n.children[1], out);
      out += " and ";
      print(ast, n.children[2], out);
      out += ')';
      return;
    case NodeKind::IsNull:
      out += '(';
      print(ast, n.children[0], out);
      out += n.negated ? " is not null)" : " is null)";
      return;
  }
}

}  // namespace

RulePosition position_of(std::string_view text, std::uint32_t offset) noexcept {
  RulePosition p;
  const std::size_t end = std::min<std::size_t>(offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((byte & 0xC0u) != 0x80u) {  // count characters: skip UTF-8 continuation bytes
      ++p.column;
    }
  }
  return p;
}

std::optional<RulePosition> rule_error_position(const Error& error) {
  // Messages read "…line L, column C: …"; a stored rule's prefix may come before it.
  const std::string& m = error.message();
  const auto at = m.find("line ");
  if (at == std::string::npos) return std::nullopt;
  RulePosition p;
  const char* cur = m.data() + at + 5;
  const char* const end = m.data() + m.size();
  auto r = std::from_chars(cur, end, p.line);
  if (r.ec != std::errc{}) return std::nullopt;
  constexpr std::string_view kColumn = ", column ";
  if (std::string_view{r.ptr, static_cast<std::size_t>(end - r.ptr)}.substr(0, kColumn.size()) != kColumn)
    return std::nullopt;
  r = std::from_chars(r.ptr + kColumn.size(), end, p.column);
  if (r.ec != std::errc{}) return std::nullopt;
  return p;
}

Error rule_error(std::string_view text, std::uint32_t offset, std::string message) {
  const RulePosition p = position_of(text, offset);
  return Error::invalid_argument("rule", fmt::format("line {}, column {}: {}", p.line, p.column, message));
}

std::string_view Ast::source(std::uint32_t i) const {
  const SourceSpan s = nodes.at(i).span;
  return std::string_view{text}.substr(s.begin, s.end - s.begin);
}

Result<Ast> parse(std::string_view text) { return Parser{text}.run(); }

std::string to_string(const Ast& ast) {
  std::string out;
  if (!ast.nodes.empty()) print(ast, ast.root, out);
  return out;
}

}  // namespace inscrm::rules
