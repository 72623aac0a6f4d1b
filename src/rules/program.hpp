#pragma once
// The typed program a checked Rule holds: a DAG of nodes in an arena (operands before users), with
// every implicit conversion made explicit, so that the columnar evaluator, the row evaluator and
// the SQL writer read the same meaning and cannot drift apart.
//
// Physical value classes: Bool, Int / Money (fen) / Day (epoch days) as int64, Decimal as double,
// String as text, StringSet as a set of texts.

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/rules/rule.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace inscrm::rules::detail {

enum class Op : std::uint8_t {
  Column,       // a fact: `fact`
  Const,        // `value`
  Add, Sub, Mul,  // int64 (wrapping) or double, by `type`
  Div,          // double / double; null when the divisor is 0
  Neg,
  ToDecimal,    // int64 -> double
  MoneyToYuan,  // fen -> yuan as double (x / 100.0)
  YuanToMoney,  // integer yuan -> fen (x * 100)
  DaysSince,    // as_of - day
  Year, Month,  // of an epoch day
  Lower,        // ASCII lower-case
  SetSize,      // members of a set
  Contains,     // set contains `value` (a string)
  Cmp,          // args[0] `cmp` args[1]
  In,           // args[0] in `list`
  IsNull,       // args[0] is null (`negated`: is not null)
  And, Or, Not,
};

enum class CmpOp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge };

// A constant or a row's value. monostate = null.
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string, std::vector<std::string>>;

struct Node {
  Op op = Op::Const;
  FactType type = FactType::Bool;  // of the result
  CmpOp cmp = CmpOp::Eq;
  bool negated = false;
  std::uint32_t args[2] = {0, 0};
  std::uint8_t arity = 0;
  std::string fact;          // Column
  Value value;               // Const; Contains: the member
  std::vector<Value> list;   // In: constants of the operand's physical class
};

struct Program {
  std::string text;
  std::vector<Node> nodes;
  std::uint32_t root = 0;
  std::vector<std::string> facts;  // sorted, unique
  bool uses_as_of = false;
};

constexpr bool is_integer_class(FactType t) noexcept {
  return t == FactType::Bool || t == FactType::Int || t == FactType::Money || t == FactType::Day;
}

// Days since 1970-01-01 of 0001-01-01 and 9999-12-31: year() and month() are null outside them.
// SQLite's date functions stop at years 0000 and 9999, PostgreSQL has no year 0; the SQL text
// guards the same range so that every evaluator agrees.
inline constexpr std::int64_t kFirstDay = -719162;
inline constexpr std::int64_t kLastDay = 2932896;

// Civil year and month of an epoch day in [kFirstDay, kLastDay] (H. Hinnant's days_from_civil
// inverse): integer-only, so the columnar kernel and the row evaluator share it.
constexpr void civil_of(std::int64_t days, std::int64_t& year, std::int64_t& month) noexcept {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = yoe + era * 400 + (month <= 2 ? 1 : 0);
}

// Two's-complement wrapping, so that overflow is defined (and the same) in every evaluator.
constexpr std::int64_t wrap_add(std::int64_t a, std::int64_t b) noexcept {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
constexpr std::int64_t wrap_sub(std::int64_t a, std::int64_t b) noexcept {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
constexpr std::int64_t wrap_mul(std::int64_t a, std::int64_t b) noexcept {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}

// The value of one node for one row; `fetch` gives a Column node's value. The reference
// semantics: the columnar kernels must agree with it, and it builds their string lookup tables.
Value eval_row(const Program& p, std::uint32_t node, std::int64_t as_of_days,
               const std::function<Value(const Node&)>& fetch);

}  // namespace inscrm::rules::detail
