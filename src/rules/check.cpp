#include <inscrm/rules/rule.hpp>

#include "rules/program.hpp"
#include "rules/rule_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <optional>
#include <utility>

namespace inscrm::rules {

namespace {

using detail::CmpOp;
using detail::Node;
using detail::Op;
using detail::Program;
using detail::Value;

constexpr std::array<std::string_view, 8> kFunctions{"days_since", "year",     "month",       "lower",
                                                     "size",       "contains", "has_product", "has_line"};

std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool is_number(FactType t) noexcept { return t == FactType::Int || t == FactType::Decimal || t == FactType::Money; }

CmpOp cmp_of(Operator op) noexcept {
  switch (op) {
    case Operator::Eq: return CmpOp::Eq;
    case Operator::Ne: return CmpOp::Ne;
    case Operator::Lt: return CmpOp::Lt;
    case Operator::Le: return CmpOp::Le;
    case Operator::Gt: return CmpOp::Gt;
    default: return CmpOp::Ge;
  }
}

// a op b  ==  b flip(op) a
CmpOp flip(CmpOp op) noexcept {
  switch (op) {
    case CmpOp::Lt: return CmpOp::Gt;
    case CmpOp::Le: return CmpOp::Ge;
    case CmpOp::Gt: return CmpOp::Lt;
    case CmpOp::Ge: return CmpOp::Le;
    default: return op;
  }
}

std::string_view arith_symbol(Operator op) noexcept {
  switch (op) {
    case Operator::Add: return "+";
    case Operator::Sub: return "-";
    case Operator::Mul: return "*";
    default: return "/";
  }
}

// A decimal literal in fen: exact, or (for more than two places) the floor of its value in fen.
struct Fen {
  std::int64_t value = 0;
  bool exact = true;
};

std::optional<Fen> fen_of(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const auto dot = text.find('.');
  std::string digits{text.substr(0, dot)};
  std::string fraction{dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1)};
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  const bool exact = fraction.size() <= 2;
  std::string rest;
  if (exact) {
    fraction.resize(2, '0');
  } else {
    rest = fraction.substr(2);
    fraction.resize(2);
  }
  digits += fraction;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  if (negative) {
    v = -v;
    // floor of a negative value with a remainder is one fen further down.
    if (!exact) {
      if (v == std::numeric_limits<std::int64_t>::min()) return std::nullopt;
      --v;
    }
  }
  return Fen{v, exact};
}

// A checked operand: its program node, its type, the syntax node it came from (for messages) and,
// for a literal number, its text (a decimal's exact digits decide whether it is a whole fen).
struct Typed {
  std::uint32_t node = 0;
  FactType type = FactType::Bool;
  std::uint32_t ast = 0;
  std::optional<std::string> number_text;
};

class Checker {
 public:
  Checker(const Ast& ast, const FactRegistry& registry) : ast_(ast), registry_(registry) {
    program_.text = ast.text;
  }

  Result<Rule> run() {
    if (ast_.nodes.empty()) return Error::invalid_argument("rule", "empty rule");
    INSCRM_TRY(const Typed root, expr(ast_.root));
    if (root.type != FactType::Bool)
      return fail(ast_.root, fmt::format("a rule must be a condition (true or false), but '{}' is {}",
                                         ast_.source(ast_.root), to_string(root.type)));
    program_.root = root.node;
    std::sort(program_.facts.begin(), program_.facts.end());
    program_.facts.erase(std::unique(program_.facts.begin(), program_.facts.end()), program_.facts.end());
    return Rule{std::make_shared<const Program>(std::move(program_))};
  }

 private:
  Error fail(std::uint32_t ast_node, std::string message) const {
    return rule_error(ast_.text, ast_.node(ast_node).span.begin, std::move(message));
  }
  std::string describe(const Typed& t) const { return fmt::format("{} ({})", ast_.source(t.ast), to_string(t.type)); }

  Typed emit(Node n, std::uint32_t ast_node) {
    const FactType type = n.type;
    program_.nodes.push_back(std::move(n));
    return {static_cast<std::uint32_t>(program_.nodes.size() - 1), type, ast_node, std::nullopt};
  }
  Typed constant(FactType type, Value v, std::uint32_t ast_node) {
    Node n;
    n.op = Op::Const;
    n.type = type;
    n.value = std::move(v);
    return emit(std::move(n), ast_node);
  }
  Typed unary(Op op, FactType type, const Typed& a) {
    Node n;
    n.op = op;
    n.type = type;
    n.arity = 1;
    n.args[0] = a.node;
    return emit(std::move(n), a.ast);
  }
  Typed binary(Op op, FactType type, const Typed& a, const Typed& b, std::uint32_t ast_node) {
    Node n;
    n.op = op;
    n.type = type;
    n.arity = 2;
    n.args[0] = a.node;
    n.args[1] = b.node;
    return emit(std::move(n), ast_node);
  }
  Typed compare(CmpOp op, const Typed& a, const Typed& b, std::uint32_t ast_node) {
    Typed t = binary(Op::Cmp, FactType::Bool, a, b, ast_node);
    program_.nodes[t.node].cmp = op;
    return t;
  }
  const Node& node(const Typed& t) const { return program_.nodes[t.node]; }
  bool is_const(const Typed& t) const { return node(t).op == Op::Const; }

  Result<Typed> column(std::string_view name, std::uint32_t ast_node) {
    const auto id = registry_.find(name);
    if (!id) {
      if (const auto near = registry_.nearest(name))
        return fail(ast_node, fmt::format("unknown fact '{}' (did you mean '{}'?)", name, *near));
      return fail(ast_node, fmt::format("unknown fact '{}'", name));
    }
    Node n;
    n.op = Op::Column;
    n.type = registry_[*id].type;
    n.fact = std::string{name};
    program_.facts.push_back(n.fact);
    return emit(std::move(n), ast_node);
  }

  // --- conversions ---

  // A number that stands next to an amount is in yuan; integers become fen exactly.
  Result<Typed> to_money(const Typed& t) {
    if (t.type == FactType::Money) return t;
    if (t.type == FactType::Int) {
      if (is_const(t)) {
        const std::int64_t v = std::get<std::int64_t>(node(t).value);
        if (v > std::numeric_limits<std::int64_t>::max() / 100 || v < std::numeric_limits<std::int64_t>::min() / 100)
          return fail(t.ast, fmt::format("amount {} is out of range", ast_.source(t.ast)));
        return with_ast(constant(FactType::Money, v * 100, t.ast), t);
      }
      return unary(Op::YuanToMoney, FactType::Money, t);
    }
    return Error::internal("to_money on a non-integer");
  }
  // The exact fen value of a decimal literal, if it has at most two places.
  std::optional<Fen> decimal_fen(const Typed& t) const {
    if (t.type != FactType::Decimal || !t.number_text || !is_const(t)) return std::nullopt;
    return fen_of(*t.number_text);
  }
  Typed with_ast(Typed made, const Typed& from) const {
    made.ast = from.ast;
    made.number_text = from.number_text;
    return made;
  }
  Result<Typed> to_decimal(const Typed& t, Operator op, const Typed& a, const Typed& b, std::uint32_t ast_node) {
    switch (t.type) {
      case FactType::Decimal: return t;
      case FactType::Int: return unary(Op::ToDecimal, FactType::Decimal, t);
      case FactType::Money: return unary(Op::MoneyToYuan, FactType::Decimal, t);
      default: return arith_error(op, a, b, ast_node);
    }
  }
  Error arith_error(Operator op, const Typed& a, const Typed& b, std::uint32_t ast_node) const {
    return fail(ast_node, fmt::format("cannot apply '{}' to {} and {}", arith_symbol(op), describe(a), describe(b)));
  }

  // --- expressions ---

  Result<Typed> expr(std::uint32_t i) {
    const AstNode& n = ast_.node(i);
    switch (n.kind) {
      case NodeKind::Literal: return literal(i);
      case NodeKind::Fact: return column(n.name, i);
      case NodeKind::Call: return call(i);
      case NodeKind::Unary: {
        INSCRM_TRY(const Typed a, expr(n.children[0]));
        if (n.op == Operator::Not) {
          if (a.type != FactType::Bool)
            return fail(i, fmt::format("'not' needs a condition, but {} is {}", ast_.source(a.ast), to_string(a.type)));
          return with_ast(unary(Op::Not, FactType::Bool, a), Typed{0, FactType::Bool, i, {}});
        }
        return negate(a, i);
      }
      case NodeKind::Binary: {
        INSCRM_TRY(const Typed a, expr(n.children[0]));
        INSCRM_TRY(const Typed b, expr(n.children[1]));
        switch (n.op) {
          case Operator::And:
          case Operator::Or: {
            const std::string_view word = n.op == Operator::And ? "and" : "or";
            for (const Typed* side : {&a, &b})
              if (side->type != FactType::Bool)
                return fail(side->ast, fmt::format("'{}' needs a condition on each side, but {} is {}", word,
                                                   ast_.source(side->ast), to_string(side->type)));
            return binary(n.op == Operator::And ? Op::And : Op::Or, FactType::Bool, a, b, i);
          }
          case Operator::Add:
          case Operator::Sub:
          case Operator::Mul:
          case Operator::Div: return arith(n.op, a, b, i);
          default: return comparison(cmp_of(n.op), a, b, i);
        }
      }
      case NodeKind::In: return in_list(i);
      case NodeKind::Between: {
        INSCRM_TRY(const Typed x, expr(n.children[0]));
        INSCRM_TRY(const Typed low, expr(n.children[1]));
        INSCRM_TRY(const Typed high, expr(n.children[2]));
        INSCRM_TRY(const Typed above, comparison(CmpOp::Ge, x, low, i));
        INSCRM_TRY(const Typed below, comparison(CmpOp::Le, x, high, i));
        const Typed both = binary(Op::And, FactType::Bool, above, below, i);
        return n.negated ? with_ast(unary(Op::Not, FactType::Bool, both), both) : both;
      }
      case NodeKind::IsNull: {
        INSCRM_TRY(const Typed x, expr(n.children[0]));
        Typed t = unary(Op::IsNull, FactType::Bool, x);
        program_.nodes[t.node].negated = n.negated;
        t.ast = i;
        return t;
      }
    }
    return Error::internal("unknown syntax node");
  }

  Result<Typed> literal(std::uint32_t i) {
    const AstNode& n = ast_.node(i);
    struct Visitor {
      Checker& self;
      std::uint32_t i;
      Result<Typed> operator()(NullLiteral) const {
        return self.fail(i, "null is not a value: test for it with 'is null' or 'is not null'");
      }
      Result<Typed> operator()(bool b) const { return self.constant(FactType::Bool, b, i); }
      Result<Typed> operator()(std::int64_t v) const {
        Typed t = self.constant(FactType::Int, v, i);
        t.number_text = fmt::format("{}", v);
        return t;
      }
      Result<Typed> operator()(const DecimalLiteral& d) const {
        Typed t = self.constant(FactType::Decimal, d.value, i);
        t.number_text = d.text;
        return t;
      }
      Result<Typed> operator()(const std::string& s) const { return self.constant(FactType::String, s, i); }
      Result<Typed> operator()(const Date& d) const {
        return self.constant(FactType::Day, std::int64_t{to_epoch_days(d)}, i);
      }
    };
    return std::visit(Visitor{*this, i}, n.literal);
  }

  Result<Typed> negate(const Typed& a, std::uint32_t i) {
    if (!is_number(a.type))
      return fail(i, fmt::format("cannot negate {}", describe(a)));
    if (is_const(a)) {
      // Fold, so that -10.5 stays a literal whose digits are known.
      Typed t;
      if (a.type == FactType::Decimal) {
        t = constant(FactType::Decimal, -std::get<double>(node(a).value), i);
      } else {
        const std::int64_t v = std::get<std::int64_t>(node(a).value);
        if (v == std::numeric_limits<std::int64_t>::min())
          return fail(i, fmt::format("{} is out of range", ast_.source(i)));
        t = constant(a.type, -v, i);
      }
      if (a.number_text)
        t.number_text = a.number_text->front() == '-' ? a.number_text->substr(1) : "-" + *a.number_text;
      return t;
    }
    Typed t = unary(Op::Neg, a.type, a);
    t.ast = i;
    return t;
  }

  Result<Typed> arith(Operator op, Typed a, Typed b, std::uint32_t i) {
    const Op code = op == Operator::Add ? Op::Add : op == Operator::Sub ? Op::Sub : op == Operator::Mul ? Op::Mul : Op::Div;
    if (op == Operator::Div) {
      INSCRM_TRY(const Typed x, to_decimal(a, op, a, b, i));
      INSCRM_TRY(const Typed y, to_decimal(b, op, a, b, i));
      return binary(Op::Div, FactType::Decimal, x, y, i);
    }
    // Calendar arithmetic: date ± days, days between dates.
    if (a.type == FactType::Day || b.type == FactType::Day) {
      if (op == Operator::Add && a.type == FactType::Day && b.type == FactType::Int)
        return binary(Op::Add, FactType::Day, a, b, i);
      if (op == Operator::Add && a.type == FactType::Int && b.type == FactType::Day)
        return binary(Op::Add, FactType::Day, a, b, i);
      if (op == Operator::Sub && a.type == FactType::Day && b.type == FactType::Int)
        return binary(Op::Sub, FactType::Day, a, b, i);
      if (op == Operator::Sub && a.type == FactType::Day && b.type == FactType::Day)
        return binary(Op::Sub, FactType::Int, a, b, i);
      return arith_error(op, a, b, i);
    }
    if (!is_number(a.type) || !is_number(b.type)) return arith_error(op, a, b, i);
    if (a.type == FactType::Money || b.type == FactType::Money) {
      Typed& money = a.type == FactType::Money ? a : b;
      Typed& other = a.type == FactType::Money ? b : a;
      if (op == Operator::Mul) {
        if (other.type == FactType::Money) return fail(i, fmt::format("cannot multiply two amounts: {}", ast_.source(i)));
        if (other.type == FactType::Int) return binary(Op::Mul, FactType::Money, a, b, i);  // a factor, not yuan
        INSCRM_TRY(const Typed x, to_decimal(a, op, a, b, i));
        INSCRM_TRY(const Typed y, to_decimal(b, op, a, b, i));
        return binary(Op::Mul, FactType::Decimal, x, y, i);
      }
      if (other.type == FactType::Int) {
        INSCRM_TRY(other, to_money(other));
        return binary(code, FactType::Money, a, b, i);
      }
      if (other.type == FactType::Decimal) {
        if (const auto fen = decimal_fen(other); fen && fen->exact) {
          other = with_ast(constant(FactType::Money, fen->value, other.ast), other);
          return binary(code, FactType::Money, a, b, i);
        }
        INSCRM_TRY(money, to_decimal(money, op, a, b, i));
        return binary(code, FactType::Decimal, a, b, i);
      }
      return binary(code, FactType::Money, a, b, i);
    }
    if (a.type == FactType::Int && b.type == FactType::Int) return binary(code, FactType::Int, a, b, i);
    INSCRM_TRY(const Typed x, to_decimal(a, op, a, b, i));
    INSCRM_TRY(const Typed y, to_decimal(b, op, a, b, i));
    return binary(code, FactType::Decimal, x, y, i);
  }

  Error compare_error(const Typed& a, const Typed& b, std::uint32_t i) const {
    return fail(i, fmt::format("cannot compare {} with {}", describe(a), describe(b)));
  }

  // Brings two operands of a comparison to one physical class, or explains why they cannot be.
  // Returns the (possibly rewritten) operator.
  Result<CmpOp> unify(CmpOp op, Typed& a, Typed& b, std::uint32_t i) {
    if (a.type == FactType::StringSet || b.type == FactType::StringSet)
      return fail(i, fmt::format("cannot compare {} with {}: use contains() or size() on a set", describe(a),
                                 describe(b)));
    if (a.type == b.type) {
      if (a.type == FactType::Bool && op != CmpOp::Eq && op != CmpOp::Ne)
        return fail(i, fmt::format("cannot order {} and {}: booleans compare only with = and !=", describe(a),
                                   describe(b)));
      return op;
    }
    if (a.type == FactType::Day || b.type == FactType::Day) {
      Typed& text = a.type == FactType::Day ? b : a;
      if (text.type == FactType::String && is_const(text)) {
        const auto d = parse_date(std::get<std::string>(node(text).value));
        if (!d) return fail(text.ast, fmt::format("{} is not a date (expected 'YYYY-MM-DD')", ast_.source(text.ast)));
        text = with_ast(constant(FactType::Day, std::int64_t{to_epoch_days(*d)}, text.ast), text);
        return op;
      }
      return compare_error(a, b, i);
    }
    if (!is_number(a.type) || !is_number(b.type)) return compare_error(a, b, i);
    if (a.type == FactType::Money || b.type == FactType::Money) {
      const bool money_left = a.type == FactType::Money;
      Typed& money = money_left ? a : b;
      Typed& other = money_left ? b : a;
      if (other.type == FactType::Int) {
        INSCRM_TRY(other, to_money(other));
        return op;
      }
      // other is a decimal
      if (const auto fen = decimal_fen(other)) {
        if (!fen->exact) {
          if (op == CmpOp::Eq || op == CmpOp::Ne)
            return fail(other.ast, fmt::format("{} has more than two decimal places: an amount is in whole fen",
                                               ast_.source(other.ast)));
          // money > 0.295 yuan  <=>  fen > 29 (the floor);  money < 0.295  <=>  fen <= 29.
          CmpOp m = money_left ? op : flip(op);
          m = (m == CmpOp::Gt || m == CmpOp::Ge) ? CmpOp::Gt : CmpOp::Le;
          other = with_ast(constant(FactType::Money, fen->value, other.ast), other);
          return money_left ? m : flip(m);
        }
        other = with_ast(constant(FactType::Money, fen->value, other.ast), other);
        return op;
      }
      INSCRM_TRY(money, to_decimal(money, Operator::Div, a, b, i));
      return op;
    }
    // integer against decimal
    Typed& integer = a.type == FactType::Int ? a : b;
    integer = with_ast(unary(Op::ToDecimal, FactType::Decimal, integer), integer);
    return op;
  }

  Result<Typed> comparison(CmpOp op, Typed a, Typed b, std::uint32_t i) {
    INSCRM_TRY(const CmpOp unified, unify(op, a, b, i));
    return compare(unified, a, b, i);
  }

  // An item of an in-list (always a literal) as a constant of the operand's physical class.
  Result<Value> list_value(const Typed& x, const Typed& item, std::uint32_t i) const {
    const Value& v = node(item).value;
    switch (x.type) {
      case FactType::Bool:
      case FactType::Int:
      case FactType::String:
        if (item.type == x.type) return v;
        break;
      case FactType::Decimal:
        if (item.type == FactType::Decimal) return v;
        if (item.type == FactType::Int) return static_cast<double>(std::get<std::int64_t>(v));
        break;
      case FactType::Money:
        if (item.type == FactType::Int) {
          const std::int64_t yuan = std::get<std::int64_t>(v);
          if (yuan > std::numeric_limits<std::int64_t>::max() / 100 || yuan < std::numeric_limits<std::int64_t>::min() / 100)
            return fail(item.ast, fmt::format("amount {} is out of range", ast_.source(item.ast)));
          return yuan * 100;
        }
        if (const auto fen = decimal_fen(item)) {
          if (!fen->exact)
            return fail(item.ast, fmt::format("{} has more than two decimal places: an amount is in whole fen",
                                              ast_.source(item.ast)));
          return fen->value;
        }
        break;
      case FactType::Day:
        if (item.type == FactType::Day) return v;
        if (item.type == FactType::String) {
          const auto d = parse_date(std::get<std::string>(v));
          if (!d) return fail(item.ast, fmt::format("{} is not a date (expected 'YYYY-MM-DD')", ast_.source(item.ast)));
          return std::int64_t{to_epoch_days(*d)};
        }
        break;
      case FactType::StringSet:
        return fail(i, fmt::format("cannot test {} with 'in': use contains() on a set", describe(x)));
    }
    return compare_error(x, item, i);
  }

  Result<Typed> in_list(std::uint32_t i) {
    const AstNode& n = ast_.node(i);
    INSCRM_TRY(Typed x, expr(n.children[0]));
    std::vector<Typed> items;
    for (std::size_t k = 1; k < n.children.size(); ++k) {
      INSCRM_TRY(Typed item, expr(n.children[k]));
      items.push_back(std::move(item));
    }
    // An integer operand meets a decimal item: the whole test is in decimals.
    if (x.type == FactType::Int &&
        std::any_of(items.begin(), items.end(), [](const Typed& t) { return t.type == FactType::Decimal; }))
      x = with_ast(unary(Op::ToDecimal, FactType::Decimal, x), x);
    std::vector<Value> list;
    for (const Typed& item : items) {
      INSCRM_TRY(Value v, list_value(x, item, i));
      list.push_back(std::move(v));
    }
    Node in;
    in.op = Op::In;
    in.type = FactType::Bool;
    in.arity = 1;
    in.args[0] = x.node;
    in.list = std::move(list);
    Typed t = emit(std::move(in), i);
    if (n.negated) t = with_ast(unary(Op::Not, FactType::Bool, t), t);
    return t;
  }

  Result<Typed> call(std::uint32_t i) {
    const AstNode& n = ast_.node(i);
    const std::string& name = n.name;
    const auto arity = [&](std::size_t want) -> Result<void> {
      if (n.children.size() != want)
        return fail(i, fmt::format("{}() takes {} argument{} but was given {}", name, want, want == 1 ? "" : "s",
                                   n.children.size()));
      return ok();
    };
    const auto needs = [&](const Typed& arg, FactType type, std::string_view what) -> Result<void> {
      if (arg.type != type)
        return fail(arg.ast, fmt::format("{}() needs {}, but {} is {}", name, what, ast_.source(arg.ast),
                                         to_string(arg.type)));
      return ok();
    };
    const auto member = [&](std::uint32_t ast_node) -> Result<std::string> {
      const AstNode& m = ast_.node(ast_node);
      if (m.kind != NodeKind::Literal || !std::holds_alternative<std::string>(m.literal))
        return fail(ast_node, fmt::format("{}() needs a quoted string, not {}", name, ast_.source(ast_node)));
      return std::get<std::string>(m.literal);
    };
    const auto contains = [&](const Typed& set, std::string value) {
      Typed t = unary(Op::Contains, FactType::Bool, set);
      program_.nodes[t.node].value = std::move(value);
      t.ast = i;
      return t;
    };

    if (name == "days_since" || name == "year" || name == "month") {
      INSCRM_TRYV(arity(1));
      INSCRM_TRY(const Typed d, expr(n.children[0]));
      INSCRM_TRYV(needs(d, FactType::Day, "a date"));
      if (name == "days_since") program_.uses_as_of = true;
      Typed t = unary(name == "days_since" ? Op::DaysSince : name == "year" ? Op::Year : Op::Month, FactType::Int, d);
      t.ast = i;
      return t;
    }
    if (name == "lower") {
      INSCRM_TRYV(arity(1));
      INSCRM_TRY(const Typed s, expr(n.children[0]));
      INSCRM_TRYV(needs(s, FactType::String, "a string"));
      Typed t = unary(Op::Lower, FactType::String, s);
      t.ast = i;
      return t;
    }
    if (name == "size") {
      INSCRM_TRYV(arity(1));
      INSCRM_TRY(const Typed s, expr(n.children[0]));
      INSCRM_TRYV(needs(s, FactType::StringSet, "a set fact"));
      Typed t = unary(Op::SetSize, FactType::Int, s);
      t.ast = i;
      return t;
    }
    if (name == "contains") {
      INSCRM_TRYV(arity(2));
      INSCRM_TRY(const Typed s, expr(n.children[0]));
      INSCRM_TRYV(needs(s, FactType::StringSet, "a set fact"));
      INSCRM_TRY(std::string value, member(n.children[1]));
      return contains(s, std::move(value));
    }
    if (name == "has_product" || name == "has_line") {
      INSCRM_TRYV(arity(1));
      const std::string_view set_fact = name == "has_product" ? "products_held" : "lines_held";
      const auto id = registry_.find(set_fact);
      if (!id || registry_[*id].type != FactType::StringSet)
        return fail(i, fmt::format("{}() needs the string-set fact '{}'", name, set_fact));
      INSCRM_TRY(std::string value, member(n.children[0]));
      INSCRM_TRY(const Typed s, column(set_fact, i));
      return contains(s, std::move(value));
    }
    std::string_view best;
    std::size_t best_distance = 3;
    for (const auto f : kFunctions) {
      const std::size_t d = distance(name, f);
      if (d < best_distance) {
        best_distance = d;
        best = f;
      }
    }
    if (!best.empty()) return fail(i, fmt::format("unknown function '{}' (did you mean '{}'?)", name, best));
    return fail(i, fmt::format("unknown function '{}'", name));
  }

  const Ast& ast_;
  const FactRegistry& registry_;
  Program program_;
};

}  // namespace

const std::string& Rule::text() const noexcept { return program_->text; }
std::span<const std::string> Rule::facts() const noexcept { return program_->facts; }
bool Rule::uses_as_of() const noexcept { return program_->uses_as_of; }

Result<Rule> check(const Ast& ast, const FactRegistry& registry) { return Checker{ast, registry}.run(); }

Result<Rule> compile(std::string_view text, const FactRegistry& registry) {
  INSCRM_TRY(const Ast ast, parse(text));
  return check(ast, registry);
}

}  // namespace inscrm::rules
