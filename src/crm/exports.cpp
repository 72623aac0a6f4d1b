#include <inscrm/crm/exports.hpp>

#include <inscrm/crm/customers.hpp>

#include "crm/engine.hpp"
#include "crm/json.hpp"

#include <fmt/format.h>

#include <array>

namespace inscrm {
namespace {

constexpr std::array<std::string_view, 19> kColumns{
    "id",       "external_ref", "kind",       "name",       "gender",         "birth_date", "id_type",
    "id_number", "phone",       "email",      "address",    "region",         "postal_code", "occupation",
    "industry", "annual_income", "marital_status", "source", "org_unit"};

std::string joined(const auto& list, auto&& text) {
  std::string out;
  for (const auto& item : list) {
    if (!out.empty()) out.push_back(';');
    out += text(item);
  }
  return out;
}

std::string amount(const Money& m) {
  const auto abs = m.minor < 0 ? -m.minor : m.minor;
  return fmt::format("{}{}.{:02}", m.minor < 0 ? "-" : "", abs / 100, abs % 100);
}

std::array<std::string, kColumns.size()> cells(const Customer& c) {
  const Address* address = c.addresses.empty() ? nullptr : &c.addresses.front();
  for (const auto& a : c.addresses)
    if (a.primary) address = &a;
  return {std::to_string(c.id.value),
          c.external_ref.value_or(""),
          std::string{to_string(c.kind)},
          c.name,
          std::string{to_string(c.gender)},
          c.birth_date ? to_string(*c.birth_date) : "",
          c.identity ? std::string{to_string(c.identity->type)} : "",
          c.identity ? c.identity->number : "",
          joined(c.phones, [](const Phone& p) { return p.number; }),
          joined(c.emails, [](const Email& e) { return e.address; }),
          address ? address->line : "",
          c.region,
          address ? address->postal_code : "",
          c.occupation,
          c.industry,
          c.annual_income ? amount(*c.annual_income) : "",
          std::string{to_string(c.marital_status)},
          std::string{to_string(c.source)},
          c.org_unit.valid() ? std::to_string(c.org_unit.value) : ""};
}

// RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside. A field
// starting with = + - @ is prefixed with ' so a spreadsheet does not run it as a formula.
void csv_cell(std::string& out, std::string_view v) {
  const bool formula = !v.empty() && (v.front() == '=' || v.front() == '+' || v.front() == '@' ||
                                      (v.front() == '-' && v.size() > 1 && !(v[1] >= '0' && v[1] <= '9')));
  const bool quote = formula || v.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out += v;
    return;
  }
  out.push_back('"');
  if (formula) out.push_back('\'');
  for (char ch : v) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
}

}  // namespace

Result<std::string> ExportService::customers(const Actor& actor, ImportFormat format, storage::CustomerQuery query) const {
  // CustomerService::list is the one read path: scope, masking and the audit of personal reads.
  const CustomerService reader{engine_};
  if (query.limit == 0) query.limit = 1000;
  std::string out;
  if (format == ImportFormat::Csv) {
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
      if (i) out.push_back(',');
      out += kColumns[i];
    }
    out += "\r\n";
  } else {
    out.push_back('[');
  }
  bool first = true;
  for (;;) {
    INSCRM_TRY(auto page, reader.list(actor, query));
    if (page.empty()) break;
    for (const Customer& c : page) {
      const auto row = cells(c);
      if (format == ImportFormat::Csv) {
        for (std::size_t i = 0; i < row.size(); ++i) {
          if (i) out.push_back(',');
          csv_cell(out, row[i]);
        }
        out += "\r\n";
      } else {
        out += first ? "\n{" : ",\n{";
        for (std::size_t i = 0; i < row.size(); ++i)
          fmt::format_to(std::back_inserter(out), "{}\"{}\":{}", i ? "," : "", kColumns[i], detail::json_string(row[i]));
        out.push_back('}');
      }
      first = false;
    }
    query.after = page.back().id;
  }
  if (format == ImportFormat::Json) out += first ? "]" : "\n]";
  return out;
}

}  // namespace inscrm
