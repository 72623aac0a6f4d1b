#include <inscrm/crm/imports.hpp>

#include <inscrm/core/normalize.hpp>
#include <inscrm/core/validation.hpp>
#include <inscrm/security/permissions.hpp>

#include "crm/engine.hpp"
#include "crm/import_steps.hpp"
#include "crm/import_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace inscrm {
namespace {

using detail::TextRecord;

Result<std::vector<TextRecord>> read_records(ImportFormat format, std::string_view text) {
  return format == ImportFormat::Csv ? detail::read_csv(text) : detail::read_json(text);
}

// The normalised text of a column, or nullopt when it is absent or blank.
std::optional<std::string> text_of(const TextRecord& r, std::string_view column) {
  const std::string* raw = r.find(column);
  if (raw == nullptr) return std::nullopt;
  std::string t = normalize_text(*raw);
  if (t.empty()) return std::nullopt;
  return t;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return s;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto end = text.find_first_of(";|", start);
    std::string item = normalize_text(std::string_view{text}.substr(start, end == std::string::npos ? end : end - start));
    if (!item.empty()) out.push_back(std::move(item));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

template <class E>
Result<std::optional<E>> enum_of(const TextRecord& r, std::string_view column) {
  auto t = text_of(r, column);
  if (!t) return std::optional<E>{};
  if (auto e = enum_from_string<E>(lower(*t))) return std::optional<E>{*e};
  std::string names;
  for (E e : enum_values<E>()) names += fmt::format("{}{}", names.empty() ? "" : ", ", to_string(e));
  return Error::invalid_argument(std::string{column}, fmt::format("'{}' is not one of: {}", *t, names));
}

Result<std::optional<Date>> date_of_column(const TextRecord& r, std::string_view column) {
  auto t = text_of(r, column);
  if (!t) return std::optional<Date>{};
  auto d = parse_date_cn(*t);
  if (!d) return Error::invalid_argument(std::string{column}, d.error().message());
  return std::optional<Date>{d.value()};
}

Result<std::optional<Money>> money_of(const TextRecord& r, std::string_view column, Currency currency) {
  auto t = text_of(r, column);
  if (!t) return std::optional<Money>{};
  auto minor = parse_amount_minor(*t);
  if (!minor) return Error::invalid_argument(std::string{column}, minor.error().message());
  return std::optional<Money>{Money{minor.value(), currency}};
}

Result<std::optional<std::int64_t>> integer_of(const TextRecord& r, std::string_view column) {
  auto t = text_of(r, column);
  if (!t) return std::optional<std::int64_t>{};
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(t->data(), t->data() + t->size(), v);
  if (ec != std::errc{} || end != t->data() + t->size())
    return Error::invalid_argument(std::string{column}, fmt::format("'{}' is not a whole number", *t));
  return std::optional<std::int64_t>{v};
}

Result<bool> flag_of(const TextRecord& r, std::string_view column) {
  auto t = text_of(r, column);
  if (!t) return false;
  const auto v = lower(*t);
  if (v == "true" || v == "1" || v == "yes" || v == "y" || v == "是") return true;
  if (v == "false" || v == "0" || v == "no" || v == "n" || v == "否") return false;
  return Error::invalid_argument(std::string{column}, fmt::format("'{}' is not true or false", *t));
}

Result<Gender> gender_of(const TextRecord& r) {
  auto t = text_of(r, "gender");
  if (!t) return Gender::Unknown;
  const auto v = lower(*t);
  if (v == "male" || v == "m" || v == "男") return Gender::Male;
  if (v == "female" || v == "f" || v == "女") return Gender::Female;
  if (v == "unknown" || v == "未知") return Gender::Unknown;
  return Error::invalid_argument("gender", fmt::format("'{}' is not male, female, 男 or 女", *t));
}

// A validation error's field in terms of the file's columns: "phones[1].number" → "phone".
Error in_columns(Error e) {
  const std::string& f = e.field();
  std::string column = f;
  if (f.starts_with("phones")) column = "phone";
  else if (f.starts_with("emails")) column = "email";
  else if (f.starts_with("addresses")) column = "address";
  else if (f.starts_with("identity")) column = "id_number";
  else if (f == "holder") column = "holder_ref";
  if (column == f) return e;
  return Error{e.code(), e.message(), column};
}

Result<Customer> customer_from(const TextRecord& r) {
  Customer c;
  c.name = text_of(r, "name").value_or("");
  c.external_ref = text_of(r, "external_ref");
  INSCRM_TRY(auto kind, enum_of<PartyKind>(r, "kind"));
  c.kind = kind.value_or(PartyKind::Person);
  INSCRM_TRY(c.gender, gender_of(r));
  INSCRM_TRY(c.birth_date, date_of_column(r, "birth_date"));
  if (auto number = text_of(r, "id_number")) {
    INSCRM_TRY(auto type, enum_of<IdType>(r, "id_type"));
    c.identity = IdentityDocument{type.value_or(IdType::ResidentId), *number};
  }
  if (auto phones = text_of(r, "phone"))
    for (auto& p : split_list(*phones)) c.phones.push_back(Phone{std::move(p), c.phones.empty(), false});
  if (auto emails = text_of(r, "email"))
    for (auto& e : split_list(*emails)) c.emails.push_back(Email{std::move(e), c.emails.empty(), false});
  if (auto line = text_of(r, "address"))
    c.addresses.push_back(Address{*line, text_of(r, "region").value_or(""), text_of(r, "postal_code").value_or(""),
                                  true, false});
  c.region = text_of(r, "region").value_or("");
  c.occupation = text_of(r, "occupation").value_or("");
  c.industry = text_of(r, "industry").value_or("");
  INSCRM_TRY(c.annual_income, money_of(r, "annual_income", Currency::cny()));
  INSCRM_TRY(auto marital, enum_of<MaritalStatus>(r, "marital_status"));
  c.marital_status = marital.value_or(MaritalStatus::Unknown);
  INSCRM_TRY(auto source, enum_of<Source>(r, "source"));
  c.source = source.value_or(Source::Unknown);
  INSCRM_TRY(auto unit, integer_of(r, "org_unit"));
  if (unit) c.org_unit = OrgUnitId{*unit};
  INSCRM_TRY(auto agent, integer_of(r, "agent"));
  if (agent) c.agent = AgentId{*agent};
  return c;
}

Result<detail::PolicyFileRow> policy_from(const TextRecord& r) {
  detail::PolicyFileRow out;
  auto& app = out.row.application;
  app.number = text_of(r, "number").value_or("");
  app.product = text_of(r, "product").value_or("");
  if (app.product.empty()) return Error::invalid_argument("product", "the product code is missing");
  out.holder_ref = text_of(r, "holder_ref").value_or("");
  INSCRM_TRY(auto holder, integer_of(r, "holder_id"));
  if (holder) app.holder = CustomerId{*holder};
  Currency currency = Currency::cny();
  if (auto code = text_of(r, "currency")) {
    auto parsed = Currency::parse(*code);
    if (!parsed) return Error::invalid_argument("currency", fmt::format("'{}' is not an ISO 4217 code", *code));
    currency = *parsed;
  }
  INSCRM_TRY(auto sum, money_of(r, "sum_insured", currency));
  if (!sum) return Error::invalid_argument("sum_insured", "the sum insured is missing");
  app.sum_insured = *sum;
  INSCRM_TRY(auto premium, money_of(r, "premium", currency));
  if (!premium) return Error::invalid_argument("premium", "the premium is missing");
  app.premium = *premium;
  INSCRM_TRY(auto frequency, enum_of<Frequency>(r, "frequency"));
  app.frequency = frequency.value_or(Frequency::Annual);
  INSCRM_TRY(auto years, integer_of(r, "premium_years"));
  if (years) {
    if (*years < 0 || *years > 100) return Error::invalid_argument("premium_years", "premium_years must be 0–100");
    app.premium_years = static_cast<int>(*years);
  }
  INSCRM_TRY(auto status, enum_of<PolicyStatus>(r, "status"));
  out.row.status = status.value_or(PolicyStatus::InForce);
  INSCRM_TRY(app.application_date, date_of_column(r, "application_date"));
  INSCRM_TRY(app.effective_date, date_of_column(r, "effective_date"));
  INSCRM_TRY(app.expiry_date, date_of_column(r, "expiry_date"));
  INSCRM_TRY(app.whole_life, flag_of(r, "whole_life"));
  app.external_ref = text_of(r, "external_ref");
  INSCRM_TRY(auto unit, integer_of(r, "org_unit"));
  if (unit) app.org_unit = OrgUnitId{*unit};
  INSCRM_TRY(auto agent, integer_of(r, "agent"));
  if (agent) app.agent = AgentId{*agent};
  return out;
}

Result<detail::PaymentFileRow> payment_from(const TextRecord& r) {
  detail::PaymentFileRow out;
  out.policy_number = text_of(r, "policy_number").value_or("");
  INSCRM_TRY(auto due, date_of_column(r, "due"));
  if (!due) return Error::invalid_argument("due", "the due date is missing");
  out.input.due = *due;
  INSCRM_TRY(out.input.paid, date_of_column(r, "paid"));
  Currency currency = Currency::cny();
  if (auto code = text_of(r, "currency")) {
    auto parsed = Currency::parse(*code);
    if (!parsed) return Error::invalid_argument("currency", fmt::format("'{}' is not an ISO 4217 code", *code));
    currency = *parsed;
  }
  INSCRM_TRY(out.input.amount, money_of(r, "amount", currency));
  INSCRM_TRY(auto channel, enum_of<PayChannel>(r, "channel"));
  out.input.channel = channel.value_or(PayChannel::BankCounter);
  return out;
}

// The one shape of every file import: read, map each record (a record that does not map is its
// row's error), then hand the mapped rows to `write` a batch at a time and fold the batches'
// reports into one, with row numbers of the file.
template <class Row, class Map, class Write>
Result<ImportReport> run_import(ImportFormat format, std::string_view text, const ImportOptions& options, Map&& map,
                                Write&& write) {
  INSCRM_TRY(auto records, read_records(format, text));
  ImportReport report;
  report.rows = records.size();
  std::vector<Row> rows;
  std::vector<std::size_t> file_rows;  // rows[i] came from records[file_rows[i]]
  for (const TextRecord& r : records) {
    if (r.unreadable) {
      report.errors.push_back({r.row, *r.unreadable});
      continue;
    }
    auto row = map(r);
    if (!row) {
      report.errors.push_back({r.row, in_columns(row.error())});
      continue;
    }
    rows.push_back(std::move(row).value());
    file_rows.push_back(r.row);
  }
  auto progress = [&](std::size_t done) {
    if (options.progress) options.progress(done, records.size());
  };

  if (rows.empty()) {  // nothing readable: no transaction to run
    progress(records.size());
    return report;
  }
  const bool all_or_nothing = options.mode == ImportMode::AllOrNothing;
  // All or nothing: rows that did not even map are reported with the rest, and nothing is written.
  const std::size_t batch = all_or_nothing || options.batch == 0 ? rows.size() : options.batch;
  for (std::size_t start = 0; start < rows.size(); start += batch) {
    const std::size_t end = std::min(rows.size(), start + batch);
    std::vector<Row> part(std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(start)),
                          std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(end)));
    // Some rows did not even map: validate the rest for the report, write nothing.
    const bool write_nothing = all_or_nothing && !report.errors.empty();
    INSCRM_TRY(auto got, write(std::move(part), write_nothing));
    for (auto& e : got.errors) report.errors.push_back({file_rows[start + e.row], in_columns(std::move(e.error))});
    report.imported += got.imported;
    report.ids.insert(report.ids.end(), got.ids.begin(), got.ids.end());
    // The last batch's position in the file: the file row after its last row.
    progress(end == rows.size() ? records.size() : file_rows[end]);
  }
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const RowError& a, const RowError& b) { return a.row < b.row; });
  return report;
}

}  // namespace

Result<ImportReport> ImportService::customers(const Actor& actor, ImportFormat format, std::string_view text,
                                              const ImportOptions& options) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Create));
  auto& engine = *engine_;
  return run_import<Customer>(format, text, options, customer_from,
                              [&](std::vector<Customer> rows, bool write_nothing) -> Result<ImportReport> {
                                return detail::import_customer_rows(engine, actor, std::move(rows), options.mode,
                                                                    write_nothing);
                              });
}

Result<ImportReport> ImportService::policies(const Actor& actor, ImportFormat format, std::string_view text,
                                             const ImportOptions& options) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Policy, Action::Create));
  auto& engine = *engine_;
  return run_import<detail::PolicyFileRow>(
      format, text, options, policy_from,
      [&](std::vector<detail::PolicyFileRow> rows, bool write_nothing) -> Result<ImportReport> {
        return detail::import_policy_rows(engine, actor, std::move(rows), options.mode, write_nothing);
      });
}

Result<ImportReport> ImportService::payments(const Actor& actor, ImportFormat format, std::string_view text,
                                             const ImportOptions& options) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Payment, Action::Create));
  auto& engine = *engine_;
  return run_import<detail::PaymentFileRow>(
      format, text, options, payment_from,
      [&](std::vector<detail::PaymentFileRow> rows, bool write_nothing) -> Result<ImportReport> {
        return detail::import_payment_rows(engine, actor, std::move(rows), options.mode, write_nothing);
      });
}

}  // namespace inscrm
