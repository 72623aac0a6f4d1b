// Erasure, retention and lookups by personal data through the facade (domain.md C12), on the
// memory store and on an encrypted SQLite file: after erasure the customer's personal data cannot
// be decrypted (their wrapped data key exists nowhere in the file or its -wal) and is not found by
// the blind index, while the KPIs of the period, the policies and the audit chain are unchanged.

#include <doctest/doctest.h>

#include <inscrm/crm.hpp>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <unistd.h>

using namespace std::chrono_literals;
using namespace inscrm;

namespace {

const Actor admin{.user = "admin-1", .roles = {Role::Administrator, Role::Analyst}};
const Actor analyst{.user = "analyst-1", .roles = {Role::Analyst}};

// A SQLite database in a directory of its own, removed with its key file at the end.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("inscrm-erasure-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The wrapped data key of a customer, read from the file behind the library's back.
std::string stored_data_key(const std::string& db, CustomerId id) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, "SELECT data_key FROM customers WHERE id = ?", -1, &st, nullptr) == SQLITE_OK);
  sqlite3_bind_int64(st, 1, id.value);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const auto* text = sqlite3_column_text(st, 0);
  std::string out = text ? reinterpret_cast<const char*>(text) : "";
  sqlite3_finalize(st);
  sqlite3_close(raw);
  return out;
}

struct Book {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(Date{2026y / 3 / 1});
  Crm crm;
  CustomerId stays, leaves, prospect;

  explicit Book(const std::string& uri) : crm(Crm::open(uri, {.clock = clock}).value()) {
    auto head = crm.organisation().create_unit(admin, {.code = "HO", .name = "Head office", .kind = OrgUnitKind::HeadOffice});
    REQUIRE(head);
    REQUIRE(crm.products().create(admin, {.code = "WL", .name = "Whole life", .term_years = 20}));
    stays = add("张伟", "110105198503142318", "13812345678", "zhang.wei@example.com", head.value().id);
    leaves = add("王芳", "110105199003074528", "13900001111", "wang.fang@example.com", head.value().id);
    prospect = add("赵六", std::nullopt, "13700002222", "zhao@example.com", head.value().id);
    auto row = [&](CustomerId holder, std::string number, std::vector<PaymentInput> paid) {
      PolicyImportRow r;
      r.application = {.product = "WL", .holder = holder, .sum_insured = Money::cny(100'000'00),
                       .premium = Money::cny(1'000'00), .premium_years = 10,
                       .effective_date = Date{2024y / 3 / 1}, .number = std::move(number)};
      r.payments = std::move(paid);
      return r;
    };
    std::vector<PolicyImportRow> rows{
        row(stays, "P-1", {{.due = Date{2024y / 3 / 1}, .paid = Date{2024y / 3 / 1}},
                           {.due = Date{2025y / 3 / 1}, .paid = Date{2025y / 3 / 1}}}),
        row(leaves, "P-2", {{.due = Date{2024y / 3 / 1}, .paid = Date{2024y / 3 / 1}}})};
    REQUIRE(crm.policies().import(admin, rows));
  }

  CustomerId add(std::string name, std::optional<std::string> identity, std::string phone, std::string email,
                 OrgUnitId unit) {
    Customer c;
    c.name = std::move(name);
    if (identity) c.identity = IdentityDocument{IdType::ResidentId, *identity};
    c.phones = {{std::move(phone), true, false}};
    c.emails = {{std::move(email), true, false}};
    c.addresses = {{"上海市浦东新区世纪大道100号", "310115", "200120", true, false}};
    c.annual_income = Money::cny(360'000'00);
    c.region = "310000";
    c.org_unit = unit;
    auto created = crm.customers().create(admin, c);
    REQUIRE_MESSAGE(created, (created ? std::string{} : created.error().to_string()));
    return created.value().id;
  }
};

void check_same(const Kpis& a, const Kpis& b) {
  CHECK(a.renewal.eligible == b.renewal.eligible);
  CHECK(a.renewal.achieved == b.renewal.achieved);
  CHECK(a.persistency_13th_month.eligible == b.persistency_13th_month.eligible);
  CHECK(a.persistency_13th_month.achieved == b.persistency_13th_month.achieved);
  CHECK(a.persistency_25th_month.eligible == b.persistency_25th_month.eligible);
  CHECK(a.referral.eligible == b.referral.eligible);
  CHECK(a.policies_in_force == b.policies_in_force);
  CHECK(a.complaints == b.complaints);
  CHECK(a.churn.eligible == b.churn.eligible);
  CHECK(a.churn.achieved == b.churn.achieved);
  CHECK(a.tier_distribution == b.tier_distribution);
}

void erase_and_check(Book& book) {
  auto& crm = book.crm;
  const KpiQuery period{.from = Date{2025y / 1 / 1}, .to = Date{2026y / 1 / 1}};
  const Kpis before = crm.kpis(analyst, period).value();
  REQUIRE(before.policies_in_force == 2);

  REQUIRE(crm.customers().find_by_phone(admin, "+86 139 0000 1111").value().size() == 1);
  REQUIRE(crm.customers().find_by_email(admin, "wang.fang@EXAMPLE.com").value().size() == 1);
  REQUIRE(crm.customers().find_by_identity(admin, "110105199003074528").value().size() == 1);

  // Only a role that may change personal data erases.
  auto refused = crm.customers().erase(analyst, book.leaves);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code() == Errc::PermissionDenied);

  const Customer erased = crm.customers().erase(admin, book.leaves).value();
  CHECK(erased.erased_on == std::optional<Date>{Date{2026y / 3 / 1}});
  CHECK(erased.name.empty());
  CHECK_FALSE(erased.identity.has_value());
  CHECK(erased.phones.empty());
  CHECK(erased.emails.empty());
  CHECK(erased.addresses.empty());
  CHECK_FALSE(erased.annual_income.has_value());
  CHECK(erased.region == "310000");  // statistics keep their facts
  const Customer read_back = crm.customers().get(admin, book.leaves).value();
  CHECK(read_back.name.empty());
  CHECK(read_back.phones.empty());
  CHECK(crm.customers().erase(admin, book.leaves).error().code() == Errc::IllegalTransition);

  CHECK(crm.customers().find_by_phone(admin, "13900001111").value().empty());
  CHECK(crm.customers().find_by_email(admin, "wang.fang@example.com").value().empty());
  CHECK(crm.customers().find_by_identity(admin, "110105199003074528").value().empty());
  CHECK(crm.customers().find_by_phone(admin, "13812345678").value().size() == 1);  // others untouched

  check_same(before, crm.kpis(analyst, period).value());
  const auto audit = crm.verify_audit(admin).value();
  CHECK_FALSE(audit.broken.has_value());
  CHECK(audit.checked > 0);
  // The ledger stays: the policy and its payments are still the erased customer's.
  const auto policies = crm.policies().list(admin, {.holder = book.leaves}).value();
  REQUIRE(policies.size() == 1);
  CHECK(policies[0].number == "P-2");
}

}  // namespace

TEST_CASE("erasure: personal data goes, KPIs, ledgers and the audit chain stay (memory store)") {
  Book book{"memory:"};
  erase_and_check(book);
}

TEST_CASE("erasure: on SQLite the destroyed data key is nowhere in the file or its WAL") {
  TempDir dir;
  const std::string db = (dir.path / "crm.db").string();
  {
    Book book{"sqlite:" + db};
    const std::string key = stored_data_key(db, book.leaves);
    REQUIRE(key.size() > 40);
    const bool stored = slurp(db).find(key) != std::string::npos || slurp(db + "-wal").find(key) != std::string::npos;
    REQUIRE(stored);  // the grep below would find it if it were still there
    erase_and_check(book);
    CHECK(stored_data_key(db, book.leaves).empty());
    // With the store still open (the WAL in use) and without any help from the library, the old
    // wrapped key — the only way to the sealed fields, master key or not — is gone.
    CHECK(slurp(db).find(key) == std::string::npos);
    CHECK(slurp(db + "-wal").find(key) == std::string::npos);
  }
  // The default key file: next to the database, readable by its owner only.
  const auto perms = std::filesystem::status(db + ".key").permissions();
  CHECK((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
        std::filesystem::perms::none);
}

TEST_CASE("retention: customers without cover for N years are due, and erase_due erases exactly them") {
  Book book{"memory:"};
  auto& crm = book.crm;
  // The prospect was created on 2026-03-01 and never insured; the holders' policies are in force.
  CHECK(crm.customers().due_for_erasure(admin, 5, Date{2031y / 3 / 1}).value() == std::vector<CustomerId>{book.prospect});
  CHECK(crm.customers().due_for_erasure(admin, 5, Date{2031y / 2 / 28}).value().empty());
  CHECK(crm.customers().due_for_erasure(admin, 0, Date{2031y / 3 / 1}).error().field() == "years");

  // The second holder's policy is surrendered on 2026-03-01: due five years later, not before.
  auto p2 = crm.policies().list(admin, {.holder = book.leaves}).value().front();
  auto surrendered = crm.policies().surrender(admin, p2.id, "moved abroad");
  REQUIRE(surrendered);
  CHECK(crm.customers().due_for_erasure(admin, 5, Date{2031y / 3 / 1}).value() ==
        std::vector<CustomerId>{book.leaves, book.prospect});

  book.clock->set(start_of(Date{2031y / 3 / 2}));
  const auto erased = crm.customers().erase_due(admin, 5).value();
  CHECK(erased == std::vector<CustomerId>{book.leaves, book.prospect});
  CHECK(crm.customers().get(admin, book.prospect).value().erased_on.has_value());
  CHECK_FALSE(crm.customers().get(admin, book.stays).value().erased_on.has_value());
  CHECK(crm.customers().due_for_erasure(admin, 5, Date{2031y / 3 / 2}).value().empty());  // erased once
}
