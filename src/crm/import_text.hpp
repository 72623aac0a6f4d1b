#pragma once
// The text side of bulk import: CSV (RFC 4180, a header row naming the columns) and JSON (an array
// of flat objects) read into the same shape — one record per row, field name → text — so that
// everything after reading (mapping, normalising, validating) is shared by both formats.
// Pure functions: no storage, no clock.

#include <inscrm/core/result.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace inscrm::detail {

struct TextRecord {
  std::size_t row = 0;  // 0-based record index (the CSV header is not a record)
  std::vector<std::pair<std::string, std::string>> fields;  // in column / member order
  // A record that could not be read as a whole (a CSV row with the wrong number of fields, a JSON
  // element that is not an object): the reason, and no fields.
  std::optional<Error> unreadable;

  // The field's text, when present and not null. JSON arrays of scalars arrive joined with ';'.
  const std::string* find(std::string_view name) const noexcept;
};

// Reads CSV text. A UTF-8 byte order mark is skipped; lines end in LF or CRLF; fields may be
// quoted ("a ""b"", c"), and quoted fields may span lines; blank lines are skipped. Column names
// are trimmed and lower-cased. Error (InvalidArgument "csv") only when there is no header.
Result<std::vector<TextRecord>> read_csv(std::string_view text);

// Reads a JSON array of objects; member values may be strings, numbers (kept as written), booleans
// (true/false), null (absent) or arrays of those (joined with ';'). Malformed JSON is one error
// (InvalidArgument "json", with the byte offset): no row of a malformed document is trusted.
Result<std::vector<TextRecord>> read_json(std::string_view text);

}  // namespace inscrm::detail
