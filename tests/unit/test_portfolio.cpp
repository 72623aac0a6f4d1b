#include <inscrm/analytics/portfolio.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

// A small book: three customers, five policies (one of a stranger), three payments (one after
// the snapshot day).
struct Book {
  std::vector<Customer> customers;
  std::vector<Policy> policies;
  std::vector<Payment> payments;
  std::vector<Product> products;
};

Product product(std::int64_t id, std::string code, LineOfBusiness line) {
  Product p;
  p.id = ProductId{id};
  p.code = std::move(code);
  p.line = line;
  return p;
}

Policy policy(std::int64_t id, std::int64_t holder, std::int64_t prod, PolicyStatus status, Money premium,
              Frequency f, Date effective) {
  Policy p;
  p.id = PolicyId{id};
  p.holder = CustomerId{holder};
  p.product = ProductId{prod};
  p.status = status;
  p.premium = premium;
  p.frequency = f;
  p.application_date = effective;
  p.effective_date = effective;
  return p;
}

Payment payment(std::int64_t policy_id, Date paid, Money amount) {
  Payment p;
  p.policy = PolicyId{policy_id};
  p.due_date = paid;
  p.paid_on = paid;
  p.amount = amount;
  return p;
}

Book small_book() {
  Book b;
  b.products = {product(1, "WL-2024", LineOfBusiness::Life), product(2, "CI-2023", LineOfBusiness::CriticalIllness),
                product(3, "MED-1", LineOfBusiness::Health)};
  Customer zhang;
  zhang.id = CustomerId{10};
  zhang.gender = Gender::Male;
  zhang.birth_date = 1980y / 5 / 20;
  zhang.region = "310115";
  zhang.annual_income = Money::cny(300'000'00);
  zhang.source = Source::AgentReferral;
  zhang.org_unit = OrgUnitId{2};
  zhang.agent = AgentId{7};
  zhang.stage = CustomerStage::Active;
  Customer li;
  li.id = CustomerId{11};
  li.gender = Gender::Female;
  Customer wang;
  wang.id = CustomerId{12};
  wang.birth_date = 2000y / 1 / 1;
  wang.annual_income = Money{100'000'00, *Currency::parse("USD")};
  b.customers = {zhang, li, wang};
  b.policies = {
      policy(100, 10, 1, PolicyStatus::InForce, Money::cny(12'000'00), Frequency::Annual, 2015y / 3 / 1),
      policy(101, 10, 2, PolicyStatus::GracePeriod, Money::cny(500'00), Frequency::Monthly, 2020y / 6 / 15),
      policy(102, 10, 3, PolicyStatus::Lapsed, Money::cny(3'000'00), Frequency::Annual, 2012y / 1 / 10),
      policy(103, 12, 1, PolicyStatus::Quoted, Money::cny(9'000'00), Frequency::Annual, 2025y / 12 / 1),
      policy(104, 999, 1, PolicyStatus::InForce, Money::cny(9'000'00), Frequency::Annual, 2025y / 12 / 1),
  };
  b.payments = {payment(100, 2025y / 3 / 1, Money::cny(12'000'00)), payment(101, 2025y / 11 / 15, Money::cny(500'00)),
                payment(100, 2026y / 3 / 1, Money::cny(12'000'00))};
  return b;
}

constexpr Date kAsOf = 2026y / 1 / 31;

Portfolio build(const Book& b) { return Portfolio::build(b.customers, b.policies, b.payments, b.products, kAsOf); }

std::vector<std::string> strings(std::initializer_list<const char*> xs) {
  std::vector<std::string> out;
  for (const char* x : xs) out.emplace_back(x);
  return out;
}

}  // namespace

TEST_CASE("portfolio: the standard facts are registered with their names, types and ids") {
  const FactRegistry r = FactRegistry::standard();
  REQUIRE(r.size() == fact::standard_count);
  CHECK(r.find("age") == fact::age);
  CHECK(r.find("value_tier") == fact::value_tier);
  CHECK(r[fact::products_held].type == FactType::StringSet);
  CHECK(r[fact::annual_premium].type == FactType::Money);
  CHECK(r[fact::last_contact].type == FactType::Day);
  CHECK(r[fact::has_lapsed_policy].type == FactType::Bool);
  CHECK(r[fact::province].name == "province");
  CHECK(r.nearest("agee") == "age");
  CHECK(r.nearest("premium_whatever") == std::nullopt);
}

TEST_CASE("portfolio: host facts need a fresh lower-case name that is not a keyword") {
  FactRegistry r = FactRegistry::standard();
  const auto id = r.add("vip_flag", FactType::Bool);
  REQUIRE(id);
  CHECK(id.value() == fact::standard_count);
  CHECK(r.add("vip_flag", FactType::Int).error().code() == Errc::AlreadyExists);
  CHECK(r.add("Vip", FactType::Int).error().is_invalid_argument());
  CHECK(r.add("9lives", FactType::Int).error().is_invalid_argument());
  CHECK(r.add("", FactType::Int).error().is_invalid_argument());
  for (const char* keyword : {"and", "or", "not", "in", "between", "is", "null", "true", "false", "date"}) {
    const auto e = r.add(keyword, FactType::Int);
    REQUIRE_FALSE(e);
    CHECK(e.error().message() == fmt::format("'{}' is a keyword of the rule language", keyword));
  }
}

TEST_CASE("portfolio: build derives the standard facts from customers, policies and payments") {
  const Portfolio p = build(small_book());
  REQUIRE(p.size() == 3);
  CHECK(p.as_of() == kAsOf);
  CHECK(p.customer(0) == CustomerId{10});
  CHECK(p.row_of(CustomerId{12}) == 2u);
  CHECK(p.row_of(CustomerId{999}) == std::nullopt);

  // Zhang: two policies in force (one in grace), one lapsed.
  CHECK(p.value(fact::age, 0) == FactValue{std::int64_t{45}});
  CHECK(p.value(fact::gender, 0) == FactValue{std::string{"male"}});
  CHECK(p.value(fact::region, 0) == FactValue{std::string{"310115"}});
  CHECK(p.value(fact::province, 0) == FactValue{std::string{"310000"}});
  CHECK(p.value(fact::annual_income, 0) == FactValue{Money::cny(300'000'00)});
  CHECK(p.value(fact::tenure_years, 0) == FactValue{std::int64_t{14}});  // since the lapsed 2012 policy
  CHECK(p.value(fact::policies_in_force, 0) == FactValue{std::int64_t{2}});
  CHECK(p.value(fact::products_held, 0) == FactValue{strings({"CI-2023", "WL-2024"})});
  CHECK(p.value(fact::lines_held, 0) == FactValue{strings({"life", "critical_illness"})});
  CHECK(p.value(fact::annual_premium, 0) == FactValue{Money::cny(18'000'00)});  // 12,000 + 12 x 500
  CHECK(p.value(fact::total_premium_paid, 0) == FactValue{Money::cny(12'500'00)});  // not the March 2026 one
  CHECK(p.value(fact::days_since_last_payment, 0) == FactValue{std::int64_t{77}});
  CHECK(p.value(fact::stage, 0) == FactValue{std::string{"active"}});
  CHECK(p.value(fact::source, 0) == FactValue{std::string{"agent_referral"}});
  CHECK(p.value(fact::org_unit, 0) == FactValue{std::int64_t{2}});
  CHECK(p.value(fact::agent, 0) == FactValue{std::int64_t{7}});
  CHECK(p.value(fact::has_lapsed_policy, 0) == FactValue{true});
  CHECK(p.value(fact::open_complaints, 0) == FactValue{std::int64_t{0}});
  CHECK(p.value(fact::points, 0) == FactValue{std::int64_t{0}});
  CHECK(p.value(fact::tier, 0) == FactValue{std::string{"standard"}});
  CHECK(std::holds_alternative<std::monostate>(p.value(fact::nps, 0)));
  CHECK(std::holds_alternative<std::monostate>(p.value(fact::last_contact, 0)));
  CHECK(std::holds_alternative<std::monostate>(p.value(fact::value_tier, 0)));

  // Li: a prospect with nothing recorded.
  for (const FactId f : {fact::age, fact::region, fact::province, fact::annual_income, fact::tenure_years,
                         fact::days_since_last_payment, fact::org_unit, fact::agent})
    CHECK(std::holds_alternative<std::monostate>(p.value(f, 1)));
  CHECK(p.value(fact::policies_in_force, 1) == FactValue{std::int64_t{0}});
  CHECK(p.value(fact::products_held, 1) == FactValue{std::vector<std::string>{}});
  CHECK(p.value(fact::annual_premium, 1) == FactValue{Money::cny(0)});
  CHECK(p.value(fact::has_lapsed_policy, 1) == FactValue{false});
  CHECK(p.value(fact::source, 1) == FactValue{std::string{"unknown"}});

  // Wang: a quote is no tenure; an income in dollars is not in a CNY snapshot.
  CHECK(std::holds_alternative<std::monostate>(p.value(fact::tenure_years, 2)));
  CHECK(std::holds_alternative<std::monostate>(p.value(fact::annual_income, 2)));
  CHECK(p.value(fact::age, 2) == FactValue{std::int64_t{26}});
}

TEST_CASE("portfolio: columns are narrowed, and widen when a larger value arrives") {
  Portfolio p = build(small_book());
  CHECK(std::holds_alternative<std::vector<std::int8_t>>(p.column(fact::age).data));
  CHECK(std::holds_alternative<std::vector<std::int32_t>>(p.column(fact::annual_income).data));
  CHECK(std::holds_alternative<std::vector<std::uint8_t>>(p.column(fact::gender).data));
  CHECK(std::holds_alternative<std::vector<std::uint8_t>>(p.column(fact::products_held).data));

  REQUIRE(p.set(fact::points, 1, std::int64_t{1'000'000}));
  CHECK(std::holds_alternative<std::vector<std::int32_t>>(p.column(fact::points).data));
  REQUIRE(p.set(fact::points, 2, std::int64_t{-5'000'000'000}));
  CHECK(std::holds_alternative<std::vector<std::int64_t>>(p.column(fact::points).data));
  CHECK(p.value(fact::points, 0) == FactValue{std::int64_t{0}});
  CHECK(p.value(fact::points, 1) == FactValue{std::int64_t{1'000'000}});
  CHECK(p.value(fact::points, 2) == FactValue{std::int64_t{-5'000'000'000}});

  // A 300-entry dictionary needs 16-bit codes.
  const FactId city = p.register_fact("city", FactType::String).value();
  for (int i = 0; i < 300; ++i) REQUIRE(p.set(city, static_cast<std::size_t>(i % 3), fmt::format("city-{}", i)));
  CHECK(std::holds_alternative<std::vector<std::uint16_t>>(p.column(city).data));
  CHECK(p.value(city, 2) == FactValue{std::string{"city-299"}});
  CHECK(p.value(city, 0) == FactValue{std::string{"city-297"}});

  // Sets past 64 members use several words per row.
  const FactId tags = p.register_fact("tags", FactType::StringSet).value();
  std::vector<std::string> many;
  for (int i = 0; i < 70; ++i) many.push_back(fmt::format("t{}", i));
  REQUIRE(p.set(tags, 0, strings({"a", "b"})));
  REQUIRE(p.set(tags, 1, many));
  CHECK(p.column(tags).set_words == 2);
  CHECK(p.value(tags, 0) == FactValue{strings({"a", "b"})});
  CHECK(std::get<std::vector<std::string>>(p.value(tags, 1)).size() == 70);
  CHECK(std::holds_alternative<std::monostate>(p.value(tags, 2)));  // never set
}

TEST_CASE("portfolio: set checks the type and stores nulls") {
  Portfolio p = build(small_book());
  CHECK(p.set(fact::age, 0, std::string{"old"}).error().message() == "fact 'age' is integer, not a string");
  CHECK(p.set(fact::annual_income, 0, Money{5, *Currency::parse("USD")}).error().field() == "annual_income");
  CHECK(p.set(fact::age, 7, std::int64_t{1}).error().field() == "row");
  CHECK(p.set(999, 0, std::int64_t{1}).error().field() == "fact");

  REQUIRE(p.set(fact::age, 0, std::monostate{}));
  CHECK(p.column(fact::age).is_null(0));
  REQUIRE(p.set(fact::age, 0, std::int64_t{46}));
  CHECK(p.value(fact::age, 0) == FactValue{std::int64_t{46}});
  REQUIRE(p.set(fact::last_contact, 1, Date{2025y / 12 / 24}));
  CHECK(p.value(fact::last_contact, 1) == FactValue{Date{2025y / 12 / 24}});

  const std::vector<std::optional<std::int64_t>> tiers{5, std::nullopt, 1};
  REQUIRE(p.set_ints(fact::value_tier, tiers));
  CHECK(p.value(fact::value_tier, 0) == FactValue{std::int64_t{5}});
  CHECK(p.column(fact::value_tier).is_null(1));
  CHECK(p.set_ints(fact::tier, tiers).error().is_invalid_argument());
  CHECK(p.set_ints(fact::value_tier, std::vector<std::optional<std::int64_t>>(2)).error().is_invalid_argument());
}

TEST_CASE("portfolio: rows are found by customer id in any order") {
  const Portfolio p({CustomerId{30}, CustomerId{10}, CustomerId{20}}, kAsOf);
  CHECK(p.row_of(CustomerId{10}) == 1u);
  CHECK(p.row_of(CustomerId{20}) == 2u);
  CHECK(p.row_of(CustomerId{30}) == 0u);
  CHECK(p.row_of(CustomerId{40}) == std::nullopt);
  CHECK(p.column(fact::age).is_null(0));
}

TEST_CASE("portfolio: the standard facts of a realistic book take at most 64 bytes per customer") {
  // 100,000 customers, 25 products, up to 3 policies each, every standard fact filled in (the
  // later capabilities' facts too), so that the figure is what a real book costs.
  constexpr std::size_t n = 100'000;
  std::uint64_t seed = 42;
  const auto next = [&](std::uint64_t bound) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % bound;
  };
  Book b;
  for (int i = 0; i < 25; ++i)
    b.products.push_back(product(i + 1, fmt::format("P-{:03}", i), static_cast<LineOfBusiness>(i % 9)));
  b.customers.resize(n);
  std::int64_t policy_id = 1;
  for (std::size_t r = 0; r < n; ++r) {
    Customer& c = b.customers[r];
    c.id = CustomerId{static_cast<std::int64_t>(r + 1)};
    c.gender = next(2) ? Gender::Male : Gender::Female;
    c.birth_date = Date{std::chrono::year{1940 + static_cast<int>(next(65))}, std::chrono::month{1 + static_cast<unsigned>(next(12))},
                        std::chrono::day{1 + static_cast<unsigned>(next(28))}};
    c.region = fmt::format("{:02}{:02}00", 11 + next(55), next(20));
    c.annual_income = Money::cny(static_cast<std::int64_t>(next(2'000'000)) * 100);
    c.source = static_cast<Source>(next(7));
    c.org_unit = OrgUnitId{static_cast<std::int64_t>(1 + next(60))};
    c.agent = AgentId{static_cast<std::int64_t>(1 + next(8000))};
    c.stage = static_cast<CustomerStage>(next(6));
    const auto count = next(4);
    for (std::uint64_t k = 0; k < count; ++k) {
      Policy pol = policy(policy_id++, c.id.value, static_cast<std::int64_t>(1 + next(25)),
                          next(5) ? PolicyStatus::InForce : PolicyStatus::Lapsed,
                          Money::cny(static_cast<std::int64_t>(1000 + next(50'000)) * 100), Frequency::Annual,
                          Date{std::chrono::year{2000 + static_cast<int>(next(25))}, std::chrono::January, std::chrono::day{1}});
      b.payments.push_back(payment(pol.id.value, 2025y / 6 / 1, pol.premium));
      b.policies.push_back(std::move(pol));
    }
  }
  Portfolio p = build(b);
  std::vector<std::optional<std::int64_t>> complaints(n), nps(n), points(n), tiers(n);
  for (std::size_t r = 0; r < n; ++r) {
    complaints[r] = static_cast<std::int64_t>(next(3));
    nps[r] = next(4) ? std::optional<std::int64_t>{static_cast<std::int64_t>(next(11))} : std::nullopt;
    points[r] = static_cast<std::int64_t>(next(200'000));
    tiers[r] = static_cast<std::int64_t>(1 + next(5));
    REQUIRE(p.set(fact::tier, r, std::string{next(10) ? "standard" : "gold"}));
    REQUIRE(p.set(fact::last_contact, r, add_days(kAsOf, -static_cast<int>(next(700)))));
  }
  REQUIRE(p.set_ints(fact::open_complaints, complaints));
  REQUIRE(p.set_ints(fact::nps, nps));
  REQUIRE(p.set_ints(fact::points, points));
  REQUIRE(p.set_ints(fact::value_tier, tiers));

  const double per_customer = static_cast<double>(p.memory_bytes()) / static_cast<double>(n);
  MESSAGE(fmt::format("portfolio memory: {:.1f} bytes per customer ({} facts, {} customers, ids included)",
                      per_customer, p.registry().size(), n));
  CHECK(per_customer <= 64.0);
}
