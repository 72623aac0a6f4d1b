#pragma once
// The store's connections: SOCI's pool hands out session slots (one per thread at a time, SOCI
// objects not being thread-safe), and each slot has its Connection with its prepared statements.
// Shared by the store and its open transactions, so a transaction outliving its store stays valid.

#include "storage/crypto/key_ring.hpp"
#include "storage/sql/connection.hpp"

#include <soci/soci.h>

#include <cstddef>
#include <memory>
#include <vector>

namespace inscrm::storage::sql {

struct ConnectionPool {
  ConnectionPool(Backend b, std::size_t size) : backend(b), sessions(size) {
    connections.reserve(size);
    for (std::size_t i = 0; i < size; ++i) connections.push_back(std::make_unique<Connection>(b, sessions.at(i)));
  }

  Backend backend;
  // The store's key ring (set once at open, after the migrations): the cipher of personal fields.
  std::shared_ptr<crypto::KeyRing> keys;
  soci::connection_pool sessions;
  // Declared after `sessions`: prepared statements are destroyed before the sessions they use.
  std::vector<std::unique_ptr<Connection>> connections;
};

// One leased slot, given back on destruction.
class Lease {
 public:
  Lease(std::shared_ptr<ConnectionPool> pool, std::size_t slot) noexcept : pool_(std::move(pool)), slot_(slot) {}
  Lease(Lease&& other) noexcept : pool_(std::move(other.pool_)), slot_(other.slot_) {}
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() {
    if (pool_) pool_->sessions.give_back(slot_);
  }

  Connection& connection() const noexcept { return *pool_->connections[slot_]; }
  ConnectionPool& pool() const noexcept { return *pool_; }

 private:
  std::shared_ptr<ConnectionPool> pool_;
  std::size_t slot_;
};

}  // namespace inscrm::storage::sql
