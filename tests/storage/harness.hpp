#pragma once
// The conformance suite's one seam. The cases in conformance.cpp are written once against
// inscrm::storage::Store; which adapter they exercise is chosen when the binary starts (main.cpp:
// --adapter=memory|sqlite|postgresql), and every test case gets a database of its own, so cases
// can run in any order and in parallel (ctest -j) without seeing each other's rows.

#include <inscrm/storage/store.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace inscrm::conformance {

enum class Adapter { Memory, Sqlite, Postgresql };

// The adapter this run tests (set once by main before any test case runs).
Adapter adapter_under_test() noexcept;
// What Store::kind() of that adapter says: "memory", "sqlite", "postgresql".
std::string_view adapter_name(Adapter adapter) noexcept;

// One clean database for one test case: a private memory store, a new SQLite file in the temp
// directory, or a new PostgreSQL database created next to INSCRM_PG_URI's. Removed again when the
// test case ends; close every store opened on it first (declare it before them).
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // What open_store() is given.
  const std::string& uri() const noexcept { return uri_; }
  // Whether two stores opened on uri() share their data. memory: stores never do.
  bool shared() const noexcept { return adapter_ != Adapter::Memory; }
  // Opens a store on this database through open_store(); a failure fails the test case.
  std::unique_ptr<storage::Store> open() const;

 private:
  Adapter adapter_;
  std::string uri_;
  std::string resource_;  // the SQLite file or the PostgreSQL database to remove at the end
};

}  // namespace inscrm::conformance
