#pragma once
// domain.md C9: the rule language's syntax tree and its parser. One small expression language is
// shared by segments, loyalty earning rules, tier qualification, care and campaign targeting:
//
//   age >= 30 and region in ("310000", "110000") and annual_premium > 10000 and not has_lapsed_policy
//
// Grammar (keywords and function names are case-insensitive; so are fact names, which are
// registered in lower case):
//   rule       := or EOF
//   or         := and ("or" and)*
//   and        := not ("and" not)*
//   not        := "not" not | predicate
//   predicate  := sum [ cmp sum | "is" ["not"] "null" | ["not"] "in" "(" literal ("," literal)* ")"
//                     | ["not"] "between" sum "and" sum ]
//   cmp        := "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">="
//   sum        := product (("+" | "-") product)*
//   product    := unary (("*" | "/") unary)*
//   unary      := "-" unary | primary
//   primary    := integer | decimal | string | "true" | "false" | "null" | "date" string
//               | name "(" [or ("," or)*] ")" | name | "(" or ")"
//   literal    := ["-"] (integer | decimal) | string | "true" | "false" | "date" string
// Strings are '…' or "…"; the quote is escaped by doubling it ('it''s'). Dates are typed literals,
// date'2026-01-01' (SQL's own form; there is no date() function). Numbers have no exponent.
//
// Errors are InvalidArgument with field "rule" and a message that starts with the 1-based
// position, "line 1, column 17: expected ')' but found 'and'" (columns count characters, not
// bytes); rule_error_position() reads the position back.

#include <inscrm/core/date.hpp>
#include <inscrm/core/error.hpp>
#include <inscrm/core/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace inscrm::rules {

// Byte offsets into the rule text, [begin, end).
struct SourceSpan {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// 1-based line and column (in characters) of a place in a rule's text.
struct RulePosition {
  int line = 1;
  int column = 1;
  friend bool operator==(const RulePosition&, const RulePosition&) = default;
};

RulePosition position_of(std::string_view text, std::uint32_t offset) noexcept;
// The position an error from parse/check/compile points at, read back from its message.
std::optional<RulePosition> rule_error_position(const Error& error);

enum class NodeKind { Literal, Fact, Call, Unary, Binary, In, Between, IsNull };

enum class Operator { None, Or, And, Not, Eq, Ne, Lt, Le, Gt, Ge, Add, Sub, Mul, Div, Neg };

struct NullLiteral {
  friend bool operator==(NullLiteral, NullLiteral) = default;
};
// A decimal keeps its text: whether 0.295 has an exact amount in fen depends on its digits, not
// on the nearest binary double.
struct DecimalLiteral {
  double value = 0;
  std::string text;  // as written, e.g. "10000.50"
  friend bool operator==(const DecimalLiteral&, const DecimalLiteral&) = default;
};
using Literal = std::variant<NullLiteral, bool, std::int64_t, DecimalLiteral, std::string, Date>;

struct AstNode {
  NodeKind kind = NodeKind::Literal;
  Operator op = Operator::None;         // Unary: Not / Neg; Binary: the rest
  Literal literal;                      // Literal
  std::string name;                     // Fact / Call, lower-cased
  std::vector<std::uint32_t> children;  // Unary: [x]; Binary: [l, r]; Call: args;
                                        // In: [x, item…]; Between: [x, low, high]; IsNull: [x]
  bool negated = false;                 // not in / not between / is not null
  SourceSpan span;                      // the whole node in the text
};

// A parsed rule: nodes in an arena (children before parents), the root last.
struct Ast {
  std::string text;
  std::vector<AstNode> nodes;
  std::uint32_t root = 0;

  const AstNode& node(std::uint32_t i) const { return nodes.at(i); }
  const AstNode& root_node() const { return nodes.at(root); }
  // The text a node was parsed from, e.g. "annual_premium / 12".
  std::string_view source(std::uint32_t i) const;
};

Result<Ast> parse(std::string_view text);

// A canonical, fully parenthesised form: "((age >= 30) and (region in ('310000', '110000')))".
// Shows how precedence was resolved; parse(to_string(ast)) gives the same tree.
std::string to_string(const Ast& ast);

}  // namespace inscrm::rules
