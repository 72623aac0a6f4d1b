#include <inscrm/core/clock.hpp>
#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/error.hpp>
#include <inscrm/core/gender.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

// Readable failure messages: doctest would otherwise print "{?}" for these.
namespace doctest {
template <>
struct StringMaker<inscrm::Date> {
  static String convert(const inscrm::Date& d) { return inscrm::to_string(d).c_str(); }
};
template <>
struct StringMaker<inscrm::Money> {
  static String convert(const inscrm::Money& m) { return m.to_string().c_str(); }
};
}  // namespace doctest

using namespace inscrm;
using namespace std::chrono_literals;
using std::chrono::April;
using std::chrono::December;
using std::chrono::February;
using std::chrono::January;
using std::chrono::June;
using std::chrono::March;
using std::chrono::May;
using std::chrono::November;

namespace {

Currency usd() { return *Currency::parse("USD"); }

}  // namespace

// --- Money ---------------------------------------------------------------------------------

TEST_CASE("money: arithmetic stays in minor units") {
  const Money premium = Money::cny(1200'00);
  CHECK(premium + Money::cny(50) == Money::cny(1200'50));
  CHECK(premium - Money::cny(1300'00) == Money::cny(-100'00));
  CHECK(premium * 12 == Money::cny(14400'00));

  Money total = Money::zero();
  for (int month = 0; month < 12; ++month) total += Money::cny(1000'00);
  CHECK(total == Money::cny(12000'00));
  total -= Money::cny(12000'00);
  CHECK(total == Money::zero());
}

TEST_CASE("money: ordering within one currency") {
  CHECK(Money::cny(1) > Money::cny(0));
  CHECK(Money::cny(-5) < Money::cny(0));
  CHECK(Money::cny(7) <= Money::cny(7));
  CHECK((Money::cny(3) <=> Money::cny(3)) == std::strong_ordering::equal);
}

TEST_CASE("money: mixing currencies is a bug and throws") {
  const Money dollars{100, usd()};
  CHECK_THROWS_AS(Money::cny(100) + dollars, std::invalid_argument);
  CHECK_THROWS_AS(Money::cny(100) - dollars, std::invalid_argument);
  Money m = Money::cny(100);
  CHECK_THROWS_AS(m += dollars, std::invalid_argument);
  CHECK(m == Money::cny(100));  // untouched by the failed operation
  CHECK_THROWS_AS(static_cast<void>(Money::cny(1) < dollars), std::invalid_argument);
  // Equality is total: different currencies are simply unequal.
  CHECK_FALSE(Money::cny(100) == dollars);
}

TEST_CASE("money: overflow throws instead of wrapping") {
  const Money max = Money::cny(std::numeric_limits<std::int64_t>::max());
  const Money min = Money::cny(std::numeric_limits<std::int64_t>::min());
  CHECK_THROWS_AS(max + Money::cny(1), std::overflow_error);
  CHECK_THROWS_AS(min - Money::cny(1), std::overflow_error);
}

TEST_CASE("money: text form") {
  CHECK(Money::cny(12000'00).to_string() == "12000.00 CNY");
  CHECK(Money::cny(0).to_string() == "0.00 CNY");
  CHECK(Money::cny(7).to_string() == "0.07 CNY");
  CHECK(Money::cny(-5).to_string() == "-0.05 CNY");
  CHECK(Money::cny(-123456).to_string() == "-1234.56 CNY");
  CHECK(Money{250, usd()}.to_string() == "2.50 USD");
  CHECK(Money::cny(std::numeric_limits<std::int64_t>::min()).to_string() == "-92233720368547758.08 CNY");
}

TEST_CASE("currency: three upper-case ASCII letters") {
  CHECK(Currency::parse("CNY") == Currency::cny());
  CHECK(Currency::parse("EUR")->view() == "EUR");
  CHECK_FALSE(Currency::parse("cny"));
  CHECK_FALSE(Currency::parse("CN"));
  CHECK_FALSE(Currency::parse("CNYY"));
  CHECK_FALSE(Currency::parse("C1Y"));
  CHECK_FALSE(Currency::parse(""));
  CHECK(Money{}.currency == Currency::cny());
}

// --- Dates ---------------------------------------------------------------------------------

TEST_CASE("dates: strict YYYY-MM-DD, real dates only") {
  CHECK(parse_date("2026-03-14") == Date{2026y / March / 14});
  CHECK(parse_date("2024-02-29") == Date{2024y / February / 29});
  CHECK(parse_date("2000-02-29") == Date{2000y / February / 29});
  CHECK(parse_date("1970-01-01") == Date{1970y / January / 1});

  CHECK_FALSE(parse_date("2023-02-29"));  // not a leap year
  CHECK_FALSE(parse_date("1900-02-29"));  // century, not divisible by 400
  CHECK_FALSE(parse_date("2024-04-31"));
  CHECK_FALSE(parse_date("2024-13-01"));
  CHECK_FALSE(parse_date("2024-00-10"));
  CHECK_FALSE(parse_date("2024-01-00"));
  CHECK_FALSE(parse_date("2024-1-05"));
  CHECK_FALSE(parse_date("2024-01-5"));
  CHECK_FALSE(parse_date("24-01-05"));
  CHECK_FALSE(parse_date("2024/01/05"));
  CHECK_FALSE(parse_date("20240105"));
  CHECK_FALSE(parse_date(" 2024-01-05"));
  CHECK_FALSE(parse_date("2024-01-05 "));
  CHECK_FALSE(parse_date("2024-01-05T00:00:00Z"));
  CHECK_FALSE(parse_date("+024-01-05"));
  CHECK_FALSE(parse_date("2024-+1-05"));
  CHECK_FALSE(parse_date(""));
}

TEST_CASE("dates: text round trip") {
  for (const char* text : {"2026-03-14", "2024-02-29", "1900-01-01", "0001-01-01", "9999-12-31"}) {
    const auto d = parse_date(text);
    REQUIRE(d);
    CHECK(to_string(*d) == text);
  }
}

TEST_CASE("dates: add_months clamps to the end of a shorter month") {
  CHECK(add_months(2024y / January / 31, 1) == Date{2024y / February / 29});
  CHECK(add_months(2023y / January / 31, 1) == Date{2023y / February / 28});
  CHECK(add_months(2024y / March / 31, 1) == Date{2024y / April / 30});
  CHECK(add_months(2024y / January / 15, 1) == Date{2024y / February / 15});
  CHECK(add_months(2024y / November / 30, 3) == Date{2025y / February / 28});
  CHECK(add_months(2024y / March / 31, -1) == Date{2024y / February / 29});
  CHECK(add_months(2024y / January / 31, -2) == Date{2023y / November / 30});
  CHECK(add_months(2024y / May / 10, 0) == Date{2024y / May / 10});
  CHECK(add_months(2024y / December / 31, 12) == Date{2025y / December / 31});
  // Anniversaries are computed from the original date, not by chaining: chaining loses the 31st.
  CHECK(add_months(add_months(2024y / January / 31, 1), 1) == Date{2024y / March / 29});
  CHECK(add_months(2024y / January / 31, 2) == Date{2024y / March / 31});

  CHECK(add_years(2024y / February / 29, 1) == Date{2025y / February / 28});
  CHECK(add_years(2024y / February / 29, 4) == Date{2028y / February / 29});
  CHECK(add_days(2024y / February / 28, 1) == Date{2024y / February / 29});
  CHECK(add_days(2024y / March / 1, -1) == Date{2024y / February / 29});
}

TEST_CASE("dates: years_between counts completed years") {
  const Date birth = 1985y / March / 14;
  CHECK(years_between(birth, 2026y / March / 13) == 40);
  CHECK(years_between(birth, 2026y / March / 14) == 41);
  CHECK(years_between(birth, 2026y / December / 31) == 41);
  CHECK(years_between(birth, birth) == 0);
  CHECK(years_between(birth, 1986y / March / 13) == 0);

  SUBCASE("a 29 February birthday falls due on 1 March in common years") {
    const Date leap = 2000y / February / 29;
    CHECK(years_between(leap, 2001y / February / 28) == 0);
    CHECK(years_between(leap, 2001y / March / 1) == 1);
    CHECK(years_between(leap, 2023y / February / 28) == 22);
    CHECK(years_between(leap, 2023y / March / 1) == 23);
    CHECK(years_between(leap, 2024y / February / 28) == 23);
    CHECK(years_between(leap, 2024y / February / 29) == 24);
  }
  SUBCASE("a date before birth never counts a completed year") {
    CHECK(years_between(birth, 1985y / March / 13) == 0);
    CHECK(years_between(birth, 1984y / March / 15) == 0);
    CHECK(years_between(birth, 1984y / March / 14) == -1);
  }
}

TEST_CASE("dates: day counts and epoch days") {
  CHECK(days_between(2024y / February / 28, 2024y / March / 1) == 2);
  CHECK(days_between(2024y / March / 1, 2024y / February / 28) == -2);
  CHECK(to_epoch_days(1970y / January / 1) == 0);
  CHECK(from_epoch_days(to_epoch_days(2026y / March / 14)) == Date{2026y / March / 14});
  CHECK(to_epoch_days(1969y / December / 31) == -1);
}

// --- Instants ------------------------------------------------------------------------------

TEST_CASE("instants: text form") {
  const Instant t = start_of(2026y / March / 14) + 8h + 30min;
  CHECK(to_string(t) == "2026-03-14T08:30:00.000000Z");
  CHECK(to_string(t + 1us) == "2026-03-14T08:30:00.000001Z");
  CHECK(to_string(from_epoch_micros(0)) == "1970-01-01T00:00:00.000000Z");
  // Before the epoch the day must still be floored, not truncated toward zero.
  CHECK(to_string(from_epoch_micros(-1)) == "1969-12-31T23:59:59.999999Z");
}

TEST_CASE("instants: round trip through text") {
  for (const std::int64_t us : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1'773'477'000'123'456},
                                std::int64_t{951'782'400'000'000}, std::int64_t{-2'208'988'800'000'001}}) {
    const Instant t = from_epoch_micros(us);
    const auto back = parse_instant(to_string(t));
    REQUIRE(back);
    CHECK(to_epoch_micros(*back) == us);
  }
}

TEST_CASE("instants: parsing accepts the written form, fraction optional") {
  const Instant base = start_of(2026y / March / 14) + 8h + 30min;
  CHECK(parse_instant("2026-03-14T08:30:00.000000Z") == base);
  CHECK(parse_instant("2026-03-14T08:30:00Z") == base);
  CHECK(parse_instant("2026-03-14T08:30:00.5Z") == base + 500ms);
  CHECK(parse_instant("2026-03-14T08:30:00.123Z") == base + 123ms);
  // Nanosecond fractions from other systems are floored to microseconds.
  CHECK(parse_instant("2026-03-14T08:30:00.123456789Z") == base + 123456us);
  // A missing 'Z' still means UTC.
  CHECK(parse_instant("2026-03-14T08:30:00") == base);
  CHECK(parse_instant("2026-03-14T23:59:59.999999Z") == start_of(2026y / March / 15) - 1us);

  CHECK_FALSE(parse_instant("2026-03-14T08:30:00.Z"));
  CHECK_FALSE(parse_instant("2026-03-14T08:30:00.1234567890Z"));
  CHECK_FALSE(parse_instant("2026-03-14T08:30:00ZZ"));
  CHECK_FALSE(parse_instant("2026-03-14T08:30:00+08:00"));
  CHECK_FALSE(parse_instant("2026-03-14 08:30:00Z"));
  CHECK_FALSE(parse_instant("2026-03-14T8:30:00Z"));
  CHECK_FALSE(parse_instant("2026-03-14T24:00:00Z"));
  CHECK_FALSE(parse_instant("2026-03-14T08:60:00Z"));
  CHECK_FALSE(parse_instant("2026-03-14T08:30:60Z"));
  CHECK_FALSE(parse_instant("2026-02-30T08:30:00Z"));
  CHECK_FALSE(parse_instant("2026-03-14"));
  CHECK_FALSE(parse_instant(""));
}

// --- Clocks --------------------------------------------------------------------------------

TEST_CASE("clock: ManualClock is set and advanced by the test") {
  ManualClock clock{2026y / March / 14};
  CHECK(clock.now() == start_of(2026y / March / 14));
  CHECK(clock.today() == Date{2026y / March / 14});

  clock.advance(23h + 59min);
  CHECK(clock.today() == Date{2026y / March / 14});
  clock.advance(1min);
  CHECK(clock.today() == Date{2026y / March / 15});

  clock.set(2030y / January / 1);
  CHECK(clock.today() == Date{2030y / January / 1});
  const Instant noon = start_of(2031y / June / 1) + 12h;
  clock.set(noon);
  CHECK(clock.now() == noon);

  // Services hold a Clock; the manual one must be usable through it.
  const Clock& as_clock = clock;
  CHECK(as_clock.today() == Date{2031y / June / 1});
}

TEST_CASE("clock: system_clock is shared and reads real time") {
  const auto a = system_clock();
  const auto b = system_clock();
  REQUIRE(a);
  CHECK(a.get() == b.get());
  const Instant now = a->now();
  CHECK(now > start_of(2024y / January / 1));
  CHECK(a->now() >= now);
}

// --- Errors and enum text ------------------------------------------------------------------

TEST_CASE("error: text form for logs") {
  CHECK(Error::invalid_argument("identity.number", "check digit should be 8").to_string() ==
        "invalid_argument: identity.number: check digit should be 8");
  CHECK(Error::internal("boom").to_string() == "internal: boom");
  CHECK(Error::conflict("customer 7 changed").to_string() == "conflict: version: customer 7 changed");
  CHECK(Error{}.code() == Errc::Internal);
}

TEST_CASE("error: within prefixes the field path") {
  Error e = Error::invalid_argument("number", "bad");
  e.within("identity");
  CHECK(e.field() == "identity.number");
  e.within("insured");
  CHECK(e.field() == "insured.identity.number");

  CHECK(Error::invalid_argument("[1].share", "too big").within("beneficiaries").field() ==
        "beneficiaries[1].share");
  CHECK(Error::invalid_argument("", "missing").within("email").field() == "email");
  CHECK(Error::invalid_argument("number", "bad").within("").field() == "number");
  // within changes only the field.
  const Error nested = Error::not_found("id", "no such agent").within("agent");
  CHECK(nested.is_not_found());
  CHECK(nested.message() == "no such agent");
}

TEST_CASE("enum text: Errc names round trip and keep their ABI values") {
  static_assert(static_cast<int>(Errc::Ok) == 0 && static_cast<int>(Errc::Internal) == 10);
  CHECK(enum_count<Errc>() == 11);
  for (const Errc e : enum_values<Errc>()) {
    CAPTURE(static_cast<int>(e));
    CHECK(enum_from_string<Errc>(to_string(e)) == e);
  }
  CHECK(to_string(Errc::InvalidArgument) == "invalid_argument");
  CHECK(to_string(Errc::SchemaTooNew) == "schema_too_new");
  CHECK(enum_from_string<Errc>("not_found") == Errc::NotFound);
  CHECK_FALSE(enum_from_string<Errc>("NotFound"));
  CHECK_FALSE(enum_from_string<Errc>(""));
  CHECK(to_string(static_cast<Errc>(99)) == "?");
}

TEST_CASE("enum text: Gender names round trip") {
  CHECK(enum_count<Gender>() == 3);
  for (const Gender g : enum_values<Gender>()) CHECK(enum_from_string<Gender>(to_string(g)) == g);
  CHECK(to_string(Gender::Female) == "female");
  CHECK(enum_from_string<Gender>("male") == Gender::Male);
  CHECK_FALSE(enum_from_string<Gender>("M"));
}

TEST_CASE("ids: strong and comparable") {
  static_assert(!std::is_convertible_v<CustomerId, PolicyId>);
  static_assert(!std::is_convertible_v<std::int64_t, CustomerId>);
  CHECK_FALSE(CustomerId{}.valid());
  CHECK(CustomerId{7}.valid());
  CHECK(CustomerId{7} == CustomerId{7});
  CHECK(CustomerId{3} < CustomerId{7});
  CHECK(std::hash<CustomerId>{}(CustomerId{7}) == std::hash<std::int64_t>{}(7));
}

// --- Result --------------------------------------------------------------------------------

namespace {

Result<int> parse_share(std::string_view text) {
  if (text.empty() || text.size() > 3) return Error::invalid_argument("share", "should be 1 to 3 digits");
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return Error::invalid_argument("share", "should be digits");
    value = value * 10 + (c - '0');
  }
  return value;
}

Result<void> check_total(int total) {
  if (total != 100) return Error::invalid_argument("", "shares should add up to 100");
  return ok();
}

Result<int> total_of(std::string_view first, std::string_view second) {
  INSCRM_TRY(auto a, parse_share(first));
  INSCRM_TRY(const int b, parse_share(second));
  INSCRM_TRYV(check_total(a + b));
  return a + b;
}

}  // namespace

TEST_CASE("result: INSCRM_TRY passes values through and errors up") {
  const auto good = total_of("60", "40");
  REQUIRE(good);
  CHECK(good.value() == 100);

  const auto bad_second = total_of("60", "4x");
  REQUIRE_FALSE(bad_second);
  CHECK(bad_second.error().is_invalid_argument());
  CHECK(bad_second.error().field() == "share");
  CHECK(bad_second.error().message() == "should be digits");

  const auto bad_total = total_of("60", "30");
  REQUIRE_FALSE(bad_total);
  CHECK(bad_total.error().message() == "shares should add up to 100");
}

TEST_CASE("result: reading the value of an error is a bug and throws") {
  const auto r = parse_share("");
  REQUIRE_FALSE(r);
  CHECK_THROWS_AS(static_cast<void>(r.value()), BadResultAccess);
  try {
    static_cast<void>(r.value());
  } catch (const BadResultAccess& e) {
    CHECK(e.error().field() == "share");
  }
}
