#include <inscrm/analytics/portfolio.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>
#include <type_traits>
#include <utility>

namespace inscrm {

namespace {

// The rule language's keywords (rules/ast.hpp): a fact named like one could never be referred to.
constexpr std::array kKeywords{std::string_view{"and"}, std::string_view{"or"},    std::string_view{"not"},
                               std::string_view{"in"},  std::string_view{"between"}, std::string_view{"is"},
                               std::string_view{"null"}, std::string_view{"true"}, std::string_view{"false"},
                               std::string_view{"date"}};

bool valid_fact_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 64 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'; });
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
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

template <class T>
using Vec = std::vector<T>;

template <class T>
constexpr bool fits(std::int64_t v) noexcept {
  return v >= std::numeric_limits<T>::min() && v <= std::numeric_limits<T>::max();
}

// The narrowest signed array that holds [lo, hi].
ColumnData signed_array(std::int64_t lo, std::int64_t hi, std::size_t n) {
  if (fits<std::int8_t>(lo) && fits<std::int8_t>(hi)) return Vec<std::int8_t>(n);
  if (fits<std::int16_t>(lo) && fits<std::int16_t>(hi)) return Vec<std::int16_t>(n);
  if (fits<std::int32_t>(lo) && fits<std::int32_t>(hi)) return Vec<std::int32_t>(n);
  return Vec<std::int64_t>(n);
}

// Codes 0..count-1 for a String column.
ColumnData code_array(std::size_t count, std::size_t n) {
  if (count <= 0x100) return Vec<std::uint8_t>(n);
  if (count <= 0x10000) return Vec<std::uint16_t>(n);
  return Vec<std::uint32_t>(n);
}

// Bitmasks over `members` bits for a StringSet column; sets `words` for more than 64 members.
ColumnData mask_array(std::size_t members, std::size_t n, std::size_t& words) {
  words = 1;
  if (members <= 8) return Vec<std::uint8_t>(n);
  if (members <= 16) return Vec<std::uint16_t>(n);
  if (members <= 32) return Vec<std::uint32_t>(n);
  words = (members + 63) / 64;
  return Vec<std::uint64_t>(n * words);
}

template <class Target>
void convert_to(ColumnData& data) {
  std::visit(
      [&](auto& old) {
        using T = typename std::decay_t<decltype(old)>::value_type;
        if constexpr (!std::is_same_v<T, Target>) data = Vec<Target>(old.begin(), old.end());
      },
      data);
}

void convert_like(ColumnData& data, const ColumnData& shape) {
  std::visit([&](const auto& s) { convert_to<typename std::decay_t<decltype(s)>::value_type>(data); }, shape);
}

std::int64_t load(const ColumnData& data, std::size_t index) {
  return std::visit(
      [&](const auto& v) -> std::int64_t {
        using T = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (std::is_same_v<T, double>) {
          return 0;
        } else {
          return static_cast<std::int64_t>(v[index]);
        }
      },
      data);
}

void store(ColumnData& data, std::size_t index, std::int64_t value) {
  std::visit(
      [&](auto& v) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        v[index] = static_cast<T>(value);
      },
      data);
}

bool holds(const ColumnData& data, std::int64_t value) {
  return std::visit(
      [&](const auto& v) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (std::is_same_v<T, double>) {
          return true;
        } else if constexpr (std::is_same_v<T, std::uint64_t>) {
          return value >= 0;
        } else {
          return fits<T>(value);
        }
      },
      data);
}

void set_valid(Column& c, std::size_t rows, std::size_t row, bool valid) {
  if (c.validity.empty()) {
    if (valid) return;
    c.validity.assign((rows + 63) / 64, ~std::uint64_t{0});
    if (rows % 64 != 0) c.validity.back() = (std::uint64_t{1} << (rows % 64)) - 1;
  }
  const std::uint64_t bit = std::uint64_t{1} << (row % 64);
  if (valid) {
    c.validity[row / 64] |= bit;
  } else {
    c.validity[row / 64] &= ~bit;
  }
}

Column empty_column(FactType type, std::size_t rows) {
  Column c;
  c.type = type;
  switch (type) {
    case FactType::Bool: c.data = Vec<std::uint8_t>(rows); break;
    case FactType::Int:
    case FactType::Money: c.data = Vec<std::int8_t>(rows); break;
    case FactType::Decimal: c.data = Vec<double>(rows); break;
    case FactType::Day: c.data = Vec<std::int32_t>(rows); break;
    case FactType::String:
    case FactType::StringSet: c.data = Vec<std::uint8_t>(rows); break;
  }
  if (rows > 0) {
    c.validity.assign((rows + 63) / 64, 0);
  }
  return c;
}

// --- building whole columns -----------------------------------------------------------------------

// Integer-like values of one column (Int, Money, Date, Bool), narrowed when finished.
struct IntColumnBuilder {
  std::vector<std::int64_t> values;
  std::vector<bool> present;

  explicit IntColumnBuilder(std::size_t rows) : values(rows, 0), present(rows, false) {}
  void set(std::size_t row, std::int64_t v) {
    values[row] = v;
    present[row] = true;
  }
  void set(std::size_t row, const std::optional<std::int64_t>& v) {
    if (v) set(row, *v);
  }

  Column finish(FactType type) const {
    Column c;
    c.type = type;
    std::int64_t lo = 0;
    std::int64_t hi = 0;
    for (std::size_t r = 0; r < values.size(); ++r) {
      lo = std::min(lo, values[r]);
      hi = std::max(hi, values[r]);
    }
    if (type == FactType::Bool) {
      c.data = Vec<std::uint8_t>(values.size());
    } else if (type == FactType::Day) {
      c.data = Vec<std::int32_t>(values.size());
    } else {
      c.data = signed_array(lo, hi, values.size());
    }
    for (std::size_t r = 0; r < values.size(); ++r) {
      store(c.data, r, values[r]);
      if (!present[r]) set_valid(c, values.size(), r, false);
    }
    return c;
  }
};

struct StringColumnBuilder {
  std::vector<std::uint32_t> codes;
  std::vector<bool> present;
  std::vector<std::string> dictionary;
  std::unordered_map<std::string, std::uint32_t> index;

  explicit StringColumnBuilder(std::size_t rows) : codes(rows, 0), present(rows, false) {}
  void set(std::size_t row, std::string_view text) {
    auto [it, inserted] = index.try_emplace(std::string{text}, static_cast<std::uint32_t>(dictionary.size()));
    if (inserted) dictionary.emplace_back(text);
    codes[row] = it->second;
    present[row] = true;
  }

  Column finish() {
    Column c;
    c.type = FactType::String;
    c.data = code_array(dictionary.size(), codes.size());
    for (std::size_t r = 0; r < codes.size(); ++r) {
      store(c.data, r, codes[r]);
      if (!present[r]) set_valid(c, codes.size(), r, false);
    }
    c.dictionary = std::move(dictionary);
    return c;
  }
};

// Sets whose member dictionary is known up front (product codes, lines of business); never null.
Column set_column(std::vector<std::string> dictionary, const std::vector<std::vector<std::uint32_t>>& members) {
  Column c;
  c.type = FactType::StringSet;
  c.data = mask_array(dictionary.size(), members.size(), c.set_words);
  const std::size_t words = c.set_words;
  std::visit(
      [&](auto& v) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (std::is_unsigned_v<T>) {
          for (std::size_t r = 0; r < members.size(); ++r)
            for (const std::uint32_t bit : members[r])
              v[r * words + bit / 64] |= static_cast<T>(T{1} << (bit % 64));
        }
      },
      c.data);
  c.dictionary = std::move(dictionary);
  return c;
}

template <class Vector>
std::size_t bytes_of(const Vector& v) noexcept {
  return v.capacity() * sizeof(typename Vector::value_type);
}

}  // namespace

// --- FactRegistry ---------------------------------------------------------------------------------

FactRegistry FactRegistry::standard() {
  FactRegistry r;
  // Order = the ids in `fact::`.
  const std::array<FactInfo, fact::standard_count> standard{{
      {"age", FactType::Int},
      {"gender", FactType::String},
      {"region", FactType::String},
      {"province", FactType::String},
      {"annual_income", FactType::Money},
      {"tenure_years", FactType::Int},
      {"policies_in_force", FactType::Int},
      {"products_held", FactType::StringSet},
      {"lines_held", FactType::StringSet},
      {"annual_premium", FactType::Money},
      {"total_premium_paid", FactType::Money},
      {"days_since_last_payment", FactType::Int},
      {"stage", FactType::String},
      {"source", FactType::String},
      {"org_unit", FactType::Int},
      {"agent", FactType::Int},
      {"has_lapsed_policy", FactType::Bool},
      {"open_complaints", FactType::Int},
      {"nps", FactType::Int},
      {"points", FactType::Int},
      {"tier", FactType::String},
      {"last_contact", FactType::Day},
      {"value_tier", FactType::Int},
  }};
  r.facts_.assign(standard.begin(), standard.end());
  return r;
}

Result<FactId> FactRegistry::add(std::string name, FactType type) {
  if (!valid_fact_name(name))
    return Error::invalid_argument(
        "name", fmt::format("fact name '{}' must be lower-case letters, digits and '_', starting with a letter", name));
  if (std::find(kKeywords.begin(), kKeywords.end(), name) != kKeywords.end())
    return Error::invalid_argument("name", fmt::format("'{}' is a keyword of the rule language", name));
  if (find(name)) return Error::already_exists("name", fmt::format("fact '{}' is already registered", name));
  facts_.push_back({std::move(name), type});
  return static_cast<FactId>(facts_.size() - 1);
}

std::optional<FactId> FactRegistry::find(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < facts_.size(); ++i)
    if (facts_[i].name == name) return static_cast<FactId>(i);
  return std::nullopt;
}

std::optional<std::string> FactRegistry::nearest(std::string_view name) const {
  std::optional<std::string> best;
  std::size_t best_distance = 3;
  for (const auto& f : facts_) {
    const std::size_t d = edit_distance(name, f.name);
    if (d < best_distance) {
      best_distance = d;
      best = f.name;
    }
  }
  return best;
}

// --- Portfolio ------------------------------------------------------------------------------------

Portfolio::Portfolio(std::vector<CustomerId> customers, Date as_of, FactRegistry registry)
    : as_of_(as_of), registry_(std::move(registry)), customers_(std::move(customers)) {
  columns_.reserve(registry_.size());
  for (const auto& f : registry_.facts()) columns_.push_back(empty_column(f.type, customers_.size()));
  codes_.resize(registry_.size());
  if (!std::is_sorted(customers_.begin(), customers_.end())) {
    by_id_.resize(customers_.size());
    for (std::size_t r = 0; r < by_id_.size(); ++r) by_id_[r] = static_cast<std::uint32_t>(r);
    std::stable_sort(by_id_.begin(), by_id_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return customers_[a] < customers_[b]; });
  }
}

Portfolio Portfolio::build(std::span<const Customer> customers, std::span<const Policy> policies,
                           std::span<const Payment> payments, std::span<const Product> products, Date as_of) {
  std::vector<CustomerId> ids;
  ids.reserve(customers.size());
  for (const auto& c : customers) ids.push_back(c.id);
  Portfolio p(std::move(ids), as_of);
  const std::size_t n = customers.size();
  const int today = to_epoch_days(as_of);

  std::unordered_map<CustomerId, std::size_t> row_by_id;
  row_by_id.reserve(n);
  for (std::size_t r = 0; r < n; ++r) row_by_id.emplace(customers[r].id, r);
  std::unordered_map<ProductId, const Product*> product_by_id;
  for (const auto& prod : products) product_by_id.emplace(prod.id, &prod);

  // Per-customer aggregates over the policies the customer holds (投保人): holder, not insured,
  // is who the CRM serves and who pays.
  std::vector<std::int64_t> in_force_count(n, 0);
  std::vector<std::uint8_t> lapsed(n, 0);
  std::vector<std::optional<Date>> first_policy(n);
  std::vector<std::int64_t> annual_premium(n, 0);
  std::vector<std::int64_t> paid(n, 0);
  std::vector<std::optional<Date>> last_paid(n);
  std::vector<std::vector<std::string_view>> held_codes(n);
  std::vector<std::vector<LineOfBusiness>> held_lines(n);
  std::unordered_map<PolicyId, std::size_t> holder_row;
  holder_row.reserve(policies.size());

  for (const auto& pol : policies) {
    const auto it = row_by_id.find(pol.holder);
    if (it == row_by_id.end()) continue;
    const std::size_t r = it->second;
    holder_row.emplace(pol.id, r);
    if (was_issued(pol.status)) {
      const Date started = pol.effective_date.value_or(pol.issue_date.value_or(pol.application_date));
      if (!first_policy[r] || started < *first_policy[r]) first_policy[r] = started;
    }
    if (pol.status == PolicyStatus::Lapsed) lapsed[r] = 1;
    if (!in_force(pol.status)) continue;
    ++in_force_count[r];
    // Annualised as PortfolioSummary does: instalment x instalments per year; a single premium
    // is not a yearly income.
    const int months = months_between_instalments(pol.frequency);
    if (months > 0 && pol.premium.currency == Currency::cny()) annual_premium[r] += pol.premium.minor * (12 / months);
    if (const auto prod = product_by_id.find(pol.product); prod != product_by_id.end()) {
      held_codes[r].push_back(prod->second->code);
      held_lines[r].push_back(prod->second->line);
    }
  }
  for (const auto& pay : payments) {
    const auto it = holder_row.find(pay.policy);
    if (it == holder_row.end() || pay.paid_on > as_of) continue;
    const std::size_t r = it->second;
    if (pay.amount.currency == Currency::cny()) paid[r] += pay.amount.minor;
    if (!last_paid[r] || pay.paid_on > *last_paid[r]) last_paid[r] = pay.paid_on;
  }

  IntColumnBuilder age(n), income(n), tenure(n), pif(n), prem(n), total(n), since_paid(n), org(n), agent(n),
      has_lapsed(n), complaints(n), points(n);
  StringColumnBuilder gender(n), region(n), province(n), stage(n), source(n), tier(n);
  for (std::size_t r = 0; r < n; ++r) {
    const Customer& c = customers[r];
    if (const auto a = age_on(c, as_of)) age.set(r, *a);
    gender.set(r, to_string(c.gender));
    if (!c.region.empty()) region.set(r, c.region);
    // GB/T 2260: the first two digits name the province; "310115" (Pudong) is in "310000".
    if (c.region.size() >= 2 && c.region[0] >= '0' && c.region[0] <= '9' && c.region[1] >= '0' && c.region[1] <= '9')
      province.set(r, c.region.substr(0, 2) + "0000");
    if (c.annual_income && c.annual_income->currency == Currency::cny()) income.set(r, c.annual_income->minor);
    if (first_policy[r]) tenure.set(r, *first_policy[r] <= as_of ? years_between(*first_policy[r], as_of) : 0);
    pif.set(r, in_force_count[r]);
    prem.set(r, annual_premium[r]);
    total.set(r, paid[r]);
    if (last_paid[r]) since_paid.set(r, today - to_epoch_days(*last_paid[r]));
    stage.set(r, to_string(c.stage));
    source.set(r, to_string(c.source));
    if (c.org_unit.valid()) org.set(r, c.org_unit.value);
    if (c.agent && c.agent->valid()) agent.set(r, c.agent->value);
    has_lapsed.set(r, lapsed[r]);
    complaints.set(r, 0);
    points.set(r, 0);
    tier.set(r, "standard");
  }

  // Set dictionaries in a stable order (codes sorted, lines in enum order) so that two snapshots
  // of the same book encode alike whatever order the store returned.
  std::vector<std::string> code_dictionary;
  for (const auto& held : held_codes)
    for (const auto code : held) code_dictionary.emplace_back(code);
  std::sort(code_dictionary.begin(), code_dictionary.end());
  code_dictionary.erase(std::unique(code_dictionary.begin(), code_dictionary.end()), code_dictionary.end());
  std::vector<std::vector<std::uint32_t>> code_bits(n);
  std::vector<std::vector<std::uint32_t>> line_bits(n);
  std::array<bool, enum_count<LineOfBusiness>()> line_used{};
  for (std::size_t r = 0; r < n; ++r) {
    for (const auto code : held_codes[r]) {
      const auto at = std::lower_bound(code_dictionary.begin(), code_dictionary.end(), code);
      code_bits[r].push_back(static_cast<std::uint32_t>(at - code_dictionary.begin()));
    }
    for (const auto line : held_lines[r]) line_used[static_cast<std::size_t>(line)] = true;
  }
  std::array<std::uint32_t, enum_count<LineOfBusiness>()> line_bit{};
  std::vector<std::string> line_dictionary;
  for (const auto line : enum_values<LineOfBusiness>()) {
    if (!line_used[static_cast<std::size_t>(line)]) continue;
    line_bit[static_cast<std::size_t>(line)] = static_cast<std::uint32_t>(line_dictionary.size());
    line_dictionary.emplace_back(to_string(line));
  }
  for (std::size_t r = 0; r < n; ++r)
    for (const auto line : held_lines[r]) line_bits[r].push_back(line_bit[static_cast<std::size_t>(line)]);

  auto& cols = p.columns_;
  cols[fact::age] = age.finish(FactType::Int);
  cols[fact::gender] = gender.finish();
  cols[fact::region] = region.finish();
  cols[fact::province] = province.finish();
  cols[fact::annual_income] = income.finish(FactType::Money);
  cols[fact::tenure_years] = tenure.finish(FactType::Int);
  cols[fact::policies_in_force] = pif.finish(FactType::Int);
  cols[fact::products_held] = set_column(std::move(code_dictionary), code_bits);
  cols[fact::lines_held] = set_column(std::move(line_dictionary), line_bits);
  cols[fact::annual_premium] = prem.finish(FactType::Money);
  cols[fact::total_premium_paid] = total.finish(FactType::Money);
  cols[fact::days_since_last_payment] = since_paid.finish(FactType::Int);
  cols[fact::stage] = stage.finish();
  cols[fact::source] = source.finish();
  cols[fact::org_unit] = org.finish(FactType::Int);
  cols[fact::agent] = agent.finish(FactType::Int);
  cols[fact::has_lapsed_policy] = has_lapsed.finish(FactType::Bool);
  cols[fact::open_complaints] = complaints.finish(FactType::Int);
  cols[fact::points] = points.finish(FactType::Int);
  cols[fact::tier] = tier.finish();
  // nps, last_contact, value_tier stay null until their capabilities fill them (service_facts.hpp
  // fills the first two from the service records).
  return p;
}

std::optional<std::size_t> Portfolio::row_of(CustomerId id) const noexcept {
  if (by_id_.empty()) {
    const auto it = std::lower_bound(customers_.begin(), customers_.end(), id);
    if (it == customers_.end() || *it != id) return std::nullopt;
    return static_cast<std::size_t>(it - customers_.begin());
  }
  const auto it = std::lower_bound(by_id_.begin(), by_id_.end(), id,
                                   [&](std::uint32_t row, CustomerId key) { return customers_[row] < key; });
  if (it == by_id_.end() || customers_[*it] != id) return std::nullopt;
  return static_cast<std::size_t>(*it);
}

Result<FactId> Portfolio::register_fact(std::string name, FactType type) {
  INSCRM_TRY(const FactId id, registry_.add(std::move(name), type));
  columns_.push_back(empty_column(type, customers_.size()));
  codes_.resize(registry_.size());
  return id;
}

Result<void> Portfolio::check_target(FactId id, std::size_t row) const {
  if (id >= columns_.size()) return Error::invalid_argument("fact", fmt::format("no fact with id {}", id));
  if (row >= customers_.size())
    return Error::invalid_argument("row", fmt::format("row {} is past the {} rows", row, customers_.size()));
  return ok();
}

std::uint32_t Portfolio::intern(FactId id, std::string_view text) {
  Column& c = columns_[id];
  auto& index = codes_[id];
  if (index.size() != c.dictionary.size()) {
    index.clear();
    for (std::size_t i = 0; i < c.dictionary.size(); ++i) index.emplace(c.dictionary[i], static_cast<std::uint32_t>(i));
  }
  auto [it, inserted] = index.try_emplace(std::string{text}, static_cast<std::uint32_t>(c.dictionary.size()));
  if (inserted) c.dictionary.emplace_back(text);
  return it->second;
}

Result<void> Portfolio::set(FactId id, std::size_t row, const FactValue& value) {
  INSCRM_TRYV(check_target(id, row));
  Column& c = columns_[id];
  const std::size_t rows = customers_.size();
  const std::string& name = registry_[id].name;
  const auto mismatch = [&]() {
    constexpr std::array<std::string_view, std::variant_size_v<FactValue>> kGiven{
        "null", "a boolean", "an integer", "a decimal", "a date", "an amount", "a string", "a list of strings"};
    return Error::invalid_argument(name,
                                   fmt::format("fact '{}' is {}, not {}", name, to_string(c.type), kGiven[value.index()]));
  };

  if (std::holds_alternative<std::monostate>(value)) {
    if (c.type == FactType::StringSet) {
      for (std::size_t w = 0; w < c.set_words; ++w) store(c.data, row * c.set_words + w, 0);
    } else if (c.type == FactType::Decimal) {
      std::get<Vec<double>>(c.data)[row] = 0.0;
    } else {
      store(c.data, row, 0);
    }
    set_valid(c, rows, row, false);
    return ok();
  }

  // Integer-like payloads: widen the column once when the value does not fit its current width.
  const auto put = [&](std::int64_t v) {
    if (!holds(c.data, v)) {
      if (fits<std::int16_t>(v) && std::holds_alternative<Vec<std::int8_t>>(c.data)) {
        convert_to<std::int16_t>(c.data);
      } else if (fits<std::int32_t>(v) && !std::holds_alternative<Vec<std::int32_t>>(c.data)) {
        convert_to<std::int32_t>(c.data);
      } else {
        convert_to<std::int64_t>(c.data);
      }
    }
    store(c.data, row, v);
    set_valid(c, rows, row, true);
  };

  switch (c.type) {
    case FactType::Bool:
      if (const auto* b = std::get_if<bool>(&value)) {
        put(*b ? 1 : 0);
        return ok();
      }
      return mismatch();
    case FactType::Int:
      if (const auto* i = std::get_if<std::int64_t>(&value)) {
        put(*i);
        return ok();
      }
      return mismatch();
    case FactType::Decimal:
      if (const auto* d = std::get_if<double>(&value)) {
        std::get<Vec<double>>(c.data)[row] = *d;
      } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
        std::get<Vec<double>>(c.data)[row] = static_cast<double>(*i);
      } else {
        return mismatch();
      }
      set_valid(c, rows, row, true);
      return ok();
    case FactType::Day:
      if (const auto* d = std::get_if<Date>(&value)) {
        put(to_epoch_days(*d));
        return ok();
      }
      return mismatch();
    case FactType::Money:
      if (const auto* m = std::get_if<Money>(&value)) {
        if (m->currency != Currency::cny())
          return Error::invalid_argument(name, fmt::format("fact '{}' holds CNY amounts, not {}", name, m->to_string()));
        put(m->minor);
        return ok();
      }
      return mismatch();
    case FactType::String:
      if (const auto* s = std::get_if<std::string>(&value)) {
        const std::uint32_t code = intern(id, *s);
        if (!holds(c.data, code)) convert_like(c.data, code_array(c.dictionary.size(), 0));
        store(c.data, row, code);
        set_valid(c, rows, row, true);
        return ok();
      }
      return mismatch();
    case FactType::StringSet:
      if (const auto* members = std::get_if<std::vector<std::string>>(&value)) {
        std::vector<std::uint32_t> bits;
        for (const auto& m : *members) bits.push_back(intern(id, m));
        // Re-layout when the dictionary outgrew the mask width.
        std::size_t words = 1;
        ColumnData shape = mask_array(c.dictionary.size(), 0, words);
        const std::size_t cur_bits =
            std::visit([](const auto& v) { return 8 * sizeof(typename std::decay_t<decltype(v)>::value_type); }, c.data) *
            c.set_words;
        if (c.dictionary.size() > cur_bits) {
          if (words == 1) {
            convert_like(c.data, shape);
          } else {
            // uint64 words per row grow from c.set_words to `words`.
            Vec<std::uint64_t> grown(rows * words, 0);
            for (std::size_t r = 0; r < rows; ++r)
              for (std::size_t w = 0; w < c.set_words; ++w)
                grown[r * words + w] = static_cast<std::uint64_t>(load(c.data, r * c.set_words + w));
            c.data = std::move(grown);
            c.set_words = words;
          }
        }
        std::visit(
            [&](auto& v) {
              using T = typename std::decay_t<decltype(v)>::value_type;
              if constexpr (std::is_unsigned_v<T>) {
                for (std::size_t w = 0; w < c.set_words; ++w) v[row * c.set_words + w] = 0;
                for (const std::uint32_t bit : bits)
                  v[row * c.set_words + bit / 64] |= static_cast<T>(T{1} << (bit % 64));
              }
            },
            c.data);
        set_valid(c, rows, row, true);
        return ok();
      }
      return mismatch();
  }
  return Error::internal("unknown fact type");
}

Result<void> Portfolio::set_ints(FactId id, std::span<const std::optional<std::int64_t>> values) {
  if (id >= columns_.size()) return Error::invalid_argument("fact", fmt::format("no fact with id {}", id));
  const std::string& name = registry_[id].name;
  if (columns_[id].type != FactType::Int)
    return Error::invalid_argument(name, fmt::format("fact '{}' is {}, not integer", name, to_string(columns_[id].type)));
  if (values.size() != customers_.size())
    return Error::invalid_argument(name, fmt::format("{} values for {} rows", values.size(), customers_.size()));
  IntColumnBuilder b(values.size());
  for (std::size_t r = 0; r < values.size(); ++r) b.set(r, values[r]);
  columns_[id] = b.finish(FactType::Int);
  return ok();
}

Result<void> Portfolio::set_days(FactId id, std::span<const std::optional<Date>> values) {
  if (id >= columns_.size()) return Error::invalid_argument("fact", fmt::format("no fact with id {}", id));
  const std::string& name = registry_[id].name;
  if (columns_[id].type != FactType::Day)
    return Error::invalid_argument(name, fmt::format("fact '{}' is {}, not date", name, to_string(columns_[id].type)));
  if (values.size() != customers_.size())
    return Error::invalid_argument(name, fmt::format("{} values for {} rows", values.size(), customers_.size()));
  IntColumnBuilder b(values.size());
  for (std::size_t r = 0; r < values.size(); ++r)
    if (values[r]) b.set(r, std::int64_t{to_epoch_days(*values[r])});
  columns_[id] = b.finish(FactType::Day);
  return ok();
}

FactValue Portfolio::value(FactId id, std::size_t row) const {
  const Column& c = columns_.at(id);
  if (row >= customers_.size() || c.is_null(row)) return std::monostate{};
  switch (c.type) {
    case FactType::Bool: return load(c.data, row) != 0;
    case FactType::Int: return load(c.data, row);
    case FactType::Decimal: return std::get<Vec<double>>(c.data)[row];
    case FactType::Day: return from_epoch_days(static_cast<int>(load(c.data, row)));
    case FactType::Money: return Money::cny(load(c.data, row));
    case FactType::String: return c.dictionary.at(static_cast<std::size_t>(load(c.data, row)));
    case FactType::StringSet: {
      std::vector<std::string> members;
      for (std::size_t bit = 0; bit < c.dictionary.size(); ++bit) {
        const auto word = static_cast<std::uint64_t>(load(c.data, row * c.set_words + bit / 64));
        if ((word >> (bit % 64)) & 1u) members.push_back(c.dictionary[bit]);
      }
      return members;
    }
  }
  return std::monostate{};
}

std::size_t Portfolio::memory_bytes() const noexcept {
  std::size_t total = bytes_of(customers_) + bytes_of(by_id_);
  for (const auto& c : columns_) {
    total += std::visit([](const auto& v) { return bytes_of(v); }, c.data);
    total += bytes_of(c.validity);
    for (const auto& s : c.dictionary) total += sizeof(std::string) + (s.size() > 15 ? s.capacity() : 0);
  }
  for (const auto& index : codes_) total += index.size() * (sizeof(std::string) + sizeof(std::uint32_t) + 2 * sizeof(void*));
  return total;
}

}  // namespace inscrm
