#include "storage/sql/errors.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <fmt/format.h>

#include <array>

namespace inscrm::storage::sql {
namespace {

// SOCI's what() appends the statement text and its bound values: personal data must not reach a
// host's logs that way, so only the database's own message is kept.
std::string database_message(const std::exception& e) {
  const auto* se = dynamic_cast<const soci::soci_error*>(&e);
  std::string message = se ? se->get_error_message() : e.what();
  // libpq ends its messages with a newline, sometimes with a hint line after it.
  for (auto& ch : message)
    if (ch == '\n' || ch == '\t') ch = ' ';
  while (!message.empty() && message.back() == ' ') message.pop_back();
  return message;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

bool retryable_sqlstate(std::string_view state) {
  // 08: connection exception; 53: insufficient resources (too many connections …); 57P0x: server
  // shutting down or starting; 40001 serialization failure; 40P01 deadlock; 55P03 lock timeout.
  if (state.starts_with("08") || state.starts_with("53") || state.starts_with("57P")) return true;
  return state == "40001" || state == "40P01" || state == "55P03";
}

Error from_postgresql(const soci::postgresql_soci_error& e, bool connection_lost) {
  const std::string state = e.sqlstate();
  const std::string message = database_message(e);
  if (connection_lost || retryable_sqlstate(state) ||
      e.get_error_category() == soci::soci_error::connection_error)
    return Error::storage_unavailable(fmt::format("postgresql: {}", message));
  if (state == "23505")
    return Error::already_exists(unique_field(message), fmt::format("postgresql: {}", message));
  // The one foreign key the port promises to check: payments → policies.
  if (state == "23503") return Error::not_found("policy", fmt::format("postgresql: {}", message));
  return Error::storage(fmt::format("postgresql ({}): {}", state, message));
}

Error from_sqlite(const soci::sqlite3_soci_error& e) {
  const std::string message = database_message(e);
  switch (e.result() & 0xFF) {  // primary result code, whether or not the extended one came
    case 5:   // SQLITE_BUSY
    case 6:   // SQLITE_LOCKED
    case 14:  // SQLITE_CANTOPEN
      return Error::storage_unavailable(fmt::format("sqlite: {}", message));
    case 19:  // SQLITE_CONSTRAINT
      if (contains(message, "UNIQUE constraint failed"))
        return Error::already_exists(unique_field(message), fmt::format("sqlite: {}", message));
      if (contains(message, "FOREIGN KEY constraint failed"))
        return Error::not_found("policy", fmt::format("sqlite: {}", message));
      break;
    default: break;
  }
  return Error::storage(fmt::format("sqlite: {}", message));
}

}  // namespace

std::string unique_field(std::string_view message) {
  // Most specific first: "payments.policy_id, payments.due_date" is about the due date.
  static constexpr std::array<std::string_view, 4> fields{"due_date", "external_ref", "number", "code"};
  for (auto field : fields)
    if (contains(message, field)) return std::string{field};
  return {};
}

Error translate_exception(const std::exception& e, Backend backend, bool connection_lost) {
  if (const auto* pe = dynamic_cast<const soci::postgresql_soci_error*>(&e))
    return from_postgresql(*pe, connection_lost);
  if (const auto* se = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) return from_sqlite(*se);
  const std::string message = database_message(e);
  const auto name = backend_name(backend);
  const auto* soci_error = dynamic_cast<const soci::soci_error*>(&e);
  if (connection_lost || (soci_error && soci_error->get_error_category() == soci::soci_error::connection_error) ||
      contains(message, "database is locked") || contains(message, "Cannot establish connection"))
    return Error::storage_unavailable(fmt::format("{}: {}", name, message));
  return Error::storage(fmt::format("{}: {}", name, message));
}

}  // namespace inscrm::storage::sql
