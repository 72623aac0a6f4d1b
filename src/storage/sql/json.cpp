#include "storage/sql/json.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <utility>

namespace inscrm::storage::sql::json {

// ---- writing ---------------------------------------------------------------------------------

void Writer::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (first_.empty()) return;
  if (!first_.back()) out_.push_back(',');
  first_.back() = false;
}

void Writer::open(char c) {
  separate();
  out_.push_back(c);
  first_.push_back(true);
}

void Writer::close(char c) {
  out_.push_back(c);
  first_.pop_back();
}

void Writer::key(std::string_view name) {
  separate();
  string(name);
  out_.push_back(':');
  after_key_ = true;
}

void Writer::value(std::string_view s) {
  separate();
  string(s);
}

void Writer::value(long long i) {
  separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, i);
  out_.append(buf, end);
}

void Writer::value(bool b) {
  separate();
  out_.append(b ? "true" : "false");
}

void Writer::string(std::string_view s) {
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

// ---- reading ---------------------------------------------------------------------------------

namespace {

// Deeper than anything the library writes (a payload's lists of objects are three levels), so a
// damaged or hostile column cannot exhaust the stack.
constexpr int kMaxDepth = 32;

class Parser {
 public:
  explicit Parser(std::string_view text) : t_(text) {}

  Result<Value> document() {
    ws();
    INSCRM_TRY(Value v, value(0));
    ws();
    if (p_ != t_.size()) return fail("trailing characters");
    return v;
  }

 private:
  Result<Value> value(int depth) {
    if (depth > kMaxDepth) return fail("nested too deeply");
    Value v;
    if (p_ >= t_.size()) return fail("unexpected end");
    const char c = t_[p_];
    if (c == '{') {
      v.kind = Value::Kind::Object;
      INSCRM_TRYV(object(v.members, depth));
    } else if (c == '[') {
      v.kind = Value::Kind::Array;
      INSCRM_TRYV(array(v.items, depth));
    } else if (c == '"') {
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

  Result<void> array(std::vector<Value>& items, int depth) {
    eat('[');
    ws();
    if (eat(']')) return ok();
    for (;;) {
      INSCRM_TRY(Value item, value(depth + 1));
      items.push_back(std::move(item));
      ws();
      if (eat(']')) return ok();
      if (!eat(',')) return fail("expected ',' or ']'");
      ws();
    }
  }

  Result<void> object(std::vector<Member>& members, int depth) {
    eat('{');
    ws();
    if (eat('}')) return ok();
    for (;;) {
      Member m;
      INSCRM_TRY(m.key, string());
      ws();
      if (!eat(':')) return fail("expected ':'");
      ws();
      INSCRM_TRY(m.value, value(depth + 1));
      members.push_back(std::move(m));
      ws();
      if (eat('}')) return ok();
      if (!eat(',')) return fail("expected ',' or '}'");
      ws();
    }
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
  Error fail(std::string_view what) { return Error::storage(fmt::format("{} at offset {}", what, p_)); }

  std::string_view t_;
  std::size_t p_ = 0;
};

}  // namespace

Result<Value> parse(std::string_view text) { return Parser{text}.document(); }

// ---- typed access ----------------------------------------------------------------------------

const Value* Fields::find(std::string_view key, Value::Kind kind) {
  for (const Member& m : obj_.members)
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

std::string Fields::str(std::string_view key) {
  const Value* v = find(key, Value::Kind::String);
  return v ? v->s : std::string{};
}

bool Fields::flag(std::string_view key) {
  const Value* v = find(key, Value::Kind::Bool);
  return v && v->b;
}

std::optional<long long> Fields::integer(std::string_view key) {
  const Value* v = find(key, Value::Kind::Int);
  if (!v) return std::nullopt;
  return v->i;
}

const std::vector<Value>* Fields::array(std::string_view key) {
  const Value* v = find(key, Value::Kind::Array);
  return v ? &v->items : nullptr;
}

const Value* Fields::object(std::string_view key) { return find(key, Value::Kind::Object); }

void Fields::note(std::string what) {
  if (error_.empty()) error_ = std::move(what);
}

Result<void> Fields::status() const {
  if (error_.empty()) return ok();
  return corrupt(column_, error_);
}

}  // namespace inscrm::storage::sql::json
