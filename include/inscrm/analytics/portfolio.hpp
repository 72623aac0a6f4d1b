#pragma once
// architecture.md: rules/ and analytics/ work on a columnar snapshot of the portfolio and never
// touch storage. A Portfolio is that snapshot: one row per customer, one contiguous array per fact,
// strings dictionary-encoded, so that a segment rule (domain.md C8, C9) scans a few bytes per
// customer instead of loading aggregates.
//
// Physical layout (Column). Values are narrowed to the smallest width that holds every value in
// the column, so that the standard facts stay within 64 bytes per customer (test_portfolio.cpp
// measures it); a later value that does not fit widens the whole column once.
//   fact type   logical value                  array element
//   Bool        true / false                   uint8 (0 or 1)
//   Int         int64                          int8 / int16 / int32 / int64
//   Decimal     binary double                  double
//   Day         civil date                     int32 days since 1970-01-01
//   Money       CNY minor units (fen)          int8 / int16 / int32 / int64
//   String      text                           uint8 / uint16 / uint32 code into `dictionary`
//   StringSet   set of texts                   bitmask over `dictionary`: uint8 … uint64, or
//                                              `set_words` uint64 words per row past 64 members
// Nulls: a validity bitmap per column (bit r set = row r has a value), allocated only once a null
// is stored; the array slot of a null row holds 0. Sentinels were rejected because narrowed widths
// leave no value free to serve as one.
//
// Threading: a Portfolio is a value; concurrent reads are safe, writes need the caller's lock.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/domain/customer.hpp>
#include <inscrm/domain/payment.hpp>
#include <inscrm/domain/policy.hpp>
#include <inscrm/domain/product.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace inscrm {

// The names are what the rule language prints in type errors ("gender (string)").
// `Day` rather than `Date` only because an enumerator may not shadow the inscrm::Date alias.
enum class FactType { Bool, Int, Decimal, Day, Money, String, StringSet };
INSCRM_ENUM_TEXT(FactType, "boolean", "integer", "decimal", "date", "money", "string", "string_set")

// Index of a fact in its registry (and of its column in a Portfolio).
using FactId = std::uint32_t;

struct FactInfo {
  std::string name;
  FactType type = FactType::Int;
};

// Name -> type of every fact a rule may read. The standard facts come first, in a fixed order, so
// their ids are the constants in `fact::` below; hosts add their own after them.
class FactRegistry {
 public:
  FactRegistry() = default;
  // The 23 standard customer facts (see `fact::`).
  static FactRegistry standard();

  // Names are lower-case ASCII: [a-z][a-z0-9_]*, at most 64 characters, not a keyword of the
  // rule language. InvalidArgument for a bad name, AlreadyExists when it is taken.
  Result<FactId> add(std::string name, FactType type);

  std::optional<FactId> find(std::string_view name) const noexcept;
  const FactInfo& operator[](FactId id) const { return facts_.at(id); }
  std::size_t size() const noexcept { return facts_.size(); }
  std::span<const FactInfo> facts() const noexcept { return facts_; }
  // The registered name closest to `name` (edit distance at most 2), for "did you mean" hints.
  std::optional<std::string> nearest(std::string_view name) const;

 private:
  std::vector<FactInfo> facts_;
};

// Ids of the standard facts in FactRegistry::standard() and in every Portfolio.
namespace fact {
inline constexpr FactId age = 0;                      // Int: completed years at as_of; null without a birth date
inline constexpr FactId gender = 1;                   // String: Gender text ("male", "female", "unknown")
inline constexpr FactId region = 2;                   // String: GB/T 2260 code; null when not recorded
inline constexpr FactId province = 3;                 // String: first two digits of region + "0000"
inline constexpr FactId annual_income = 4;            // Money; null when unknown or not CNY
inline constexpr FactId tenure_years = 5;             // Int: completed years since the first issued policy took effect
inline constexpr FactId policies_in_force = 6;        // Int: held policies in force (in_force(status))
inline constexpr FactId products_held = 7;            // StringSet: product codes of held policies in force
inline constexpr FactId lines_held = 8;               // StringSet: LineOfBusiness texts of those products
inline constexpr FactId annual_premium = 9;           // Money: annualised premium of held policies in force
inline constexpr FactId total_premium_paid = 10;      // Money: payments on held policies, paid on or before as_of
inline constexpr FactId days_since_last_payment = 11; // Int: as_of - latest paid_on; null if none
inline constexpr FactId stage = 12;                   // String: CustomerStage text
inline constexpr FactId source = 13;                  // String: Source text
inline constexpr FactId org_unit = 14;                // Int: OrgUnitId value; null when unassigned
inline constexpr FactId agent = 15;                   // Int: AgentId value; null when none
inline constexpr FactId has_lapsed_policy = 16;       // Bool: a held policy is now Lapsed
inline constexpr FactId open_complaints = 17;         // Int, 0 until complaints (C5) fill it (service_facts.hpp)
inline constexpr FactId nps = 18;                     // Int 0..10, null until surveys (C6) fill it (service_facts.hpp)
inline constexpr FactId points = 19;                  // Int, 0 until loyalty (C7) fills it
inline constexpr FactId tier = 20;                    // String, "standard" until loyalty (C7) fills it
inline constexpr FactId last_contact = 21;            // Date, null until interactions fill it (service_facts.hpp)
inline constexpr FactId value_tier = 22;              // Int 1..5, null until analytics (C8) fills it
inline constexpr std::size_t standard_count = 23;
}  // namespace fact

using ColumnData = std::variant<std::vector<std::int8_t>, std::vector<std::int16_t>, std::vector<std::int32_t>,
                                std::vector<std::int64_t>, std::vector<std::uint8_t>, std::vector<std::uint16_t>,
                                std::vector<std::uint32_t>, std::vector<std::uint64_t>, std::vector<double>>;

// One fact's values for every row; the layout table is at the top of this file.
struct Column {
  FactType type = FactType::Int;
  ColumnData data;
  std::size_t set_words = 1;             // StringSet past 64 members: uint64 words per row
  std::vector<std::uint64_t> validity;   // empty = no nulls
  std::vector<std::string> dictionary;   // String: code -> text; StringSet: bit -> text

  bool has_nulls() const noexcept { return !validity.empty(); }
  bool is_null(std::size_t row) const noexcept {
    return !validity.empty() && ((validity[row / 64] >> (row % 64)) & 1u) == 0;
  }
};

// A fact's value in one row, as a host sees it. monostate = null.
using FactValue = std::variant<std::monostate, bool, std::int64_t, double, Date, Money, std::string,
                               std::vector<std::string>>;

class Portfolio {
 public:
  Portfolio() = default;
  // Rows for the given customers (row i is customers[i]; ids are expected to be unique), every
  // fact of `registry` null. Derived facts such as age are relative to `as_of`.
  Portfolio(std::vector<CustomerId> customers, Date as_of, FactRegistry registry = FactRegistry::standard());

  // The standard facts of `customers` as of a day, from their policies (as holder), the payments
  // on those policies and the product catalogue, as the storage port returns them. Records that
  // refer to a customer or policy outside the spans are ignored; amounts not in CNY are left out
  // (the snapshot is of a CNY book); payments made after as_of are not yet history.
  static Portfolio build(std::span<const Customer> customers, std::span<const Policy> policies,
                         std::span<const Payment> payments, std::span<const Product> products, Date as_of);

  std::size_t size() const noexcept { return customers_.size(); }
  Date as_of() const noexcept { return as_of_; }
  const FactRegistry& registry() const noexcept { return registry_; }
  std::span<const CustomerId> customers() const noexcept { return customers_; }
  CustomerId customer(std::size_t row) const { return customers_.at(row); }
  std::optional<std::size_t> row_of(CustomerId id) const noexcept;

  // A host fact; every row starts null. Same naming rules as FactRegistry::add.
  Result<FactId> register_fact(std::string name, FactType type);
  std::optional<FactId> find(std::string_view name) const noexcept { return registry_.find(name); }
  const Column& column(FactId id) const { return columns_.at(id); }

  // The alternative must match the fact's type (Int takes int64_t, Money takes CNY Money,
  // StringSet takes vector<string>, Decimal also takes int64_t); monostate stores null.
  Result<void> set(FactId id, std::size_t row, const FactValue& value);
  // Replaces an Int fact's whole column at once (scores, tiers): one value per row, nullopt = null.
  Result<void> set_ints(FactId id, std::span<const std::optional<std::int64_t>> values);
  // The same for a date fact (last contact, a host's dates): one day per row, nullopt = null.
  Result<void> set_days(FactId id, std::span<const std::optional<Date>> values);
  FactValue value(FactId id, std::size_t row) const;

  // Bytes held: every column's arrays, bitmaps and dictionaries plus the customer ids.
  std::size_t memory_bytes() const noexcept;

 private:
  Result<void> check_target(FactId id, std::size_t row) const;
  std::uint32_t intern(FactId id, std::string_view text);

  Date as_of_{};
  FactRegistry registry_;
  std::vector<CustomerId> customers_;
  std::vector<Column> columns_;
  // Text -> code per String / StringSet column; built on the first set() that needs it.
  std::vector<std::unordered_map<std::string, std::uint32_t>> codes_;
  // Row order by id when customers_ is not already sorted (row_of is a binary search either way).
  std::vector<std::uint32_t> by_id_;
};

}  // namespace inscrm
