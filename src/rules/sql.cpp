#include <inscrm/rules/sql.hpp>

#include "rules/program.hpp"

#include <fmt/format.h>

#include <utility>

namespace inscrm::rules {

namespace {

using detail::CmpOp;
using detail::Node;
using detail::Op;
using detail::Program;
using detail::Value;

std::string_view cmp_text(CmpOp op) noexcept {
  switch (op) {
    case CmpOp::Eq: return "=";
    case CmpOp::Ne: return "<>";
    case CmpOp::Lt: return "<";
    case CmpOp::Le: return "<=";
    case CmpOp::Gt: return ">";
    case CmpOp::Ge: return ">=";
  }
  return "=";
}

class Writer {
 public:
  Writer(const Program& program, const SqlOptions& options) : prog_(program), opt_(options) {}

  Result<SqlWhere> run() {
    if (prog_.uses_as_of && !opt_.as_of)
      return Error::invalid_argument("as_of", "days_since() in the rule needs SqlOptions::as_of");
    INSCRM_TRY(std::string text, expr(prog_.root));
    return SqlWhere{std::move(text), std::move(params_)};
  }

 private:
  bool pg() const noexcept { return opt_.dialect == SqlDialect::PostgreSql; }

  Result<std::string> identifier(std::string_view name) const {
    if (name.empty() || name.find('\0') != std::string_view::npos)
      return Error::invalid_argument("rule", fmt::format("'{}' cannot be a column name", name));
    std::string out = "\"";
    for (const char ch : name) {
      if (ch == '"') out.push_back('"');
      out.push_back(ch);
    }
    out.push_back('"');
    return out;
  }

  Result<std::string> column(const std::string& fact) const {
    const auto it = opt_.columns.find(fact);
    INSCRM_TRY(std::string col, identifier(it != opt_.columns.end() ? std::string_view{it->second} : fact));
    if (opt_.table_alias.empty()) return col;
    INSCRM_TRY(const std::string alias, identifier(opt_.table_alias));
    return alias + "." + col;
  }

  std::string placeholder(std::string_view pg_type) {
    const std::size_t n = params_.size();
    std::string p;
    switch (opt_.placeholder) {
      case SqlPlaceholder::Named: p = fmt::format(":p{}", n); break;
      case SqlPlaceholder::Dollar: p = fmt::format("${}", n); break;
      case SqlPlaceholder::Question: p = "?"; break;
    }
    // PostgreSQL infers an untyped parameter's type from its context, which a lone comparison
    // with another parameter does not give: say it.
    if (pg()) return fmt::format("CAST({} AS {})", p, pg_type);
    return p;
  }

  Result<std::string> literal(const Value& v) {
    if (const auto* b = std::get_if<bool>(&v)) {
      if (!opt_.inline_literals) {
        params_.emplace_back(*b);
        return placeholder("BOOLEAN");
      }
      if (pg()) return std::string{*b ? "TRUE" : "FALSE"};
      return std::string{*b ? "1" : "0"};
    }
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
      if (!opt_.inline_literals) {
        params_.emplace_back(*i);
        return placeholder("BIGINT");
      }
      // Negative numbers in parentheses: "a - -5" must never become the comment "a --5".
      return *i < 0 ? fmt::format("({})", *i) : fmt::format("{}", *i);
    }
    if (const auto* d = std::get_if<double>(&v)) {
      if (!opt_.inline_literals) {
        params_.emplace_back(*d);
        return placeholder("DOUBLE PRECISION");
      }
      // Shortest text that reads back as the same double; with a point so SQL reads a REAL.
      std::string text = fmt::format("{}", *d);
      if (text.find_first_of(".eE") == std::string::npos) text += ".0";
      return *d < 0 ? "(" + text + ")" : text;
    }
    if (const auto* s = std::get_if<std::string>(&v)) return string_literal(*s);
    return Error::internal("a null constant in a checked rule");
  }

  Result<std::string> string_literal(const std::string& s) {
    if (s.find('\0') != std::string::npos)
      return Error::invalid_argument("rule", "a string with a NUL character cannot be written as SQL");
    if (!opt_.inline_literals) {
      params_.emplace_back(s);
      return placeholder("TEXT");
    }
    std::string out = "'";
    for (const char ch : s) {
      if (ch == '\'') out.push_back('\'');
      out.push_back(ch);
    }
    out.push_back('\'');
    return out;
  }

  std::string to_real(const std::string& x) const {
    return fmt::format("CAST({} AS {})", x, pg() ? "DOUBLE PRECISION" : "REAL");
  }

  // year() / month() of epoch days, null outside 0001-9999 (program.hpp). The operand is written
  // twice, each time with its own parameters, so that "?" placeholders stay in order.
  Result<std::string> civil(std::uint32_t arg, bool year) {
    INSCRM_TRY(const std::string tested, expr(arg));
    INSCRM_TRY(const std::string x, expr(arg));
    const std::string guard = fmt::format("{} BETWEEN {} AND {}", tested, detail::kFirstDay, detail::kLastDay);
    if (pg())
      return fmt::format("(CASE WHEN {} THEN CAST(EXTRACT({} FROM DATE '1970-01-01' + CAST({} AS INTEGER)) AS BIGINT) END)",
                         guard, year ? "YEAR" : "MONTH", x);
    return fmt::format("(CASE WHEN {} THEN CAST(strftime('{}', {} * 86400, 'unixepoch') AS INTEGER) END)", guard,
                       year ? "%Y" : "%m", x);
  }

  Result<std::string> expr(std::uint32_t i) {
    const Node& n = prog_.nodes[i];
    const auto arg = [&](int k) { return expr(n.args[k]); };
    switch (n.op) {
      case Op::Column: return column(n.fact);
      case Op::Const: return literal(n.value);
      case Op::Add:
      case Op::Sub:
      case Op::Mul: {
        INSCRM_TRY(const std::string a, arg(0));
        INSCRM_TRY(const std::string b, arg(1));
        return fmt::format("({} {} {})", a, n.op == Op::Add ? "+" : n.op == Op::Sub ? "-" : "*", b);
      }
      case Op::Div: {
        INSCRM_TRY(const std::string a, arg(0));
        INSCRM_TRY(const std::string b, arg(1));
        return fmt::format("({} / NULLIF({}, 0))", a, b);
      }
      case Op::Neg: {
        INSCRM_TRY(const std::string a, arg(0));
        return fmt::format("(-{})", a);
      }
      case Op::ToDecimal: {
        INSCRM_TRY(const std::string a, arg(0));
        return to_real(a);
      }
      case Op::MoneyToYuan: {
        INSCRM_TRY(const std::string a, arg(0));
        return fmt::format("({} / 100.0)", to_real(a));
      }
      case Op::YuanToMoney: {
        INSCRM_TRY(const std::string a, arg(0));
        return fmt::format("({} * 100)", a);
      }
      case Op::DaysSince: {
        INSCRM_TRY(const std::string day, literal(Value{std::int64_t{to_epoch_days(*opt_.as_of)}}));
        INSCRM_TRY(const std::string a, arg(0));
        return fmt::format("({} - {})", day, a);
      }
      case Op::Year:
      case Op::Month: return civil(n.args[0], n.op == Op::Year);
      case Op::Lower: {
        INSCRM_TRY(const std::string a, arg(0));
        if (pg()) return fmt::format("translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')", a);
        return fmt::format("lower({})", a);
      }
      case Op::SetSize: {
        INSCRM_TRY(const std::string a, arg(0));
        return fmt::format("(CASE WHEN {0} = '' THEN 0 ELSE length({0}) - length(replace({0}, '|', '')) - 1 END)", a);
      }
      case Op::Contains: {
        const auto& member = std::get<std::string>(n.value);
        if (member.find('|') != std::string::npos)
          return Error::invalid_argument("rule", fmt::format("set member '{}' contains '|', which the SQL form reserves", member));
        INSCRM_TRY(const std::string a, arg(0));
        INSCRM_TRY(const std::string needle, string_literal("|" + member + "|"));
        return fmt::format("({}({}, {}) > 0)", pg() ? "strpos" : "instr", a, needle);
      }
      case Op::Cmp: {
        INSCRM_TRY(const std::string a, arg(0));
        INSCRM_TRY(const std::string b, arg(1));
        // Byte order for strings on PostgreSQL too (its default collation is linguistic).
        const bool collate = pg() && prog_.nodes[n.args[0]].type == FactType::String && n.cmp != CmpOp::Eq &&
                             n.cmp != CmpOp::Ne;
        return fmt::format("({}{} {} {})", a, collate ? " COLLATE \"C\"" : "", cmp_text(n.cmp), b);
      }
      case Op::In: {
        INSCRM_TRY(const std::string a, arg(0));
        std::string items;
        for (const Value& item : n.list) {
          INSCRM_TRY(const std::string text, literal(item));
          if (!items.empty()) items += ", ";
          items += text;
        }
        return fmt::format("({} IN ({}))", a, items);
      }
      case Op::IsNull: {
        INSCRM_TRY(const std::string a, arg(0));
        return fmt::format("({} IS {}NULL)", a, n.negated ? "NOT " : "");
      }
      case Op::And:
      case Op::Or: {
        INSCRM_TRY(const std::string a, arg(0));
        INSCRM_TRY(const std::string b, arg(1));
        return fmt::format("({} {} {})", a, n.op == Op::And ? "AND" : "OR", b);
      }
      case Op::Not: {
        INSCRM_TRY(const std::string a, arg(0));
        return fmt::format("(NOT {})", a);
      }
    }
    return Error::internal("unknown program node");
  }

  const Program& prog_;
  const SqlOptions& opt_;
  std::vector<SqlParam> params_;
};

}  // namespace

Result<SqlWhere> to_sql(const Rule& rule, const SqlOptions& options) { return Writer{rule.program(), options}.run(); }

std::string encode_string_set(std::span<const std::string> members) {
  std::string out = "|";
  for (const auto& m : members) {
    out += m;
    out += '|';
  }
  return out;
}

}  // namespace inscrm::rules
