#include "export.hpp"

#include <fmt/format.h>

#include <utility>
#include <vector>

namespace inscrm::cli {

namespace {

using Row = std::vector<std::pair<std::string_view, std::string>>;

// Writes rows one at a time, in either format, so that a large book streams out in pages.
class Writer {
 public:
  Writer(ExportFormat format, std::ostream& out) : format_(format), out_(out) {}
  void row(const Row& r) {
    if (format_ == ExportFormat::Csv) {
      if (count_ == 0) line(r, true);
      line(r, false);
    } else {
      out_ << (count_ == 0 ? "[\n  {" : ",\n  {");
      for (std::size_t i = 0; i < r.size(); ++i)
        out_ << (i ? ", " : "") << json_string(r[i].first) << ": " << json_string(r[i].second);
      out_ << '}';
    }
    ++count_;
  }
  std::size_t finish() {
    if (format_ == ExportFormat::Json) out_ << (count_ == 0 ? "[]\n" : "\n]\n");
    out_.flush();
    return count_;
  }

 private:
  void line(const Row& r, bool header) {
    for (std::size_t i = 0; i < r.size(); ++i)
      out_ << (i ? "," : "") << csv_field(header ? r[i].first : std::string_view(r[i].second));
    out_ << "\r\n";
  }
  ExportFormat format_;
  std::ostream& out_;
  std::size_t count_ = 0;
};

template <class T>
std::string opt(const std::optional<T>& v) {
  if (!v) return {};
  if constexpr (std::is_same_v<T, std::string>) return *v;
  else if constexpr (std::is_same_v<T, Date>) return to_string(*v);
  else return fmt::format("{}", v->value);
}

std::string money(const Money& m) {
  return fmt::format("{}{}.{:02}", m.minor < 0 ? "-" : "", std::abs(m.minor) / 100, std::abs(m.minor) % 100);
}

}  // namespace

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string json_string(std::string_view value) {
  std::string out = "\"";
  for (unsigned char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);  // UTF-8 passes through: JSON text is UTF-8
    }
  }
  return out + '"';
}

Result<std::size_t> export_customers(const Crm& crm, const Actor& actor, ExportFormat format, std::ostream& out) {
  Writer w(format, out);
  storage::CustomerQuery query;
  for (;;) {
    INSCRM_TRY(const auto page, crm.customers().list(actor, query));
    for (const auto& c : page) {
      const auto* phone = c.primary_phone();
      const auto* email = c.primary_email();
      w.row({{"id", fmt::format("{}", c.id.value)},
             {"external_ref", opt(c.external_ref)},
             {"kind", std::string(to_string(c.kind))},
             {"name", c.name},
             {"gender", std::string(to_string(c.gender))},
             {"birth_date", opt(c.birth_date)},
             {"identity_type", c.identity ? std::string(to_string(c.identity->type)) : std::string()},
             {"identity_number", c.identity ? c.identity->number : std::string()},
             {"phone", phone ? phone->number : std::string()},
             {"email", email ? email->address : std::string()},
             {"region", c.region},
             {"source", std::string(to_string(c.source))},
             {"org_unit", fmt::format("{}", c.org_unit.value)},
             {"agent", opt(c.agent)},
             {"stage", std::string(to_string(c.stage))}});
    }
    if (page.size() < query.limit) break;
    query.after = page.back().id;
  }
  return w.finish();
}

Result<std::size_t> export_policies(const Crm& crm, const Actor& actor, ExportFormat format, std::ostream& out) {
  Writer w(format, out);
  storage::PolicyQuery query;
  for (;;) {
    INSCRM_TRY(const auto page, crm.policies().list(actor, query));
    for (const auto& p : page) {
      w.row({{"id", fmt::format("{}", p.id.value)},
             {"external_ref", opt(p.external_ref)},
             {"number", p.number},
             {"product", fmt::format("{}", p.product.value)},
             {"holder", fmt::format("{}", p.holder.value)},
             {"agent", opt(p.agent)},
             {"org_unit", fmt::format("{}", p.org_unit.value)},
             {"status", std::string(to_string(p.status))},
             {"currency", std::string(p.premium.currency.view())},
             {"premium", money(p.premium)},
             {"sum_insured", money(p.sum_insured)},
             {"frequency", std::string(to_string(p.frequency))},
             {"effective_date", opt(p.effective_date)},
             {"expiry_date", opt(p.expiry_date)}});
    }
    if (page.size() < query.limit) break;
    query.after = page.back().id;
  }
  return w.finish();
}

}  // namespace inscrm::cli
