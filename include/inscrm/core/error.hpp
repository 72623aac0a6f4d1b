#pragma once
// Expected failures as values: every service call returns Result<T> carrying an Error
// (code + message + the field it concerns). Exceptions are reserved for bugs.

#include <inscrm/core/enum_text.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace inscrm {

// Stable: the numeric values are the C ABI's inscrm_status values and never change meaning.
enum class Errc : int {
  Ok = 0,
  InvalidArgument = 1,     // bad input; field() names it
  NotFound = 2,            // the referenced record does not exist
  AlreadyExists = 3,       // a unique key (external_ref, policy number, idempotency key) is taken
  Conflict = 4,            // optimistic concurrency: the record changed since it was read
  IllegalTransition = 5,   // a lifecycle event not allowed from the current state
  PermissionDenied = 6,    // the actor may not do this
  StorageUnavailable = 7,  // the database cannot be reached or is busy; retrying may succeed
  StorageError = 8,        // the database rejected the operation or is damaged
  SchemaTooNew = 9,        // the database was written by a newer library
  Internal = 10,           // a bug in inscrm; please report it
};

INSCRM_ENUM_TEXT(Errc, "ok", "invalid_argument", "not_found", "already_exists", "conflict",
                 "illegal_transition", "permission_denied", "storage_unavailable", "storage_error",
                 "schema_too_new", "internal")

class Error {
 public:
  Error() = default;
  Error(Errc code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Error invalid_argument(std::string field, std::string message) {
    return {Errc::InvalidArgument, std::move(message), std::move(field)};
  }
  static Error not_found(std::string field, std::string message) {
    return {Errc::NotFound, std::move(message), std::move(field)};
  }
  static Error already_exists(std::string field, std::string message) {
    return {Errc::AlreadyExists, std::move(message), std::move(field)};
  }
  static Error conflict(std::string message) { return {Errc::Conflict, std::move(message), "version"}; }
  static Error illegal_transition(std::string message, std::string field = "status") {
    return {Errc::IllegalTransition, std::move(message), std::move(field)};
  }
  static Error permission_denied(std::string message) {
    return {Errc::PermissionDenied, std::move(message)};
  }
  static Error storage_unavailable(std::string message) {
    return {Errc::StorageUnavailable, std::move(message)};
  }
  static Error storage(std::string message) { return {Errc::StorageError, std::move(message)}; }
  static Error internal(std::string message) { return {Errc::Internal, std::move(message)}; }

  Errc code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  // The input field the error concerns, as a dotted path ("identity.number", "beneficiaries[1].share").
  const std::string& field() const noexcept { return field_; }

  bool is_invalid_argument() const noexcept { return code_ == Errc::InvalidArgument; }
  bool is_not_found() const noexcept { return code_ == Errc::NotFound; }
  bool is_conflict() const noexcept { return code_ == Errc::Conflict; }
  bool is_illegal_transition() const noexcept { return code_ == Errc::IllegalTransition; }

  // "invalid_argument: identity.number: check digit should be 8" — for logs and exceptions.
  std::string to_string() const;

  // Prefixes the field path, so that a nested validator's "number" becomes "identity.number".
  Error& within(std::string_view parent);

 private:
  Errc code_ = Errc::Internal;
  std::string message_;
  std::string field_;
};

}  // namespace inscrm
