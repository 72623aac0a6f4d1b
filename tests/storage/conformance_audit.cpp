// Conformance: the audit chain (storage/audit_records.hpp, security/audit.hpp) on every adapter —
// the port itself, the chain the facade writes through it, tampering found by Crm::verify_audit
// (an edited row and a deleted row, changed behind the library's back in the database itself),
// and one linear chain under many concurrent writers.
#include "conformance.hpp"
#include "harness.hpp"

#include <inscrm/crm.hpp>
#include <inscrm/security/audit.hpp>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace inscrm::conformance {
namespace {

using storage::AuditRecord;
using storage::TxMode;

const Actor kAdmin{.user = "audit-admin", .roles = {Role::Administrator}};
const Actor kAuditor{.user = "auditor-1", .roles = {Role::Auditor}};

AuditRecord linked(std::int64_t seq, const std::string& prev, std::string action) {
  AuditRecord r;
  r.seq = seq;
  r.actor = "u-1";
  r.action = std::move(action);
  r.entity = "customer";
  r.entity_id = seq * 10;
  r.at = micros(1'767'225'600'000'000 + seq);
  r.digest = audit_digest(kAwkwardText);
  r.prev_hash = prev;
  r.hash = audit_hash(r);
  return r;
}

// Runs `sql` directly on the test database, bypassing the library: the tamperer's view.
void tamper(const TestDatabase& db, const std::string& sql) {
  const auto& uri = db.uri();
  if (uri.rfind("sqlite:", 0) == 0) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(uri.substr(7).c_str(), &raw) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &message);
    const std::string text = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(raw);
    REQUIRE_MESSAGE(rc == SQLITE_OK, text);
    return;
  }
  PGconn* conn = PQconnectdb(uri.c_str());
  REQUIRE(PQstatus(conn) == CONNECTION_OK);
  PGresult* res = PQexec(conn, sql.c_str());
  const bool good = PQresultStatus(res) == PGRES_COMMAND_OK;
  const std::string text = PQerrorMessage(conn);
  PQclear(res);
  PQfinish(conn);
  REQUIRE_MESSAGE(good, text);
}

// `n` customers created and read back with their personal data: 2n audit records.
void book_with_changes(const Crm& crm, int n) {
  for (int i = 0; i < n; ++i) {
    Customer draft;
    draft.name = fmt::format("审计 {}", i);
    draft.phones.push_back({"1381234567" + std::to_string(i % 10), true, false});
    auto c = MUST(crm.customers().create(kAdmin, draft));
    (void)MUST(crm.customers().get(kAdmin, c.id));
  }
}

TEST_CASE("audit: the port appends, reads back in seq order, pages, and rolls back with its transaction") {
  TestDatabase db;
  auto store = db.open();
  {
    auto tx = MUST(store->begin(TxMode::Read));
    CHECK_FALSE(MUST(tx->audit().audit_head()).has_value());
  }
  const auto first = linked(1, "", "customer.created");
  const auto second = linked(2, first.hash, "customer.read");
  {
    auto tx = MUST(store->begin(TxMode::Write));
    MUST(tx->audit().append_audit(first));
    MUST(tx->audit().append_audit(second));
    CHECK_EQ(code_of(tx->audit().append_audit(linked(2, first.hash, "again"))), Errc::AlreadyExists);
    MUST(tx->commit());
  }
  {
    auto tx = MUST(store->begin(TxMode::Write));
    MUST(tx->audit().append_audit(linked(3, second.hash, "rolled.back")));
  }  // dropped without commit
  auto tx = MUST(store->begin(TxMode::Read));
  const auto head = MUST(tx->audit().audit_head());
  REQUIRE(head.has_value());
  CHECK_EQ(head->seq, 2);
  const auto all = MUST(tx->audit().audit_records(0, 10));
  REQUIRE_EQ(all.size(), 2U);
  CHECK_EQ(all[0].action, first.action);
  CHECK_EQ(all[0].actor, first.actor);
  CHECK_EQ(all[0].entity, first.entity);
  CHECK_EQ(all[0].entity_id, first.entity_id);
  CHECK_EQ(all[0].at, first.at);
  CHECK_EQ(all[0].digest, first.digest);
  CHECK_EQ(all[0].prev_hash, "");
  CHECK_EQ(all[0].hash, first.hash);
  CHECK_EQ(all[1].prev_hash, first.hash);
  CHECK_EQ(MUST(tx->audit().audit_records(1, 10)).size(), 1U);
  CHECK_EQ(MUST(tx->audit().audit_records(0, 1)).size(), 1U);
}

TEST_CASE("audit: every change and every read of personal data is chained, and the chain verifies") {
  TestDatabase db;
  auto owned = db.open();
  storage::Store* store = owned.get();  // the Crm's own store: the memory adapter shares nothing
  auto crm = MUST(Crm::open(std::move(owned)));
  book_with_changes(crm, 3);
  const auto v = MUST(crm.verify_audit(kAuditor));
  CHECK(v.ok());
  CHECK_EQ(v.checked, 6);  // 3 × (customer.created + customer.read)
  auto tx = MUST(store->begin(TxMode::Read));
  const auto all = MUST(tx->audit().audit_records(0, 100));
  REQUIRE_EQ(all.size(), 6U);
  CHECK_EQ(all[0].action, "customer.created");
  CHECK_EQ(all[1].action, "customer.read");
  CHECK_EQ(all[1].actor, kAdmin.user);
  CHECK_EQ(all[1].entity_id, all[0].entity_id);
}

TEST_CASE("audit: an edited row and a deleted row are named by verify_audit") {
  TestDatabase db;
  if (!db.shared()) {
    // memory: no database outside the process to tamper with.
    CHECK_EQ(std::string{db.open()->kind()}, "memory");
    return;
  }
  auto crm = MUST(Crm::open(db.open()));
  book_with_changes(crm, 4);  // 8 records
  REQUIRE(MUST(crm.verify_audit(kAuditor)).ok());

  SUBCASE("an edited row breaks its own hash") {
    tamper(db, "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5");
    const auto v = MUST(crm.verify_audit(kAuditor));
    REQUIRE_FALSE(v.ok());
    CHECK_EQ(v.broken->seq, 5);
    CHECK(v.broken->reason.find("altered") != std::string::npos);
    CHECK_EQ(v.checked, 5);
  }
  SUBCASE("an edited row whose hash was recomputed breaks the next link") {
    // The tamperer cannot know the chain's earlier hashes matter; make the row self-consistent anyway.
    auto store = db.open();
    AuditRecord r;
    {
      auto tx = MUST(store->begin(TxMode::Read));
      r = MUST(tx->audit().audit_records(2, 1)).at(0);
    }
    r.entity_id = 999;
    r.hash = audit_hash(r);
    tamper(db, fmt::format("UPDATE audit_log SET entity_id = 999, hash = '{}' WHERE seq = 3", r.hash));
    const auto v = MUST(crm.verify_audit(kAuditor));
    REQUIRE_FALSE(v.ok());
    CHECK_EQ(v.broken->seq, 4);
    CHECK(v.broken->reason.find("prev_hash") != std::string::npos);
  }
  SUBCASE("a deleted row leaves a gap") {
    tamper(db, "DELETE FROM audit_log WHERE seq = 3");
    const auto v = MUST(crm.verify_audit(kAuditor));
    REQUIRE_FALSE(v.ok());
    CHECK_EQ(v.broken->seq, 3);
    CHECK(v.broken->reason.find("missing") != std::string::npos);
  }
  SUBCASE("the first row deleted") {
    tamper(db, "DELETE FROM audit_log WHERE seq = 1");
    const auto v = MUST(crm.verify_audit(kAuditor));
    REQUIRE_FALSE(v.ok());
    CHECK_EQ(v.broken->seq, 1);
  }
}

TEST_CASE("audit: many writers keep one linear chain") {
  TestDatabase db;
  constexpr int kThreads = 4;
  constexpr int kEach = 15;
  auto shared_crm = MUST(Crm::open(db.open()));
  std::vector<std::string> failures(kThreads);
  std::atomic<int> retries{0};
  auto worker = [&](int who) {
    // SQL adapters: a Crm (and pool) per thread, as separate processes would have; memory: one store.
    auto crm = db.shared() ? MUST(Crm::open(db.open())) : shared_crm;
    for (int i = 0; i < kEach; ++i) {
      Customer draft;
      draft.name = fmt::format("W{}-{}", who, i);
      for (int attempt = 0;; ++attempt) {
        auto c = crm.customers().create(kAdmin, draft);
        if (c) break;
        if (c.error().code() != Errc::StorageUnavailable || attempt > 200) {
          failures[static_cast<std::size_t>(who)] = c.error().to_string();
          return;
        }
        ++retries;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) threads.emplace_back(worker, i);
  for (auto& t : threads) t.join();
  for (const auto& f : failures) CHECK_EQ(f, "");
  const auto v = MUST(shared_crm.verify_audit(kAuditor));
  CHECK(v.ok());
  CHECK_EQ(v.checked, kThreads * kEach);
  MESSAGE("retries on busy: " << retries.load());
}

}  // namespace
}  // namespace inscrm::conformance
