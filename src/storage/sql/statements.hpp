#pragma once
// Statements prepared once per connection and kept for its life. SOCI's SQLite backend caches
// nothing by itself, and on PostgreSQL a prepared statement saves the server parsing and planning
// each call; the bulk loops and the per-record paths of the facade both run through these.

#include <memory>
#include <unordered_map>

namespace inscrm::storage::sql {

class Connection;

struct CachedStatement {
  virtual ~CachedStatement() = default;
};

class StatementCache {
 public:
  // The statement of type T, preparing it on first use. Each T is one statement (or a fixed set).
  template <class T>
  T& get(Connection& c) {
    auto& slot = slots_[key<T>()];
    if (!slot) slot = std::make_unique<T>(c);
    return static_cast<T&>(*slot);
  }
  // After an error a statement may be left mid-step or bound to a dead connection: start over.
  void clear() noexcept { slots_.clear(); }

 private:
  template <class T>
  static const void* key() noexcept {
    static const char k = 0;
    return &k;
  }
  std::unordered_map<const void*, std::unique_ptr<CachedStatement>> slots_;
};

}  // namespace inscrm::storage::sql
