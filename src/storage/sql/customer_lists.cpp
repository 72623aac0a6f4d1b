#include "storage/sql/customer_lists.hpp"

#include "storage/sql/columns.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <utility>

namespace inscrm::storage::sql {
namespace {

// ---- writing ---------------------------------------------------------------------------------

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) { out_.assign(1, '['); }
  ~Writer() { out_.push_back(']'); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void begin_object() {
    if (out_.size() > 1) out_.push_back(',');
    out_.push_back('{');
    first_member_ = true;
  }
  void end_object() { out_.push_back('}'); }

  void member(std::string_view key, std::string_view value) {
    key_(key);
    string_(value);
  }
  void member(std::string_view key, long long value) {
    key_(key);
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out_.append(buf, end);
  }
  void member(std::string_view key, bool value) {
    key_(key);
    out_.append(value ? "true" : "false");
  }
  // Disambiguates string literals and ints from the overloads above.
  void member(std::string_view key, const char* value) { member(key, std::string_view{value}); }
  void member(std::string_view key, int value) { member(key, static_cast<long long>(value)); }

 private:
  void key_(std::string_view key) {
    if (!first_member_) out_.push_back(',');
    first_member_ = false;
    string_(key);
    out_.push_back(':');
  }
  void string_(std::string_view s) {
    out_.push_back('"');
    std::size_t run = 0;  // start of the pending stretch that needs no escaping
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto u = static_cast<unsigned char>(s[i]);
      if (u >= 0x20 && u != '"' && u != '\\') continue;  // UTF-8 passes through unescaped
      out_.append(s.data() + run, i - run);
      run = i + 1;
      switch (u) {
        case '"': out_.append("\\\""); break;
        case '\\': out_.append("\\\\"); break;
        case '\n': out_.append("\\n"); break;
        case '\r': out_.append("\\r"); break;
        case '\t': out_.append("\\t"); break;
        default: out_.append(fmt::format("\\u{:04x}", u));
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_.push_back('"');
  }

  std::string& out_;
  bool first_member_ = true;
};

// ---- reading ---------------------------------------------------------------------------------

struct Value {
  enum class Kind { Null, Bool, Int, String } kind = Kind::Null;
  bool b = false;
  long long i = 0;
  std::string s;
};

struct Member {
  std::string key;
  Value value;
};
using Object = std::vector<Member>;

class Parser {
 public:
  explicit Parser(std::string_view text) : t_(text) {}

  Result<std::vector<Object>> array_of_objects() {
    std::vector<Object> out;
    ws();
    if (!eat('[')) return fail("expected '['");
    ws();
    if (eat(']')) return finish(std::move(out));
    for (;;) {
      INSCRM_TRY(Object obj, object());
      out.push_back(std::move(obj));
      ws();
      if (eat(']')) return finish(std::move(out));
      if (!eat(',')) return fail("expected ',' or ']'");
      ws();
    }
  }


 private:
  Result<std::vector<Object>> finish(std::vector<Object> out) {
    ws();
    if (p_ != t_.size()) return fail("trailing characters");
    return out;
  }

  Result<Object> object() {
    Object obj;
    if (!eat('{')) return fail("expected '{'");
    ws();
    if (eat('}')) return obj;
    for (;;) {
      Member m;
      INSCRM_TRY(m.key, string());
      ws();
      if (!eat(':')) return fail("expected ':'");
      ws();
      INSCRM_TRY(m.value, value());
      obj.push_back(std::move(m));
      ws();
      if (eat('}')) return obj;
      if (!eat(',')) return fail("expected ',' or '}'");
      ws();
    }
  }

  Result<Value> value() {
    Value v;
    if (p_ >= t_.size()) return fail("unexpected end");
    const char c = t_[p_];
    if (c == '"') {
      v.kind = Value::Kind::String;
      INSCRM_TRY(v.s, string());
    } else if (literal("true")) {
      v.kind = Value::Kind::Bool;
      v.b = true;
    } else if (literal("false")) {
      v.kind = Value::Kind::Bool;
    } else if (literal("null")) {
      v.kind = Value::Kind::Null;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind = Value::Kind::Int;
      auto [end, ec] = std::from_chars(t_.data() + p_, t_.data() + t_.size(), v.i);
      if (ec != std::errc{}) return fail("bad number");
      p_ = static_cast<std::size_t>(end - t_.data());
    } else {
      return fail("unexpected character");
    }
    return v;
  }

  Result<std::string> string() {
    if (!eat('"')) return fail("expected '\"'");
    std::string out;
    for (;;) {
      if (p_ >= t_.size()) return fail("unterminated string");
      const char c = t_[p_++];
      if (c == '"') return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (p_ >= t_.size()) return fail("unterminated escape");
      const char e = t_[p_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          INSCRM_TRY(std::uint32_t cp, hex4());
          // Another writer (a host's SQL, PostgreSQL's jsonb output) may escape non-ASCII text.
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (!(eat('\\') && eat('u'))) return fail("lone surrogate");
            INSCRM_TRY(std::uint32_t lo, hex4());
            if (lo < 0xDC00 || lo > 0xDFFF) return fail("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          utf8(cp, out);
          break;
        }
        default: return fail("bad escape");
      }
    }
  }

  Result<std::uint32_t> hex4() {
    if (p_ + 4 > t_.size()) return fail("short \\u escape");
    std::uint32_t v = 0;
    auto [end, ec] = std::from_chars(t_.data() + p_, t_.data() + p_ + 4, v, 16);
    if (ec != std::errc{} || end != t_.data() + p_ + 4) return fail("bad \\u escape");
    p_ += 4;
    return v;
  }

  static void utf8(std::uint32_t cp, std::string& out) {
    auto put = [&](std::uint32_t b) { out.push_back(static_cast<char>(b)); };
    if (cp < 0x80) {
      put(cp);
    } else if (cp < 0x800) {
      put(0xC0 | (cp >> 6));
      put(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      put(0xE0 | (cp >> 12));
      put(0x80 | ((cp >> 6) & 0x3F));
      put(0x80 | (cp & 0x3F));
    } else {
      put(0xF0 | (cp >> 18));
      put(0x80 | ((cp >> 12) & 0x3F));
      put(0x80 | ((cp >> 6) & 0x3F));
      put(0x80 | (cp & 0x3F));
    }
  }

  bool literal(std::string_view word) {
    if (t_.substr(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }
  bool eat(char c) {
    if (p_ < t_.size() && t_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }
  void ws() {
    while (p_ < t_.size() && (t_[p_] == ' ' || t_[p_] == '\n' || t_[p_] == '\r' || t_[p_] == '\t')) ++p_;
  }
  Error fail(std::string_view what) {
    return Error::storage(fmt::format("{} at offset {}", what, p_));
  }

  std::string_view t_;
  std::size_t p_ = 0;
};

// Typed access to one decoded object; the first failure is kept and reported once.
class Fields {
 public:
  Fields(const Object& obj, std::string_view column) : obj_(obj), column_(column) {}

  std::string str(std::string_view key) {
    const Value* v = find(key, Value::Kind::String);
    return v ? v->s : std::string{};
  }
  bool flag(std::string_view key) {
    const Value* v = find(key, Value::Kind::Bool);
    return v && v->b;
  }
  std::optional<long long> integer(std::string_view key) {
    const Value* v = find(key, Value::Kind::Int);
    if (!v) return std::nullopt;
    return v->i;
  }
  template <class E>
  E enumerator(std::string_view key, E fallback) {
    const Value* v = find(key, Value::Kind::String);
    if (!v) return fallback;
    auto e = enum_from_string<E>(v->s);
    if (!e) {
      note(fmt::format("unknown {} '{}'", key, v->s));
      return fallback;
    }
    return *e;
  }

  Result<void> status() const {
    if (error_.empty()) return ok();
    return corrupt(column_, error_);
  }
  void note(std::string what) {
    if (error_.empty()) error_ = std::move(what);
  }

 private:
  // Missing or null members read as absent; a member of the wrong type is corruption.
  const Value* find(std::string_view key, Value::Kind kind) {
    for (const Member& m : obj_)
      if (m.key == key) {
        if (m.value.kind == Value::Kind::Null) return nullptr;
        if (m.value.kind != kind) {
          note(fmt::format("member '{}' has the wrong type", key));
          return nullptr;
        }
        return &m.value;
      }
    return nullptr;
  }

  const Object& obj_;
  std::string_view column_;
  std::string error_;
};

template <class T, class Decode>
Result<std::vector<T>> decode_list(std::string_view json, std::string_view column, Decode decode) {
  std::vector<T> out;
  if (json == "[]") return out;  // the common case, without building a parser
  Parser parser{json};
  auto objects = parser.array_of_objects();
  if (!objects) return corrupt(column, objects.error().message());
  out.reserve(objects.value().size());
  for (const Object& obj : objects.value()) {
    Fields f{obj, column};
    out.push_back(decode(f));
    INSCRM_TRYV(f.status());
  }
  return out;
}

}  // namespace

void encode_phones(const std::vector<Phone>& phones, std::string& out) {
  Writer w{out};
  for (const Phone& p : phones) {
    w.begin_object();
    w.member("number", p.number);
    w.member("primary", p.primary);
    w.member("verified", p.verified);
    w.end_object();
  }
}

void encode_emails(const std::vector<Email>& emails, std::string& out) {
  Writer w{out};
  for (const Email& e : emails) {
    w.begin_object();
    w.member("address", e.address);
    w.member("primary", e.primary);
    w.member("verified", e.verified);
    w.end_object();
  }
}

void encode_addresses(const std::vector<Address>& addresses, std::string& out) {
  Writer w{out};
  for (const Address& a : addresses) {
    w.begin_object();
    w.member("line", a.line);
    w.member("region_code", a.region_code);
    w.member("postal_code", a.postal_code);
    w.member("primary", a.primary);
    w.member("verified", a.verified);
    w.end_object();
  }
}

void encode_relationships(const std::vector<Relationship>& relationships, std::string& out) {
  Writer w{out};
  for (const Relationship& r : relationships) {
    w.begin_object();
    w.member("kind", to_string(r.kind));
    w.member("customer", static_cast<long long>(r.other.value));
    w.end_object();
  }
}

void encode_needs(const std::vector<Need>& needs, std::string& out) {
  Writer w{out};
  for (const Need& n : needs) {
    w.begin_object();
    w.member("line", to_string(n.line));
    if (n.desired_sum_insured) {
      w.member("sum_insured_minor", static_cast<long long>(n.desired_sum_insured->minor));
      w.member("sum_insured_currency", n.desired_sum_insured->currency.view());
    }
    if (n.term_years) w.member("term_years", *n.term_years);
    w.member("source", to_string(n.source));
    if (n.noted_on) w.member("noted_on", to_epoch_days(*n.noted_on));
    w.end_object();
  }
}

Result<std::vector<Phone>> decode_phones(std::string_view json, std::string_view column) {
  return decode_list<Phone>(json, column, [](Fields& f) {
    return Phone{f.str("number"), f.flag("primary"), f.flag("verified")};
  });
}

Result<std::vector<Email>> decode_emails(std::string_view json, std::string_view column) {
  return decode_list<Email>(json, column, [](Fields& f) {
    return Email{f.str("address"), f.flag("primary"), f.flag("verified")};
  });
}

Result<std::vector<Address>> decode_addresses(std::string_view json, std::string_view column) {
  return decode_list<Address>(json, column, [](Fields& f) {
    return Address{f.str("line"), f.str("region_code"), f.str("postal_code"), f.flag("primary"),
                   f.flag("verified")};
  });
}

Result<std::vector<Relationship>> decode_relationships(std::string_view json, std::string_view column) {
  return decode_list<Relationship>(json, column, [](Fields& f) {
    return Relationship{f.enumerator("kind", RelationKind::Spouse), CustomerId{f.integer("customer").value_or(0)}};
  });
}

Result<std::vector<Need>> decode_needs(std::string_view json, std::string_view column) {
  return decode_list<Need>(json, column, [](Fields& f) {
    Need n;
    n.line = f.enumerator("line", LineOfBusiness::Life);
    if (auto minor = f.integer("sum_insured_minor")) {
      auto cur = Currency::parse(f.str("sum_insured_currency"));
      if (cur) n.desired_sum_insured = Money{*minor, *cur};
      else f.note("invalid sum_insured_currency");
    }
    if (auto years = f.integer("term_years")) n.term_years = static_cast<int>(*years);
    n.source = f.enumerator("source", Source::Unknown);
    if (auto days = f.integer("noted_on")) n.noted_on = from_epoch_days(static_cast<int>(*days));
    return n;
  });
}

}  // namespace inscrm::storage::sql
