#pragma once
// domain.md C9 / architecture.md: a checked rule written as a SQL WHERE clause, so that a database
// adapter evaluates a segment where the data lives. The clause means exactly what evaluate() means
// on a Portfolio of the same facts (test_rules_sql.cpp runs a corpus both ways on SQLite).
//
// Storage::Transaction::rule_members runs a rule this way over the SQL adapters' `customer_facts`
// view (migration 0003_segments), and tests/storage/conformance_segments.cpp holds it to the
// columnar result on SQLite and PostgreSQL for a corpus of rules over generated books.
//
// What an adapter must provide: a relation (table or view; the adapters call it `customer_facts`)
// with one row per customer and one column per fact, named as the fact unless
// SqlOptions::columns says otherwise, holding the values a Portfolio would hold as of the same day:
//   fact type   SQLite column                  PostgreSQL column
//   Bool        INTEGER 0 / 1                  BOOLEAN
//   Int         INTEGER                        BIGINT
//   Decimal     REAL                           DOUBLE PRECISION
//   Day         INTEGER days since 1970-01-01  INTEGER (or BIGINT) days since 1970-01-01
//   Money       INTEGER fen (CNY minor units)  BIGINT fen
//   String      TEXT                           TEXT
//   StringSet   TEXT: members each followed and preceded by '|', e.g. '|CI-2023|WL-2024|';
//               the empty set is '|' (or ''); encode_string_set() writes it. Members may not
//               contain '|'.
// NULL wherever the Portfolio has null (portfolio.hpp documents each standard fact: age without a
// birth date, region not recorded, no payment yet…). Derived facts (age, tenure_years,
// days_since_last_payment) are as of the day the adapter computes them; days_since() in a rule
// counts from SqlOptions::as_of, which should be that same day.
//
// Literals are bound parameters by default (SqlWhere::params, in placeholder order); with
// inline_literals they are written into the text, strings quoted by doubling quotes (PostgreSQL
// with standard_conforming_strings on, its default since 9.1). Identifiers are always
// double-quoted. Nothing of the rule's text reaches the SQL unescaped.
//
// How meanings are kept equal: division is `CAST(a AS REAL) / NULLIF(b, 0)` (null on zero, as
// evaluate does), fen become yuan by `/ 100.0`, string order comparisons use COLLATE "C" on
// PostgreSQL (byte order, as SQLite's BINARY), lower() is ASCII-only on both (translate() on
// PostgreSQL), year()/month() are null outside years 0001-9999 on both.
// Not kept equal (found by tests/fuzz/fuzz_rules.cpp): integer arithmetic that overflows 64 bits.
// Evaluated columnar it wraps, SQLite turns the value into a REAL, PostgreSQL fails the query with
// "bigint out of range"; such a rule has no defined answer, so keep products of facts in range.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/rules/rule.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace inscrm::rules {

enum class SqlDialect { Sqlite, PostgreSql };
// How bound parameters are written: ":p1" (SOCI, and SQLite's own API), "$1" (libpq), "?".
enum class SqlPlaceholder { Named, Dollar, Question };

}  // namespace inscrm::rules

namespace inscrm {  // INSCRM_ENUM_TEXT specialises inscrm::EnumText
INSCRM_ENUM_TEXT(rules::SqlDialect, "sqlite", "postgresql")
INSCRM_ENUM_TEXT(rules::SqlPlaceholder, "named", "dollar", "question")
}  // namespace inscrm

namespace inscrm::rules {

struct SqlOptions {
  SqlDialect dialect = SqlDialect::Sqlite;
  SqlPlaceholder placeholder = SqlPlaceholder::Named;
  bool inline_literals = false;
  std::string table_alias;                                   // "f" -> "f"."age"
  std::map<std::string, std::string, std::less<>> columns;  // fact -> column name, when they differ
  std::optional<Date> as_of;                                 // required when rule.uses_as_of()
};

// A bound parameter's value: integers are also fen and epoch days.
using SqlParam = std::variant<bool, std::int64_t, double, std::string>;

struct SqlWhere {
  std::string text;              // a boolean expression, fully parenthesised
  std::vector<SqlParam> params;  // params[0] binds :p1 / $1 / the first ?
};

// InvalidArgument (field "as_of") when the rule needs a date and none is given; (field "rule")
// for a string that cannot be written safely (a NUL byte, a set member containing '|').
Result<SqlWhere> to_sql(const Rule& rule, const SqlOptions& options = {});

// '|a|b|' for {a, b}; '|' for the empty set.
std::string encode_string_set(std::span<const std::string> members);

}  // namespace inscrm::rules
