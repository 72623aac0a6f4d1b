#pragma once
// domain.md C9: evaluating a checked rule over a whole Portfolio, "many million customers per
// second". The program is bound to the portfolio's columns once per call (kernels picked by column
// width, string predicates turned into per-dictionary-code lookup tables), then run over chunks of
// 1024 rows: each step is one tight loop over contiguous arrays writing a byte per row (0 false,
// 1 unknown, 2 true; `and` = min, `or` = max, `not` = 2 - x), which compilers vectorise. No
// per-row dispatch, no per-row tree walk. The kernels are built for baseline x86-64 and, with GCC
// on x86-64, also for AVX2 and AVX-512; the widest the CPU runs is chosen at run time (once).
// Results are identical whichever runs.
//
// Threads: by default everything runs on the caller's thread (no hidden threads, domain.md). With
// EvalOptions::threads != 1, a large portfolio is split into row ranges that std::threads started
// for the call evaluate side by side, joined before it returns. The Rule and the Portfolio are only
// read: any number of calls may run at once on the same ones, provided nobody modifies them.
//
// A rule checked against one registry runs on any portfolio whose registry has the facts it reads,
// by name, with the same types; otherwise InvalidArgument (field "rule").

#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/rules/rule.hpp>
#include <inscrm/rules/selection.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <string_view>
#include <vector>

namespace inscrm::rules {

// The instruction set of evaluate()'s kernels. Best: the widest this CPU runs. The others ask for
// that one or, where the CPU lacks it, the widest below it that it runs (Baseline runs anywhere).
// The answer never depends on it: it is for comparing timings and for tests.
enum class Kernels : std::uint8_t { Baseline, Avx2, Avx512, Best };

// What evaluate() would run for `wanted` on this CPU (never Best).
Kernels resolve_kernels(Kernels wanted) noexcept;

// How evaluate() and count_by() may use threads, and which kernels evaluate() runs.
struct EvalOptions {
  // Threads to split the rows over, the caller's included: 0 = std::thread::hardware_concurrency(),
  // 1 = the caller's thread only.
  unsigned threads = 1;
  // Each thread gets at least this many rows, so that thread start-up (tens of microseconds) never
  // outweighs the work: portfolios below twice this stay on the caller's thread whatever `threads`.
  std::size_t min_rows_per_thread = std::size_t{512} * 1024;
  Kernels kernels = Kernels::Best;
};

// Rows where the rule is true (unknown is not selected). Date functions count from p.as_of().
Result<Selection> evaluate(const Rule& rule, const Portfolio& p);
// The same selection, computed with the threads and the kernels `options` asks for.
Result<Selection> evaluate(const Rule& rule, const Portfolio& p, const EvalOptions& options);

// One row, the slow and simple way: true, false, or nullopt for unknown. For explaining a single
// customer's membership; it is also the reference the columnar evaluator is tested against.
Result<std::optional<bool>> evaluate_row(const Rule& rule, const Portfolio& p, std::size_t row);

// The customers of the selected rows, in row order.
std::vector<CustomerId> customers_of(const Selection& s, const Portfolio& p);

struct GroupCount {
  FactValue key;  // monostate = the rows where the fact is null
  std::size_t count = 0;

  GroupCount() = default;
  GroupCount(FactValue k, std::size_t n) : key(std::move(k)), count(n) {}
  friend bool operator==(const GroupCount&, const GroupCount&) = default;
};

// Selected rows per value of a fact, ordered by key (null first): "members per region". For a
// string-set fact a row counts once under each member (members per product held), and rows with
// an empty set are not counted.
Result<std::vector<GroupCount>> count_by(const Selection& s, const Portfolio& p, std::string_view fact);
// The same counts, computed with the threads `options` allows.
Result<std::vector<GroupCount>> count_by(const Selection& s, const Portfolio& p, std::string_view fact,
                                         const EvalOptions& options);

}  // namespace inscrm::rules
