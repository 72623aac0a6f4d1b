#pragma once
// What an inscrm_db handle points to. The Crm is itself safe to share between threads, and the
// manual clock is atomic, so the handle needs no lock of its own (the header's threading contract).
//
// inscrm_db stays an incomplete type even here: the handle is a Database* cast to inscrm_db*.
// Defining struct inscrm_db in C++ would put the whole facade (Crm, its engine, the standard
// library types inside) into the debug information of the public type, and with it into the ABI
// that abidw records; as an incomplete type it is what the header promises, opaque.

#include <inscrm.h>

#include <inscrm/core/clock.hpp>
#include <inscrm/crm.hpp>

#include <memory>
#include <string>

namespace inscrm::capi {

struct Database {
  Crm crm;
  // Set when the host opened with INSCRM_CLOCK_MANUAL: the same clock the Crm reads.
  std::shared_ptr<ManualClock> manual_clock;
  // Copied at open, so inscrm_db_storage_kind can hand out a pointer valid until close.
  std::string storage_kind;
};

inline inscrm_db* to_handle(Database* d) noexcept { return reinterpret_cast<inscrm_db*>(d); }
// Only ever applied to pointers made by to_handle (after the NULL check).
inline Database& from_handle(inscrm_db* db) noexcept { return *reinterpret_cast<Database*>(db); }

}  // namespace inscrm::capi
