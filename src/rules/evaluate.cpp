// The columnar evaluator (evaluate.hpp). A checked program is bound to a portfolio's columns as a
// flat list of kernels; each kernel is one loop over up to kChunk rows of contiguous arrays, so
// the per-row cost is a few vector instructions and the per-kernel dispatch is paid per chunk.
//
// Registers hold one chunk each: truth bytes (0 false, 1 unknown, 2 true), validity bytes
// (1 = has a value), int64 values and double values. A value kernel computes every row, nulls
// included (their array slots hold 0, and arithmetic wraps, so nothing can trap), and validity is
// carried beside it; truth kernels turn invalid rows into 1 (unknown) at the end.

#include <inscrm/rules/evaluate.hpp>

#include "rules/program.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <deque>
#include <exception>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <system_error>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#include <immintrin.h>  // the AVX2 and AVX-512 intrinsics, usable under #pragma GCC target
#endif

namespace inscrm::rules {

namespace {


using detail::CmpOp;
using detail::Node;
using detail::Op;
using detail::Program;
using detail::Value;

constexpr std::size_t kChunk = 1024;
// From this many rows on, kernels prefetch the next chunk of their columns (columnar.ipp,
// prefetch_next): measured to help on 10M rows and to hurt on 2M.
constexpr std::size_t kPrefetchRows = 4'000'000;

// --- resolving facts -------------------------------------------------------------------------------

Result<FactId> resolve(const Node& n, const Portfolio& p) {
  const auto id = p.find(n.fact);
  if (!id) return Error::invalid_argument("rule", fmt::format("fact '{}' is not in this portfolio", n.fact));
  const FactType have = p.registry()[*id].type;
  if (have != n.type)
    return Error::invalid_argument("rule", fmt::format("fact '{}' is {} in this portfolio, but the rule was checked with it as {}",
                                                       n.fact, to_string(have), to_string(n.type)));
  return *id;
}

// A portfolio value as the program's physical value.
Value program_value(const FactValue& v) {
  struct Visitor {
    Value operator()(std::monostate) const { return std::monostate{}; }
    Value operator()(bool b) const { return b; }
    Value operator()(std::int64_t i) const { return i; }
    Value operator()(double d) const { return d; }
    Value operator()(const Date& d) const { return std::int64_t{to_epoch_days(d)}; }
    Value operator()(const Money& m) const { return m.minor; }
    Value operator()(const std::string& s) const { return s; }
    Value operator()(const std::vector<std::string>& s) const { return s; }
  };
  return std::visit(Visitor{}, v);
}

// The row ranges a call is split into: whole chunks (so every range starts on a Selection word and
// no two ranges write the same word), as many ranges as the options allow and the rows justify.
struct Part {
  std::size_t row0 = 0;
  std::size_t row1 = 0;
};

std::vector<Part> split(std::size_t rows, const EvalOptions& options) {
  const std::size_t wanted =
      options.threads == 0 ? std::max<std::size_t>(1, std::thread::hardware_concurrency()) : options.threads;
  const std::size_t chunks = (rows + kChunk - 1) / kChunk;
  const std::size_t most = std::max<std::size_t>(1, std::min(wanted, chunks));
  const std::size_t parts = std::clamp<std::size_t>(rows / std::max<std::size_t>(options.min_rows_per_thread, 1), 1, most);
  std::vector<Part> out(parts);
  for (std::size_t i = 0; i < parts; ++i) {
    out[i].row0 = std::min(rows, chunks * i / parts * kChunk);
    out[i].row1 = std::min(rows, chunks * (i + 1) / parts * kChunk);
  }
  return out;
}

// Runs body(i) for every part: the first on the caller's thread, the others on threads started
// here and joined before returning. A thread that cannot be started leaves its part to the caller;
// an exception (bad_alloc) thrown by a part is rethrown here once every thread has been joined.
template <class Body>
void run_parts(std::size_t parts, Body&& body) {
  if (parts <= 1) {
    if (parts == 1) body(std::size_t{0});
    return;
  }
  std::vector<std::exception_ptr> errors(parts);
  const auto guarded = [&](std::size_t i) {
    try {
      body(i);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(parts - 1);
  std::vector<std::size_t> left;
  for (std::size_t i = 1; i < parts; ++i) {
    try {
      threads.emplace_back(guarded, i);
    } catch (const std::system_error&) {
      left.push_back(i);
    }
  }
  guarded(0);
  for (const std::size_t i : left) guarded(i);
  for (auto& t : threads) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace

// The evaluator once per instruction set (columnar.ipp). Baseline x86-64 is what the library is
// built for and runs everywhere; the AVX2 and AVX-512 copies only run where the CPU (and the OS,
// which __builtin_cpu_supports checks too) has them. GCC only: other compilers get the baseline.
#define INSCRM_RULES_ISA 0
namespace isa_baseline {
#include "rules/columnar.ipp"
}  // namespace isa_baseline
#undef INSCRM_RULES_ISA

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define INSCRM_RULES_DISPATCH 1
#pragma GCC push_options
#pragma GCC target("avx2,bmi,bmi2,popcnt,lzcnt,fma")
#define INSCRM_RULES_ISA 1
namespace isa_avx2 {
#include "rules/columnar.ipp"
}  // namespace isa_avx2
#undef INSCRM_RULES_ISA
#pragma GCC pop_options
#pragma GCC push_options
#pragma GCC target("avx2,bmi,bmi2,popcnt,lzcnt,fma,avx512f,avx512bw,avx512vl,avx512dq,avx512cd")
#define INSCRM_RULES_ISA 2
namespace isa_avx512 {
#include "rules/columnar.ipp"
}  // namespace isa_avx512
#undef INSCRM_RULES_ISA
#pragma GCC pop_options
#else
#define INSCRM_RULES_DISPATCH 0
#endif

namespace {

// The widest kernels this CPU runs, found once.
Kernels best_kernels() noexcept {
#if INSCRM_RULES_DISPATCH
  static const Kernels best = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt") &&
        __builtin_cpu_supports("lzcnt") && __builtin_cpu_supports("fma"))
      return Kernels::Avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
        __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("lzcnt") && __builtin_cpu_supports("fma"))
      return Kernels::Avx2;
    return Kernels::Baseline;
  }();
  return best;
#else
  return Kernels::Baseline;
#endif
}

}  // namespace

Kernels resolve_kernels(Kernels wanted) noexcept {
  const Kernels best = best_kernels();
  if (wanted == Kernels::Best) return best;
  return static_cast<std::uint8_t>(wanted) <= static_cast<std::uint8_t>(best) ? wanted : best;
}


Result<Selection> evaluate(const Rule& rule, const Portfolio& p) { return evaluate(rule, p, EvalOptions{}); }

Result<Selection> evaluate(const Rule& rule, const Portfolio& p, const EvalOptions& options) {
  const std::vector<Part> parts = split(p.size(), options);
  switch (resolve_kernels(options.kernels)) {
#if INSCRM_RULES_DISPATCH
    case Kernels::Avx512: return isa_avx512::evaluate_parts(rule, p, parts);
    case Kernels::Avx2: return isa_avx2::evaluate_parts(rule, p, parts);
#endif
    default: return isa_baseline::evaluate_parts(rule, p, parts);
  }
}

Result<std::optional<bool>> evaluate_row(const Rule& rule, const Portfolio& p, std::size_t row) {
  if (row >= p.size())
    return Error::invalid_argument("row", fmt::format("row {} is past the {} rows", row, p.size()));
  const Program& prog = rule.program();
  std::unordered_map<std::string, FactId> ids;
  for (const auto& n : prog.nodes) {
    if (n.op != Op::Column) continue;
    INSCRM_TRY(const FactId id, resolve(n, p));
    ids.emplace(n.fact, id);
  }
  const Value v = detail::eval_row(prog, prog.root, to_epoch_days(p.as_of()),
                                   [&](const Node& n) { return program_value(p.value(ids.at(n.fact), row)); });
  if (const auto* b = std::get_if<bool>(&v)) return std::optional<bool>{*b};
  return std::optional<bool>{};
}

std::vector<CustomerId> customers_of(const Selection& s, const Portfolio& p) {
  std::vector<CustomerId> out;
  for (const std::uint32_t row : s.rows())
    if (row < p.size()) out.push_back(p.customer(row));
  return out;
}

namespace {

// The selected rows of one part of a count_by, per dictionary code (strings and string sets) or
// per value (the other types), and the selected rows without a value.
struct Tally {
  std::vector<std::size_t> per_code;
  std::map<std::int64_t, std::size_t> ints;
  std::map<double, std::size_t> reals;
  std::size_t nulls = 0;
};

// Walks the selection's words of rows [row0, row1) (row0 a multiple of 64) a word at a time: the
// null rows counted at once by a popcount against the validity bitmap, then the other rows one
// set bit at a time. No list of row numbers is built.
void tally(const Column& c, std::span<const std::uint64_t> selected, std::size_t row0, std::size_t row1, Tally& t) {
  std::visit(
      [&](const auto& v) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        for (std::size_t w = row0 / 64; w < (row1 + 63) / 64; ++w) {
          std::uint64_t bits = selected[w];
          if (bits == 0) continue;
          if (c.has_nulls()) {
            t.nulls += static_cast<std::size_t>(std::popcount(bits & ~c.validity[w]));
            bits &= c.validity[w];
          }
          for (; bits != 0; bits &= bits - 1) {
            const std::size_t row = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
            if constexpr (std::is_floating_point_v<T>) {
              ++t.reals[v[row]];
            } else if constexpr (std::is_unsigned_v<T>) {
              if (c.type == FactType::String) {
                ++t.per_code[static_cast<std::size_t>(v[row])];
              } else if (c.type == FactType::StringSet) {
                for (std::size_t k = 0; k < c.set_words; ++k)
                  for (auto m = static_cast<std::uint64_t>(v[row * c.set_words + k]); m != 0; m &= m - 1)
                    ++t.per_code[k * 64 + static_cast<std::size_t>(std::countr_zero(m))];
              } else {
                ++t.ints[static_cast<std::int64_t>(v[row])];
              }
            } else {
              ++t.ints[static_cast<std::int64_t>(v[row])];
            }
          }
        }
      },
      c.data);
}

}  // namespace

Result<std::vector<GroupCount>> count_by(const Selection& s, const Portfolio& p, std::string_view fact) {
  return count_by(s, p, fact, EvalOptions{});
}

Result<std::vector<GroupCount>> count_by(const Selection& s, const Portfolio& p, std::string_view fact,
                                         const EvalOptions& options) {
  const auto id = p.find(fact);
  if (!id) return Error::invalid_argument("fact", fmt::format("fact '{}' is not in this portfolio", fact));
  if (s.size() != p.size())
    return Error::invalid_argument("selection", fmt::format("a selection of {} rows for a portfolio of {}", s.size(), p.size()));
  const Column& c = p.column(*id);
  const bool coded = c.type == FactType::String || c.type == FactType::StringSet;
  if (coded && !std::visit([](const auto& v) { return std::is_unsigned_v<typename std::decay_t<decltype(v)>::value_type>; }, c.data))
    return Error::internal("string column without codes");
  const std::vector<Part> parts = split(p.size(), options);
  std::vector<Tally> tallies(parts.size());
  for (Tally& t : tallies)
    if (coded) t.per_code.assign(c.dictionary.size(), 0);
  run_parts(parts.size(), [&](std::size_t i) { tally(c, s.words(), parts[i].row0, parts[i].row1, tallies[i]); });

  // The parts' tallies merged into the first.
  Tally& all = tallies.front();
  for (std::size_t i = 1; i < tallies.size(); ++i) {
    const Tally& t = tallies[i];
    all.nulls += t.nulls;
    for (std::size_t code = 0; code < t.per_code.size(); ++code) all.per_code[code] += t.per_code[code];
    for (const auto& [key, count] : t.ints) all.ints[key] += count;
    for (const auto& [key, count] : t.reals) all.reals[key] += count;
  }
  std::vector<GroupCount> out;
  if (coded) {
    for (std::size_t code = 0; code < all.per_code.size(); ++code)
      if (all.per_code[code] > 0) out.emplace_back(c.dictionary[code], all.per_code[code]);
    std::sort(out.begin(), out.end(), [](const GroupCount& a, const GroupCount& b) {
      return std::get<std::string>(a.key) < std::get<std::string>(b.key);
    });
  } else {
    for (const auto& [key, count] : all.reals) out.emplace_back(key, count);
    for (const auto& [key, count] : all.ints) {
      FactValue k;
      switch (c.type) {
        case FactType::Bool: k = key != 0; break;
        case FactType::Day: k = from_epoch_days(static_cast<int>(key)); break;
        case FactType::Money: k = Money::cny(key); break;
        default: k = key; break;
      }
      out.emplace_back(std::move(k), count);
    }
  }
  if (all.nulls > 0) out.emplace(out.begin(), std::monostate{}, all.nulls);
  return out;
}

}  // namespace inscrm::rules
