#pragma once
// The in-memory adapter: tests, scratch work, and the reference the conformance suite holds the
// SQL adapters to. A write transaction holds the store's lock exclusively and keeps an undo log;
// destroying it without commit() replays the log backwards, so nothing half-written survives.

#include <inscrm/storage/store.hpp>

#include <memory>

namespace inscrm::storage {

std::unique_ptr<Store> make_memory_store();

}  // namespace inscrm::storage
