#pragma once
// The SQL adapter's small JSON codec, for the nested data kept in TEXT columns: a customer's
// contact lists (customer_lists.hpp) and the service records' SLA pauses, claim documents and
// request payloads (service_lists.hpp). Only what those need: objects, arrays, strings, booleans,
// null and 64-bit integers (no fractions: instants, dates and money are integers here). UTF-8
// passes through unescaped; the reader also takes \u escapes (another writer, or PostgreSQL's jsonb
// output, may use them).
//
// Readers are lenient in what the library may add later: unknown members are ignored and missing
// or null ones read as absent. A member of the wrong type or malformed text is corruption
// (StorageError naming the column).

#include "storage/sql/columns.hpp"

#include <inscrm/core/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inscrm::storage::sql::json {

// ---- writing ---------------------------------------------------------------------------------

// Writes compact JSON into `out` (overwritten, its capacity reused in bulk loops). Containers are
// opened and closed explicitly; commas are placed by the writer.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) { out_.clear(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  // The next value is the member `name` of the open object.
  void key(std::string_view name);

  void value(std::string_view s);
  void value(const std::string& s) { value(std::string_view{s}); }
  void value(const char* s) { value(std::string_view{s}); }
  void value(long long i);
  void value(long i) { value(static_cast<long long>(i)); }
  void value(int i) { value(static_cast<long long>(i)); }
  void value(bool b);

  template <class V>
  void member(std::string_view name, const V& v) {
    key(name);
    value(v);
  }

 private:
  void separate();
  void open(char c);
  void close(char c);
  void string(std::string_view s);

  std::string& out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

// ---- reading ---------------------------------------------------------------------------------

struct Member;

struct Value {
  enum class Kind { Null, Bool, Int, String, Array, Object } kind = Kind::Null;
  bool b = false;
  long long i = 0;
  std::string s;
  std::vector<Value> items;     // Array
  std::vector<Member> members;  // Object, in document order
};

struct Member {
  std::string key;
  Value value;
};

// The whole text as one value; StorageError (without a column name) when it is not JSON of the
// kinds above, or is nested deeper than the library ever writes.
Result<Value> parse(std::string_view text);

// Typed access to one object's members. The first problem is kept and reported once by status(),
// so a decoder can read every member and check at the end.
class Fields {
 public:
  Fields(const Value& object, std::string_view column) : obj_(object), column_(column) {}

  std::string str(std::string_view key);
  bool flag(std::string_view key);
  std::optional<long long> integer(std::string_view key);
  // The member's items; nullptr when absent.
  const std::vector<Value>* array(std::string_view key);
  // The member as an object; nullptr when absent.
  const Value* object(std::string_view key);

  template <class E>
  E enumerator(std::string_view key, E fallback) {
    const Value* v = find(key, Value::Kind::String);
    if (!v) return fallback;
    auto e = enum_from_string<E>(v->s);
    if (!e) {
      note("unknown " + std::string{key} + " '" + v->s + "'");
      return fallback;
    }
    return *e;
  }

  std::string_view column() const noexcept { return column_; }
  void note(std::string what);
  Result<void> status() const;

 private:
  const Value* find(std::string_view key, Value::Kind kind);

  const Value& obj_;
  std::string_view column_;
  std::string error_;
};

// Decodes an array of objects with `decode(Fields&) -> T`; StorageError naming `column` when an
// item is not an object or a decoder noted a problem.
template <class T, class Decode>
Result<std::vector<T>> decode_objects(const std::vector<Value>& items, std::string_view column, Decode&& decode) {
  std::vector<T> out;
  out.reserve(items.size());
  for (const Value& item : items) {
    if (item.kind != Value::Kind::Object) return corrupt(column, "expected an array of objects");
    Fields f{item, column};
    out.push_back(decode(f));
    INSCRM_TRYV(f.status());
  }
  return out;
}

// parse + decode_objects for a column holding one array of objects ("[]" takes no parser).
template <class T, class Decode>
Result<std::vector<T>> decode_list(std::string_view text, std::string_view column, Decode&& decode) {
  if (text == "[]") return std::vector<T>{};
  auto doc = parse(text);
  if (!doc) return corrupt(column, doc.error().message());
  if (doc.value().kind != Value::Kind::Array) return corrupt(column, "expected an array");
  return decode_objects<T>(doc.value().items, column, decode);
}

}  // namespace inscrm::storage::sql::json
