#pragma once
// domain.md C9: a rule checked against the known customer facts. check() turns a syntax tree into
// a typed program once; evaluate.hpp runs it over a Portfolio, sql.hpp writes it as a WHERE clause.
//
// Types. Facts have the types of their registry (portfolio.hpp); literals are integer (30),
// decimal (30.5), string ('SH'), boolean (true), date (date'2026-01-01'). A rule must be a
// condition (boolean).
//   - Money is compared and computed in yuan: `annual_premium > 10000` means more than 10,000.00
//     yuan. Amounts stay exact (fen) under + and - with amounts or numbers, and under * by an
//     integer; `/` and * by a decimal give a decimal number of yuan. A decimal with more than two
//     places compares exactly against fen (`> 0.295` means `>= 0.30`), and `=` / `in` refuse it.
//   - `/` always divides as decimals (7 / 2 = 3.5); dividing by zero gives null.
//   - Dates compare with dates; a quoted 'YYYY-MM-DD' string next to a date is read as a date.
//     date ± integer is a date, date - date an integer number of days.
//   - Strings compare by bytes (UTF-8 code points in order), case-sensitively; lower() folds
//     ASCII letters only, so SQLite and PostgreSQL agree.
//   - Booleans compare only with = and !=.
// Functions (case-insensitive):
//   days_since(date) integer      days from the date to the portfolio's as_of date
//   year(date), month(date)       integer
//   lower(string)                 string
//   size(set)                     integer: members of a string-set fact
//   contains(set, 'x')            boolean: 'x' is a member of the set fact
//   has_product('WL-2024')        contains(products_held, 'WL-2024')
//   has_line('life')              contains(lines_held, 'life')
// Nulls follow SQL's three-valued logic: a comparison, arithmetic or function with a null operand
// is unknown; `not unknown` is unknown; `false and unknown` is false, `true or unknown` is true;
// a rule selects the rows where it is true. `x in (…)` with x null is unknown; `is null` is never
// unknown. The null literal exists only in `is [not] null`.
//
// Type errors are InvalidArgument, field "rule", positioned like parse errors and naming the fact:
//   "line 1, column 1: unknown fact 'agee' (did you mean 'age'?)"
//   "line 1, column 1: cannot compare gender (string) with 30 (integer)"

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/rules/ast.hpp>

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace inscrm::rules {

namespace detail {
struct Program;  // the typed program (src/rules/program.hpp)
}

// A checked rule: immutable, cheap to copy, shareable between threads.
class Rule {
 public:
  explicit Rule(std::shared_ptr<const detail::Program> program) : program_(std::move(program)) {}

  const std::string& text() const noexcept;
  // The facts it reads, sorted: an evaluator or a SQL view must provide these.
  std::span<const std::string> facts() const noexcept;
  // Whether the result depends on the evaluation date (days_since); SQL needs SqlOptions::as_of.
  bool uses_as_of() const noexcept;

  const detail::Program& program() const noexcept { return *program_; }

 private:
  std::shared_ptr<const detail::Program> program_;
};

Result<Rule> check(const Ast& ast, const FactRegistry& registry);
// parse + check.
Result<Rule> compile(std::string_view text, const FactRegistry& registry);

}  // namespace inscrm::rules
