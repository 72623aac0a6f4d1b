// The row-at-a-time evaluator: the reference meaning of a program (program.hpp).

#include "rules/program.hpp"

#include <algorithm>
#include <string>
#include <type_traits>

namespace inscrm::rules::detail {

namespace {

bool is_null(const Value& v) noexcept { return std::holds_alternative<std::monostate>(v); }

template <class T>
bool compare(CmpOp op, const T& a, const T& b) {
  switch (op) {
    case CmpOp::Eq: return a == b;
    case CmpOp::Ne: return a != b;
    case CmpOp::Lt: return a < b;
    case CmpOp::Le: return a <= b;
    case CmpOp::Gt: return a > b;
    case CmpOp::Ge: return a >= b;
  }
  return false;
}

Value compare_values(CmpOp op, const Value& a, const Value& b) {
  if (is_null(a) || is_null(b)) return std::monostate{};
  if (a.index() != b.index()) return std::monostate{};  // the checker never lets this happen
  return std::visit(
      [&](const auto& x) -> Value {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate> || std::is_same_v<T, std::vector<std::string>>) {
          return std::monostate{};
        } else {
          return compare(op, x, std::get<T>(b));
        }
      },
      a);
}

// Kleene logic over {false, null, true}, written as 0 / 1 / 2 as the columnar kernels do.
int truth(const Value& v) noexcept {
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 2 : 0;
  return 1;
}
Value from_truth(int t) {
  if (t == 1) return std::monostate{};
  return t == 2;
}

}  // namespace

Value eval_row(const Program& p, std::uint32_t index, std::int64_t as_of_days,
               const std::function<Value(const Node&)>& fetch) {
  const Node& n = p.nodes[index];
  const auto arg = [&](int k) { return eval_row(p, n.args[k], as_of_days, fetch); };
  switch (n.op) {
    case Op::Column: return fetch(n);
    case Op::Const: return n.value;
    case Op::Add:
    case Op::Sub:
    case Op::Mul: {
      const Value a = arg(0);
      const Value b = arg(1);
      if (is_null(a) || is_null(b)) return std::monostate{};
      if (n.type == FactType::Decimal) {
        const double x = std::get<double>(a);
        const double y = std::get<double>(b);
        return n.op == Op::Add ? x + y : n.op == Op::Sub ? x - y : x * y;
      }
      const std::int64_t x = std::get<std::int64_t>(a);
      const std::int64_t y = std::get<std::int64_t>(b);
      return n.op == Op::Add ? wrap_add(x, y) : n.op == Op::Sub ? wrap_sub(x, y) : wrap_mul(x, y);
    }
    case Op::Div: {
      const Value a = arg(0);
      const Value b = arg(1);
      if (is_null(a) || is_null(b) || std::get<double>(b) == 0.0) return std::monostate{};
      return std::get<double>(a) / std::get<double>(b);
    }
    case Op::Neg: {
      const Value a = arg(0);
      if (is_null(a)) return a;
      if (const auto* d = std::get_if<double>(&a)) return -*d;
      return wrap_sub(0, std::get<std::int64_t>(a));
    }
    case Op::ToDecimal:
    case Op::MoneyToYuan: {
      const Value a = arg(0);
      if (is_null(a)) return a;
      const double x = static_cast<double>(std::get<std::int64_t>(a));
      return n.op == Op::ToDecimal ? x : x / 100.0;
    }
    case Op::YuanToMoney: {
      const Value a = arg(0);
      if (is_null(a)) return a;
      return wrap_mul(std::get<std::int64_t>(a), 100);
    }
    case Op::DaysSince: {
      const Value a = arg(0);
      if (is_null(a)) return a;
      return wrap_sub(as_of_days, std::get<std::int64_t>(a));
    }
    case Op::Year:
    case Op::Month: {
      const Value a = arg(0);
      if (is_null(a)) return a;
      const std::int64_t d = std::get<std::int64_t>(a);
      if (d < kFirstDay || d > kLastDay) return std::monostate{};
      std::int64_t year = 0;
      std::int64_t month = 0;
      civil_of(d, year, month);
      return n.op == Op::Year ? year : month;
    }
    case Op::Lower: {
      Value a = arg(0);
      if (auto* s = std::get_if<std::string>(&a))
        for (char& ch : *s)
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      return a;
    }
    case Op::SetSize: {
      const Value a = arg(0);
      if (is_null(a)) return a;
      return static_cast<std::int64_t>(std::get<std::vector<std::string>>(a).size());
    }
    case Op::Contains: {
      const Value a = arg(0);
      if (is_null(a)) return a;
      const auto& set = std::get<std::vector<std::string>>(a);
      return std::find(set.begin(), set.end(), std::get<std::string>(n.value)) != set.end();
    }
    case Op::Cmp: return compare_values(n.cmp, arg(0), arg(1));
    case Op::In: {
      const Value a = arg(0);
      if (is_null(a)) return a;
      for (const Value& item : n.list)
        if (item == a) return true;
      return false;
    }
    case Op::IsNull: return is_null(arg(0)) != n.negated;
    case Op::And: return from_truth(std::min(truth(arg(0)), truth(arg(1))));
    case Op::Or: return from_truth(std::max(truth(arg(0)), truth(arg(1))));
    case Op::Not: return from_truth(2 - truth(arg(0)));
  }
  return std::monostate{};
}

}  // namespace inscrm::rules::detail
