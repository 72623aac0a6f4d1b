#include "crm/import_text.hpp"

#include <inscrm/core/validation.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace inscrm::detail {

const std::string* TextRecord::find(std::string_view name) const noexcept {
  for (const auto& [key, value] : fields)
    if (key == name) return &value;
  return nullptr;
}

namespace {

std::string column_name(std::string_view raw) {
  std::string out{trim(raw)};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

// One CSV record: its fields, and whether it ended inside an open quote.
struct CsvLine {
  std::vector<std::string> fields;
  bool unterminated = false;
  bool blank = false;
};

CsvLine next_csv_line(std::string_view text, std::size_t& pos) {
  CsvLine line;
  std::string field;
  bool quoted = false;
  bool any = false;  // a separator or a quote: the line is a record even if its fields are blank
  while (pos < text.size()) {
    const char c = text[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          field.push_back('"');
          pos += 2;
          continue;
        }
        quoted = false;
        ++pos;
        continue;
      }
      field.push_back(c);
      ++pos;
      continue;
    }
    if (c == '"' && std::all_of(field.begin(), field.end(), [](char ch) { return ch == ' '; })) {
      field.clear();
      quoted = true;
      any = true;
      ++pos;
      continue;
    }
    if (c == ',') {
      line.fields.push_back(std::move(field));
      field.clear();
      any = true;
      ++pos;
      continue;
    }
    if (c == '\n' || c == '\r') {
      ++pos;
      if (c == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
      break;
    }
    field.push_back(c);
    ++pos;
  }
  line.unterminated = quoted;
  line.fields.push_back(std::move(field));
  line.blank = !any && line.fields.size() == 1 && trim(line.fields.front()).empty();
  return line;
}

}  // namespace

Result<std::vector<TextRecord>> read_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t pos = 0;
  CsvLine header;
  do {
    if (pos >= text.size()) return Error::invalid_argument("csv", "the file has no header row");
    header = next_csv_line(text, pos);
  } while (header.blank);
  if (header.unterminated) return Error::invalid_argument("csv", "the header row has an unterminated quote");
  std::vector<std::string> columns;
  for (const auto& f : header.fields) columns.push_back(column_name(f));
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].empty()) return Error::invalid_argument("csv", fmt::format("column {} has no name", i + 1));
    if (std::find(columns.begin(), columns.begin() + static_cast<std::ptrdiff_t>(i), columns[i]) !=
        columns.begin() + static_cast<std::ptrdiff_t>(i))
      return Error::invalid_argument("csv", fmt::format("column '{}' appears twice", columns[i]));
  }

  std::vector<TextRecord> out;
  while (pos < text.size()) {
    CsvLine line = next_csv_line(text, pos);
    if (line.blank) continue;
    TextRecord r;
    r.row = out.size();
    if (line.unterminated) {
      r.unreadable = Error::invalid_argument("", "the row has an unterminated quote");
    } else if (line.fields.size() != columns.size()) {
      r.unreadable = Error::invalid_argument(
          "", fmt::format("the row has {} fields; the header names {}", line.fields.size(), columns.size()));
    } else {
      r.fields.reserve(columns.size());
      for (std::size_t i = 0; i < columns.size(); ++i) r.fields.emplace_back(columns[i], std::move(line.fields[i]));
    }
    out.push_back(std::move(r));
  }
  return out;
}

namespace {

// A strict, small JSON reader for import documents: an array of flat objects.
class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : s_(text) {}

  Result<std::vector<TextRecord>> document() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
    blank();
    if (!eat('[')) return fail("expected '[' (an array of objects)");
    std::vector<TextRecord> out;
    blank();
    if (eat(']')) return finish(std::move(out));
    for (;;) {
      blank();
      TextRecord r;
      r.row = out.size();
      if (peek() == '{') {
        INSCRM_TRYV(object(r));
      } else {
        std::string ignored;
        INSCRM_TRYV(value(ignored, 0));
        r.unreadable = Error::invalid_argument("", "the element is not an object");
      }
      out.push_back(std::move(r));
      blank();
      if (eat(',')) continue;
      if (eat(']')) break;
      return fail("expected ',' or ']'");
    }
    return finish(std::move(out));
  }

 private:
  static constexpr int kMaxDepth = 32;

  Result<std::vector<TextRecord>> finish(std::vector<TextRecord> out) {
    blank();
    if (i_ != s_.size()) return fail("unexpected text after the array");
    return out;
  }

  Error fail(std::string_view what) const {
    return Error::invalid_argument("json", fmt::format("malformed JSON at byte {}: {}", i_, what));
  }
  char peek() const noexcept { return i_ < s_.size() ? s_[i_] : '\0'; }
  bool eat(char c) noexcept {
    if (peek() != c || i_ >= s_.size()) return false;
    ++i_;
    return true;
  }
  void blank() noexcept {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  Result<void> object(TextRecord& r) {
    ++i_;  // '{'
    blank();
    if (eat('}')) return ok();
    for (;;) {
      blank();
      if (peek() != '"') return fail("expected a member name");
      std::string key;
      INSCRM_TRYV(string(key));
      blank();
      if (!eat(':')) return fail("expected ':'");
      blank();
      std::string text;
      const char first = peek();
      INSCRM_TRYV(value(text, 1));
      key = column_name(key);
      if (first == '{') {
        if (!r.unreadable)
          r.unreadable = Error::invalid_argument(key, fmt::format("'{}' is an object; a flat value is expected", key));
      } else if (first != 'n') {  // null: as if absent
        if (r.find(key) != nullptr) {
          if (!r.unreadable) r.unreadable = Error::invalid_argument(key, fmt::format("'{}' appears twice", key));
        } else {
          r.fields.emplace_back(std::move(key), std::move(text));
        }
      }
      blank();
      if (eat(',')) continue;
      if (eat('}')) return ok();
      return fail("expected ',' or '}'");
    }
  }

  // Any JSON value; scalars land in `out` as text, arrays as their scalars joined with ';'.
  Result<void> value(std::string& out, int depth) {
    if (depth > kMaxDepth) return fail("nested too deeply");
    const char c = peek();
    if (c == '"') return string(out);
    if (c == '{') {
      ++i_;
      blank();
      if (eat('}')) return ok();
      for (;;) {
        blank();
        std::string ignored;
        if (peek() != '"') return fail("expected a member name");
        INSCRM_TRYV(string(ignored));
        blank();
        if (!eat(':')) return fail("expected ':'");
        blank();
        INSCRM_TRYV(value(ignored, depth + 1));
        blank();
        if (eat(',')) continue;
        if (eat('}')) return ok();
        return fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      ++i_;
      blank();
      if (eat(']')) return ok();
      for (;;) {
        blank();
        std::string item;
        INSCRM_TRYV(value(item, depth + 1));
        if (!item.empty()) {
          if (!out.empty()) out.push_back(';');
          out += item;
        }
        blank();
        if (eat(',')) continue;
        if (eat(']')) return ok();
        return fail("expected ',' or ']'");
      }
    }
    if (s_.substr(i_, 4) == "true") return literal("true", out);
    if (s_.substr(i_, 5) == "false") return literal("false", out);
    if (s_.substr(i_, 4) == "null") {
      i_ += 4;
      return ok();
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(out);
    return fail("expected a value");
  }

  Result<void> literal(std::string_view word, std::string& out) {
    out = word;
    i_ += word.size();
    return ok();
  }

  Result<void> number(std::string& out) {
    const std::size_t start = i_;
    if (peek() == '-') ++i_;
    auto digits = [&] {
      const std::size_t from = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ > from;
    };
    if (!digits()) return fail("expected digits");
    if (peek() == '.') {
      ++i_;
      if (!digits()) return fail("expected digits after '.'");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      if (!digits()) return fail("expected an exponent");
    }
    out.assign(s_.substr(start, i_ - start));
    return ok();
  }

  static void utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  Result<unsigned> hex4() {
    if (i_ + 4 > s_.size()) return fail("short \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = s_[i_++];
      v <<= 4;
      if (h >= '0' && h <= '9') v |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f') v |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v |= static_cast<unsigned>(h - 'A' + 10);
      else return fail("bad \\u escape");
    }
    return v;
  }

  Result<void> string(std::string& out) {
    ++i_;  // '"'
    out.clear();
    for (;;) {
      if (i_ >= s_.size()) return fail("unterminated string");
      const char c = s_[i_++];
      if (c == '"') return ok();
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character in a string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i_ >= s_.size()) return fail("unterminated escape");
      const char e = s_[i_++];
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
          INSCRM_TRY(unsigned cp, hex4());
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (s_.substr(i_, 2) != "\\u") return fail("lone surrogate");
            i_ += 2;
            INSCRM_TRY(unsigned low, hex4());
            if (low < 0xDC00 || low > 0xDFFF) return fail("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return fail("lone surrogate");
          }
          utf8(out, cp);
          break;
        }
        default: return fail("unknown escape");
      }
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

Result<std::vector<TextRecord>> read_json(std::string_view text) { return JsonReader{text}.document(); }

}  // namespace inscrm::detail
