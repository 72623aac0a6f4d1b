#pragma once
// The adapter edge: whatever SOCI, SQLite or libpq threw becomes an inscrm::Error here, and
// nothing else escapes a Store or Transaction method.

#include "storage/sql/dialect.hpp"

#include <inscrm/core/error.hpp>

#include <exception>
#include <string>
#include <string_view>

namespace inscrm::storage::sql {

// StorageUnavailable: cannot connect, connection lost, database locked or busy, serialization
// failure or deadlock (retrying may succeed). AlreadyExists (field from the constraint) for a
// unique violation that got past the statements' own guards (a race with another writer).
// StorageError for everything else, with the database's message. `connection_lost` says the
// caller found the connection dead after the error.
Error translate_exception(const std::exception& e, Backend backend, bool connection_lost);

// "external_ref", "number", "code", "due_date" — the field a unique-violation message is about.
std::string unique_field(std::string_view message);

}  // namespace inscrm::storage::sql
