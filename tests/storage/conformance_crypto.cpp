// Conformance: field encryption (migration 0007_crypto, src/storage/crypto/) on every adapter —
// lookups through the blind index kept in step with inserts, bulk inserts, updates and erasure;
// erasure destroying the data key; and, on the adapters that keep data at rest (SQLite,
// PostgreSQL): no personal field in plain text in the database (the SQLite file and its -wal are
// grepped), a wrong master key refused at open, and rotation (old key no longer opens, new does).
#include "conformance.hpp"
#include "harness.hpp"

#include <inscrm/security/key_provider.hpp>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace inscrm::conformance {
namespace {

using storage::KeyOptions;
using storage::Store;
using storage::Transaction;
using storage::TxMode;

// Distinctive values, so that finding one in the raw database can only mean it leaked.
constexpr const char* kIdNumber = "E98765432ZQ";
constexpr const char* kPhone = "13987654321";
constexpr const char* kEmail = "secret.person@leak-check.cn";
constexpr const char* kAddress = "LeakCheck Road 77";
constexpr const char* kName = "Visible Name Qx";  // names are not personal fields here (README)

Customer person(OrgUnitId unit, std::string suffix = {}) {
  Customer c;
  c.kind = PartyKind::Person;
  c.name = kName + suffix;
  c.gender = Gender::Male;
  c.birth_date = day(1980, 5, 6);
  c.identity = IdentityDocument{IdType::Passport, kIdNumber + suffix};
  c.annual_income = Money{987'654'321, Currency::cny()};
  c.region = "310000";
  c.phones = {{kPhone, true, true}, {"02161234567", false, false}};
  c.emails = {{kEmail + suffix, true, false}};
  c.addresses = {{kAddress + suffix, "310115", "200120", true, false}};
  c.org_unit = unit;
  c.created_at = micros(1'767'225'600'000'000);
  c.updated_at = c.created_at;
  return c;
}

OrgUnitId insert_unit(Store& store) {
  auto tx = MUST(store.begin(TxMode::Write));
  OrgUnit u;
  u.code = "HQ";
  u.name = "Head office";
  u.kind = OrgUnitKind::HeadOffice;
  u.created_at = micros(1'700'000'000'000'000);
  MUST(tx->insert_org_unit(u));
  MUST(tx->commit());
  return u.id;
}

std::unique_ptr<Store> open_with(const TestDatabase& db, std::shared_ptr<KeyProvider> key) {
  KeyOptions options;
  options.provider = std::move(key);
  return MUST(storage::open_store(db.uri(), options));
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Everything the database holds, as the person who copies it would see it: the SQLite file and its
// -wal byte for byte; every row of the PostgreSQL tables, as text.
std::string raw_contents(const TestDatabase& db) {
  const std::string& uri = db.uri();
  if (uri.rfind("sqlite:", 0) == 0) {
    const std::string path = uri.substr(7);
    return slurp(path) + slurp(path + "-wal");
  }
  PGconn* conn = PQconnectdb(uri.c_str());
  REQUIRE(PQstatus(conn) == CONNECTION_OK);
  std::string out;
  for (const char* table : {"customers", "customer_blind_index", "crypto_keys", "outbox", "audit_log"}) {
    PGresult* res = PQexec(conn, fmt::format("SELECT t::text FROM {} t", table).c_str());
    REQUIRE_MESSAGE(PQresultStatus(res) == PGRES_TUPLES_OK, PQerrorMessage(conn));
    for (int i = 0; i < PQntuples(res); ++i) out += PQgetvalue(res, i, 0);
    PQclear(res);
  }
  PQfinish(conn);
  return out;
}

std::vector<CustomerId> ids(std::initializer_list<CustomerId> list) { return list; }

}  // namespace

TEST_SUITE_BEGIN("storage");

TEST_CASE("crypto: lookups by identity number, phone and e-mail follow inserts, bulk inserts, updates and erasure") {
  TestDatabase db;
  auto store = db.open();
  const OrgUnitId unit = insert_unit(*store);
  Customer a = person(unit, "A");
  std::vector<Customer> bulk{person(unit, "B"), person(unit, "C")};
  {
    auto tx = MUST(store->begin(TxMode::Write));
    MUST(tx->insert_customer(a));
    MUST(tx->insert_customers(bulk));
    MUST(tx->commit());
  }
  const Customer& b = bulk[0];
  const Customer& c = bulk[1];
  {
    auto tx = MUST(store->begin(TxMode::Read));
    CHECK(MUST(tx->customers_by_identity(std::string{kIdNumber} + "B")) == ids({b.id}));
    CHECK(MUST(tx->customers_by_phone(kPhone)) == ids({a.id, b.id, c.id}));
    CHECK(MUST(tx->customers_by_phone("02161234567")) == ids({a.id, b.id, c.id}));
    CHECK(MUST(tx->customers_by_email(std::string{kEmail} + "C")) == ids({c.id}));
    CHECK(MUST(tx->customers_by_email(kEmail)).empty());
    CHECK(MUST(tx->customers_by_identity(kPhone)).empty());  // a phone is not an identity number
    // The record reads back whole: every personal field opened again.
    const Customer back = MUST(tx->customer(b.id));
    CHECK(back.identity->number == b.identity->number);
    CHECK(back.annual_income == b.annual_income);
    REQUIRE(back.phones.size() == 2);
    CHECK(back.phones[1].number == "02161234567");
    CHECK(back.emails[0].address == b.emails[0].address);
    CHECK(back.addresses[0].line == b.addresses[0].line);
    CHECK_FALSE(back.erased_on.has_value());
  }
  {
    auto tx = MUST(store->begin(TxMode::Write));
    Customer changed = MUST(tx->customer(a.id));
    changed.phones = {{"13500000001", true, false}};
    changed.identity->number = "NEW-ID-1";
    MUST(tx->update_customer(changed));
    MUST(tx->commit());
  }
  {
    auto tx = MUST(store->begin(TxMode::Read));
    CHECK(MUST(tx->customers_by_phone(kPhone)) == ids({b.id, c.id}));
    CHECK(MUST(tx->customers_by_phone("13500000001")) == ids({a.id}));
    CHECK(MUST(tx->customers_by_identity(std::string{kIdNumber} + "A")).empty());
    CHECK(MUST(tx->customers_by_identity("NEW-ID-1")) == ids({a.id}));
  }
  {
    auto tx = MUST(store->begin(TxMode::Write));
    Customer erased = MUST(tx->customer(c.id));
    erased.identity.reset();
    erased.phones.clear();
    erased.emails.clear();
    erased.addresses.clear();
    erased.annual_income.reset();
    erased.name.clear();
    erased.erased_on = day(2026, 1, 2);
    MUST(tx->erase_customer(erased));
    CHECK(erased.version == 2);
    MUST(tx->commit());
  }
  auto tx = MUST(store->begin(TxMode::Read));
  CHECK(MUST(tx->customers_by_phone(kPhone)) == ids({b.id}));
  CHECK(MUST(tx->customers_by_email(std::string{kEmail} + "C")).empty());
  CHECK(MUST(tx->customers_by_identity(std::string{kIdNumber} + "C")).empty());
  const Customer gone = MUST(tx->customer(c.id));
  CHECK(gone.erased_on == std::optional<Date>{day(2026, 1, 2)});
  CHECK(gone.name.empty());
  CHECK_FALSE(gone.identity.has_value());
  CHECK(gone.phones.empty());
  CHECK_FALSE(gone.annual_income.has_value());
  CHECK(gone.birth_date == std::optional<Date>{day(1980, 5, 6)});  // statistics keep their facts
  CHECK(gone.region == "310000");
}

TEST_CASE("crypto: no personal field is stored in plain text, and erasure leaves no data key") {
  if (adapter_under_test() == Adapter::Memory) return;  // the memory adapter keeps nothing at rest
  TestDatabase db;
  auto store = db.open();
  const OrgUnitId unit = insert_unit(*store);
  Customer c = person(unit);
  std::vector<Customer> bulk{person(unit, "-bulk")};
  {
    auto tx = MUST(store->begin(TxMode::Write));
    MUST(tx->insert_customer(c));
    MUST(tx->insert_customers(bulk));
    MUST(tx->commit());
  }
  auto check_raw = [&](const char* when) {
    INFO(when);
    const std::string raw = raw_contents(db);
    CHECK(raw.find(kName) != std::string::npos);  // the grep sees what is stored in plain text
    for (const char* secret : {kIdNumber, kPhone, "02161234567", kEmail, kAddress, "987654321"})
      CHECK_MESSAGE(raw.find(secret) == std::string::npos, secret << " is stored in plain text");
  };
  check_raw("store open (the -wal holds the writes)");
  {
    // The income is an INTEGER column: a byte grep could miss it, so ask the database too.
    auto tx = MUST(store->begin(TxMode::Read));
    CHECK(MUST(tx->customer(c.id)).annual_income == c.annual_income);
  }
  {
    auto tx = MUST(store->begin(TxMode::Write));
    Customer erased = MUST(tx->customer(c.id));
    erased = Customer{.id = erased.id, .version = erased.version, .name = "", .org_unit = unit};
    erased.created_at = c.created_at;
    erased.updated_at = c.updated_at;
    erased.erased_on = day(2026, 2, 3);
    MUST(tx->erase_customer(erased));
    MUST(tx->commit());
  }
  store.reset();  // SQLite checkpoints the WAL into the file as the last connection closes
  check_raw("store closed");
  if (db.uri().rfind("sqlite:", 0) == 0) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.uri().substr(7).c_str(), &raw) == SQLITE_OK);
    auto count = [&](const char* sql) {
      sqlite3_stmt* st = nullptr;
      REQUIRE(sqlite3_prepare_v2(raw, sql, -1, &st, nullptr) == SQLITE_OK);
      REQUIRE(sqlite3_step(st) == SQLITE_ROW);
      const int n = sqlite3_column_int(st, 0);
      sqlite3_finalize(st);
      return n;
    };
    CHECK(count("SELECT COUNT(*) FROM customers WHERE income_minor IS NOT NULL OR id_number IS NOT NULL") == 0);
    CHECK(count("SELECT COUNT(*) FROM customers WHERE data_key IS NULL") == 1);  // the erased one
    CHECK(count("SELECT COUNT(*) FROM customers WHERE erased_on IS NOT NULL AND sealed IS NULL") == 1);
    sqlite3_close(raw);
  }
}

TEST_CASE("crypto: a wrong master key is refused at open, and rotation makes the old key useless and keeps the data") {
  if (adapter_under_test() == Adapter::Memory) return;  // a memory store cannot be re-opened
  TestDatabase db;
  const MasterKey old_key = random_master_key();
  const MasterKey new_key = random_master_key();
  CustomerId id;
  {
    auto store = open_with(db, key_from_bytes(old_key));
    const OrgUnitId unit = insert_unit(*store);
    Customer c = person(unit);
    auto tx = MUST(store->begin(TxMode::Write));
    MUST(tx->insert_customer(c));
    MUST(tx->commit());
    id = c.id;
  }
  {
    KeyOptions wrong;
    wrong.provider = key_from_bytes(new_key);
    auto refused = storage::open_store(db.uri(), wrong);
    REQUIRE(code_of(refused) == Errc::PermissionDenied);
    CHECK(refused.error().field() == "master_key");
  }
  {
    auto store = open_with(db, key_from_bytes(old_key));
    auto tx = MUST(store->begin(TxMode::Write));
    CHECK(MUST(tx->rotate_master_key(new_key)) == 1);
    MUST(tx->commit());
    // The store that rotated goes on working under the new key.
    auto read = MUST(store->begin(TxMode::Read));
    CHECK(MUST(read->customer(id)).identity->number == kIdNumber);
  }
  {
    KeyOptions old_options;
    old_options.provider = key_from_bytes(old_key);
    auto refused = storage::open_store(db.uri(), old_options);
    REQUIRE(code_of(refused) == Errc::PermissionDenied);
    CHECK(refused.error().field() == "master_key");
  }
  auto store = open_with(db, key_from_bytes(new_key));
  auto tx = MUST(store->begin(TxMode::Read));
  const Customer c = MUST(tx->customer(id));
  CHECK(c.identity->number == kIdNumber);
  CHECK(c.phones.front().number == kPhone);
  CHECK(c.annual_income == std::optional<Money>{Money{987'654'321, Currency::cny()}});
  CHECK(MUST(tx->customers_by_email(kEmail)) == ids({id}));  // the index key survived rotation
}

TEST_CASE("crypto: a rotation that is rolled back leaves the old key in force") {
  if (adapter_under_test() == Adapter::Memory) return;
  TestDatabase db;
  const MasterKey old_key = random_master_key();
  {
    auto store = open_with(db, key_from_bytes(old_key));
    const OrgUnitId unit = insert_unit(*store);
    Customer c = person(unit);
    auto tx = MUST(store->begin(TxMode::Write));
    MUST(tx->insert_customer(c));
    MUST(tx->commit());
    auto rotating = MUST(store->begin(TxMode::Write));
    MUST(rotating->rotate_master_key(random_master_key()));
    // dropped without commit: rolled back
  }
  auto store = open_with(db, key_from_bytes(old_key));
  auto tx = MUST(store->begin(TxMode::Read));
  CHECK(MUST(tx->customers_by_phone(kPhone)).size() == 1);
}

TEST_SUITE_END();

}  // namespace inscrm::conformance
