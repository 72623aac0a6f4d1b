// Conformance: bulk import of CSV and JSON files through the facade (crm/imports.hpp) and the
// customer export (crm/exports.hpp) on every adapter — a file with good and bad rows reports each
// bad row once with its column, all-or-nothing leaves the database exactly as it was, skip-bad-rows
// writes the good rows, and a role without the right to personal data gets masked exports.
#include "conformance.hpp"
#include "harness.hpp"

#include <inscrm/crm.hpp>

#include <string>
#include <vector>

namespace inscrm::conformance {
namespace {

const Actor kClerk{.user = "clerk-1", .roles = {Role::ServiceRep}};
const Actor kAdministrator{.user = "admin-1", .roles = {Role::Administrator}};
const Actor kReader{.user = "analyst-1", .roles = {Role::Analyst}};

struct Book {
  TestDatabase db;
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(day(2026, 6, 1));
  Crm crm = MUST(Crm::open(db.open(), {.clock = clock}));

  Book() {
    MUST(crm.products().create(kAdministrator, {.code = "WL", .name = "Whole life", .term_years = 20}));
  }

  // Everything an import may touch, in full, to compare before and after.
  struct State {
    std::vector<std::string> customers, policies, payments;
    std::size_t events = 0;
    bool operator==(const State&) const = default;
  };
  State state() const {
    State s;
    for (const Customer& c : MUST(crm.customers().list(kAdministrator)))
      s.customers.push_back(fmt::format("{}|{}|{}|{}|{}|{}|{}", c.id.value, c.version, c.name,
                                        c.external_ref.value_or("-"), c.phones.size(),
                                        c.identity ? c.identity->number : "-", to_string(c.stage)));
    for (const Policy& p : MUST(crm.policies().list(kAdministrator))) {
      s.policies.push_back(fmt::format("{}|{}|{}|{}|{}", p.id.value, p.version, p.number, p.holder.value,
                                       to_string(p.status)));
      for (const Payment& pay : MUST(crm.policies().payments(kAdministrator, p.id)))
        s.payments.push_back(fmt::format("{}|{}|{}", pay.policy.value, to_string(pay.due_date), pay.amount.minor));
    }
    s.events = MUST(crm.events().poll(100000)).size();
    return s;
  }
};

// Rows 1, 3 and 5 (0-based) are bad, each for one reason in one column; the others are good and
// use the forms a Chinese spreadsheet carries (full-width digits, 2024年 dates, +86 phones).
constexpr std::string_view kCustomersCsv =
    "name,external_ref,gender,birth_date,id_number,phone,email\r\n"
    "张伟,C-1,男,1985年3月14日,110105198503142318,+86 138 1234 5678,zhang.wei@Example.COM\r\n"
    "李娜,C-2,女,1990/1/1,310101199001011227,13900001111,\r\n"
    "王芳,C-3,女,1990-01-01,３１０１０１１９９００１０１１２２６,１３９００００２２２２,\r\n"
    "赵强,C-4,男,1978-06-16,440304197806150039,,\r\n"
    "\"Chen, Jie\",C-5,,,,021-12345678,chen@example.com\r\n"
    "孙丽,C-6,,not a date,,,\r\n";

TEST_CASE("import: a CSV file with good and bad rows reports each bad row once, with its column") {
  Book b;
  const auto before = b.state();

  SUBCASE("all or nothing: the report lists every bad row, and the database is unchanged") {
    const auto report = MUST(b.crm.imports().import_customers_csv(kClerk, kCustomersCsv));
    CHECK_EQ(report.rows, 6U);
    CHECK_EQ(report.imported, 0U);
    CHECK(report.ids.empty());
    REQUIRE_EQ(report.errors.size(), 3U);
    CHECK_EQ(report.errors[0].row, 1U);  // checksum
    CHECK_EQ(report.errors[0].error.field(), "id_number");
    CHECK_EQ(report.errors[1].row, 3U);  // the identity number says born 1978-06-15
    CHECK_EQ(report.errors[1].error.field(), "birth_date");
    CHECK_EQ(report.errors[2].row, 5U);  // unreadable date
    CHECK_EQ(report.errors[2].error.field(), "birth_date");
    CHECK_EQ(report.errors[2].error.code(), Errc::InvalidArgument);
    CHECK(b.state() == before);
  }
  SUBCASE("skip bad rows: the good rows are written, normalised") {
    const auto report = MUST(b.crm.imports().import_customers_csv(kClerk, kCustomersCsv,
                                                                   {.mode = ImportMode::SkipBadRows}));
    CHECK_EQ(report.imported, 3U);
    CHECK_EQ(report.errors.size(), 3U);
    REQUIRE_EQ(report.ids.size(), 3U);
    const auto zhang = MUST(b.crm.customers().get(kAdministrator, report.ids[0]));
    CHECK_EQ(zhang.name, "张伟");
    CHECK(zhang.birth_date == day(1985, 3, 14));
    REQUIRE_EQ(zhang.phones.size(), 1U);
    CHECK_EQ(zhang.phones[0].number, "13812345678");
    CHECK_EQ(zhang.emails.at(0).address, "zhang.wei@example.com");
    const auto wang = MUST(b.crm.customers().get(kAdministrator, report.ids[1]));
    CHECK_EQ(wang.identity->number, "310101199001011226");  // full-width digits made half-width
    CHECK_EQ(wang.phones.at(0).number, "13900002222");
    CHECK(wang.gender == Gender::Female);
    const auto chen = MUST(b.crm.customers().get(kAdministrator, report.ids[2]));
    CHECK_EQ(chen.name, "Chen, Jie");
    CHECK_EQ(chen.phones.at(0).number, "02112345678");
    CHECK_EQ(b.state().customers.size(), 3U);

    SUBCASE("a second run of the same file finds the references taken, and writes nothing") {
      const auto again = MUST(b.crm.imports().import_customers_csv(kClerk, kCustomersCsv,
                                                                    {.mode = ImportMode::SkipBadRows}));
      CHECK_EQ(again.imported, 0U);
      REQUIRE_EQ(again.errors.size(), 6U);
      CHECK_EQ(again.errors[0].error.code(), Errc::AlreadyExists);
      CHECK_EQ(again.errors[0].error.field(), "external_ref");
    }
  }
}

TEST_CASE("import: JSON customers, policies and payments; all or nothing on each file") {
  Book b;
  constexpr std::string_view customers = R"([
    {"name": "张伟", "external_ref": "C-1", "id_number": "110105198503142318", "phone": ["13812345678", "021-87654321"]},
    {"name": "李娜", "external_ref": "C-2", "gender": "female", "birth_date": "1987-06-02", "annual_income": "250000.50"},
    {"name": "", "external_ref": "C-3"},
    "not an object",
    {"name": "周杰", "kind": "robot"}
  ])";
  const auto before = b.state();
  const auto bad = MUST(b.crm.imports().import_customers_json(kClerk, customers));
  REQUIRE_EQ(bad.errors.size(), 3U);
  CHECK_EQ(bad.errors[0].row, 2U);
  CHECK_EQ(bad.errors[0].error.field(), "name");
  CHECK_EQ(bad.errors[1].row, 3U);
  CHECK_EQ(bad.errors[2].row, 4U);
  CHECK_EQ(bad.errors[2].error.field(), "kind");
  CHECK(b.state() == before);

  const auto good = MUST(b.crm.imports().import_customers_json(kClerk, customers, {.mode = ImportMode::SkipBadRows}));
  CHECK_EQ(good.imported, 2U);
  const auto li = MUST(b.crm.customers().get(kAdministrator, good.ids.at(1)));
  REQUIRE(li.annual_income);
  CHECK_EQ(li.annual_income->minor, 250000'50);
  CHECK_EQ(MUST(b.crm.customers().get(kAdministrator, good.ids.at(0))).phones.size(), 2U);

  constexpr std::string_view policies =
      "number,product,holder_ref,sum_insured,premium,frequency,effective_date,status\n"
      "P-1,WL,C-1,500000,12000,annual,2024-03-01,in_force\n"
      "P-2,WL,C-9,500000,12000,annual,2024-03-01,in_force\n"
      "P-3,NOPE,C-2,500000,12000,annual,2024-03-01,in_force\n"
      "P-4,WL,C-2,\"300,000.00\",８０００,annual,2025/1/15,in_force\n"
      "P-1,WL,C-2,100000,1000,annual,2025-01-15,in_force\n";
  const auto before_policies = b.state();
  const auto rejected = MUST(b.crm.imports().import_policies_csv(kClerk, policies));
  REQUIRE_EQ(rejected.errors.size(), 3U);
  CHECK_EQ(rejected.errors[0].row, 1U);
  CHECK_EQ(rejected.errors[0].error.field(), "holder_ref");
  CHECK_EQ(rejected.errors[1].row, 2U);
  CHECK_EQ(rejected.errors[1].error.field(), "product");
  CHECK_EQ(rejected.errors[2].row, 4U);
  CHECK_EQ(rejected.errors[2].error.field(), "number");
  CHECK(b.state() == before_policies);

  const auto imported = MUST(b.crm.imports().import_policies_csv(kClerk, policies, {.mode = ImportMode::SkipBadRows}));
  CHECK_EQ(imported.imported, 2U);
  const auto p4 = MUST(b.crm.policies().by_number(kAdministrator, "P-4"));
  CHECK_EQ(p4.sum_insured.minor, 300'000'00);
  CHECK_EQ(p4.premium.minor, 8'000'00);

  // A policy external_ref already stored: there is no look-up for it, so the store refuses the row
  // on insert; that row is reported and the batch redone without it (or, all or nothing, not at all).
  constexpr std::string_view header = "number,product,holder_ref,sum_insured,premium,effective_date,external_ref\n";
  REQUIRE_EQ(MUST(b.crm.imports().import_policies_csv(kClerk, std::string{header} + "P-10,WL,C-1,500000,12000,2024-03-01,EXT-1\n"))
                 .imported,
             1U);
  const std::string clash = std::string{header} + "P-11,WL,C-1,500000,12000,2024-03-01,EXT-1\n" +
                            "P-12,WL,C-1,500000,12000,2024-03-01,EXT-2\n";
  const auto before_clash = b.state();
  const auto none = MUST(b.crm.imports().import_policies_csv(kClerk, clash));
  CHECK_EQ(none.imported, 0U);
  REQUIRE_EQ(none.errors.size(), 1U);
  CHECK_EQ(none.errors[0].row, 0U);
  CHECK_EQ(none.errors[0].error.code(), Errc::AlreadyExists);
  CHECK_EQ(none.errors[0].error.field(), "external_ref");
  CHECK(b.state() == before_clash);
  const auto some = MUST(b.crm.imports().import_policies_csv(kClerk, clash, {.mode = ImportMode::SkipBadRows}));
  CHECK_EQ(some.imported, 1U);
  REQUIRE_EQ(some.errors.size(), 1U);
  CHECK_EQ(some.errors[0].error.field(), "external_ref");
  CHECK_EQ(MUST(b.crm.policies().by_number(kAdministrator, "P-12")).external_ref, std::optional<std::string>{"EXT-2"});

  constexpr std::string_view payments = R"([
    {"policy_number": "P-1", "due": "2024-03-01", "channel": "online"},
    {"policy_number": "P-1", "due": "2025-03-01", "paid": "2025年2月27日", "amount": "12000"},
    {"policy_number": "P-1", "due": "2024-04-01"},
    {"policy_number": "P-404", "due": "2024-03-01"},
    {"policy_number": "P-1", "due": "2024-03-01"},
    {"policy_number": "P-4", "due": "2025-01-15", "amount": -5}
  ])";
  const auto before_payments = b.state();
  const auto refused = MUST(b.crm.imports().import_payments_json(kClerk, payments));
  REQUIRE_EQ(refused.errors.size(), 4U);
  CHECK_EQ(refused.errors[0].row, 2U);
  CHECK_EQ(refused.errors[0].error.field(), "due");
  CHECK_EQ(refused.errors[1].row, 3U);
  CHECK_EQ(refused.errors[1].error.field(), "policy_number");
  CHECK_EQ(refused.errors[2].row, 4U);  // the same instalment twice in the file
  CHECK_EQ(refused.errors[2].error.field(), "due");
  CHECK_EQ(refused.errors[3].row, 5U);
  CHECK_EQ(refused.errors[3].error.field(), "amount");
  CHECK(b.state() == before_payments);
  const auto paid = MUST(b.crm.imports().import_payments_json(kClerk, payments, {.mode = ImportMode::SkipBadRows}));
  CHECK_EQ(paid.imported, 2U);
  const auto p1 = MUST(b.crm.policies().by_number(kAdministrator, "P-1"));
  const auto p1_payments = MUST(b.crm.policies().payments(kAdministrator, p1.id));
  REQUIRE_EQ(p1_payments.size(), 2U);
  CHECK(p1_payments[1].paid_on == day(2025, 2, 27));
  CHECK(p1_payments[0].channel == PayChannel::Online);
}

TEST_CASE("import: malformed files are an error of the call; batches report progress") {
  Book b;
  CHECK_EQ(b.crm.imports().import_customers_json(kClerk, R"([{"name": "x"},)").error().field(), "json");
  CHECK_EQ(b.crm.imports().import_customers_csv(kClerk, "").error().field(), "csv");
  CHECK_EQ(b.crm.imports().import_customers_csv(kReader, "name\nx\n").error().code(), Errc::PermissionDenied);

  // Row 17 reuses the reference of row 3, which an earlier batch has written by then.
  std::string csv = "name,external_ref\n";
  for (int i = 0; i < 25; ++i) csv += fmt::format("客户{},R-{}\n", i, i == 17 ? 3 : i);
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  const auto report = MUST(b.crm.imports().import_customers_csv(
      kClerk, csv,
      {.mode = ImportMode::SkipBadRows, .batch = 10,
       .progress = [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); }}));
  CHECK_EQ(report.rows, 25U);
  CHECK_EQ(report.imported, 24U);
  REQUIRE_EQ(report.errors.size(), 1U);
  CHECK_EQ(report.errors[0].row, 17U);
  CHECK_EQ(report.errors[0].error.code(), Errc::AlreadyExists);
  CHECK_EQ(report.errors[0].error.field(), "external_ref");
  const std::vector<std::pair<std::size_t, std::size_t>> expected{{10, 25}, {20, 25}, {25, 25}};
  CHECK(calls == expected);
}

TEST_CASE("export: customers as CSV and JSON, masked for a role without personal data") {
  Book b;
  const auto report = MUST(b.crm.imports().import_customers_csv(kClerk, kCustomersCsv, {.mode = ImportMode::SkipBadRows}));
  REQUIRE_EQ(report.imported, 3U);

  const auto full = MUST(b.crm.exports().customers(kAdministrator, ImportFormat::Csv));
  CHECK(full.find("110105198503142318") != std::string::npos);
  CHECK(full.find("13812345678") != std::string::npos);
  CHECK(full.find("\"Chen, Jie\"") != std::string::npos);

  const auto masked = MUST(b.crm.exports().customers(kReader, ImportFormat::Csv));
  CHECK(masked.find("110105198503142318") == std::string::npos);
  CHECK(masked.find("13812345678") == std::string::npos);
  CHECK(masked.find("138****5678") != std::string::npos);
  CHECK(masked.find("zhang.wei@example.com") == std::string::npos);
  CHECK(masked.find("张伟") != std::string::npos);  // names are not personal data here

  const auto json = MUST(b.crm.exports().customers(kReader, ImportFormat::Json));
  CHECK(json.find("\"phone\":\"138****5678\"") != std::string::npos);
  CHECK(json.find("13812345678") == std::string::npos);

  // The full export imports again into a fresh book: same names, numbers and phones.
  Book other;
  const auto round = MUST(other.crm.imports().import_customers_csv(kClerk, full));
  CHECK(round.errors.empty());
  CHECK_EQ(round.imported, 3U);
  const auto again = MUST(other.crm.exports().customers(kAdministrator, ImportFormat::Csv));
  CHECK_EQ(again, full);
}

}  // namespace
}  // namespace inscrm::conformance
