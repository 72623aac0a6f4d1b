#include <inscrm/crm/customers.hpp>

#include <inscrm/core/validation.hpp>
#include <inscrm/security/masking.hpp>

#include "crm/engine.hpp"
#include "crm/import_steps.hpp"
#include "crm/json.hpp"
#include "crm/scoped_pages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace inscrm {
namespace {

std::string indexed(std::string_view list, std::size_t i, std::string_view leaf) {
  return fmt::format("{}[{}].{}", list, i, leaf);
}

// Mainland landlines ("021-12345678", "(010) 1234 5678"): 0 + area code + local number, 10–12 digits.
bool is_landline(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9')
      digits.push_back(c);
    else if (c != ' ' && c != '-' && c != '(' && c != ')')
      return false;
  }
  return digits.size() >= 10 && digits.size() <= 12 && digits[0] == '0';
}

std::string digits_of(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c >= '0' && c <= '9') out.push_back(c);
  return out;
}

template <class Contact>
void ensure_one_primary(std::vector<Contact>& list) {
  if (list.empty()) return;
  if (std::none_of(list.begin(), list.end(), [](const Contact& c) { return c.primary; })) list.front().primary = true;
}

template <class Contact>
Result<void> at_most_one_primary(const std::vector<Contact>& list, std::string_view field) {
  if (std::count_if(list.begin(), list.end(), [](const Contact& c) { return c.primary; }) > 1)
    return Error::invalid_argument(std::string{field}, "only one entry may be marked primary");
  return ok();
}

std::string created_payload(const Customer& c) {
  return fmt::format(R"({{"customer_id":{},"name":{},"org_unit":{},"source":"{}","stage":"{}"}})", c.id.value,
                     detail::json_string(c.name), c.org_unit.value, to_string(c.source), to_string(c.stage));
}

// Checks that everything the record points to exists (org unit, agent, related customers).
Result<void> check_references(storage::Transaction& tx, const Customer& c) {
  if (c.org_unit.valid()) {
    if (auto u = tx.org_unit(c.org_unit); !u) {
      if (u.error().is_not_found())
        return Error::not_found("org_unit", fmt::format("org unit {} does not exist", c.org_unit.value));
      return u.error();
    }
  }
  if (c.agent) {
    if (auto a = tx.agent(*c.agent); !a) {
      if (a.error().is_not_found())
        return Error::not_found("agent", fmt::format("agent {} does not exist", c.agent->value));
      return a.error();
    }
  }
  for (std::size_t i = 0; i < c.relationships.size(); ++i) {
    const auto other = c.relationships[i].other;
    if (other == c.id && c.id.valid())
      return Error::invalid_argument(indexed("relationships", i, "other"), "a customer cannot be related to itself");
    if (auto o = tx.customer(other); !o) {
      if (o.error().is_not_found())
        return Error::not_found(indexed("relationships", i, "other"),
                                fmt::format("customer {} does not exist", other.value));
      return o.error();
    }
  }
  return ok();
}

Customer prepare_new(Customer draft, const Actor& actor, Instant now) {
  draft.id = CustomerId{};
  draft.version = 0;
  draft.merged_into.reset();  // only a merge sets it (crm/duplicates.hpp)
  draft.stage = CustomerStage::Prospect;  // domain.md C3: no policy yet
  draft.stage_since = date_of(now);
  draft.created_at = now;
  draft.updated_at = now;
  if (!draft.org_unit.valid()) draft.org_unit = actor.org_unit;
  if (!draft.agent && actor.agent) draft.agent = actor.agent;
  return draft;
}

// The facts of a record in a fixed text form, for the audit digest of a change (before → after).
std::string audit_text(const Customer& c) {
  std::string out = fmt::format("id={};version={};name={};gender={};kind={};org_unit={};agent={};region={};", c.id.value,
                                c.version, c.name, to_string(c.gender), to_string(c.kind), c.org_unit.value,
                                c.agent ? c.agent->value : 0, c.region);
  if (c.birth_date) out += "birth=" + to_string(*c.birth_date) + ";";
  if (c.identity) out += fmt::format("identity={}:{};", to_string(c.identity->type), c.identity->number);
  if (c.annual_income) out += fmt::format("income={} {};", c.annual_income->minor, c.annual_income->currency.view());
  for (const auto& p : c.phones) out += "phone=" + p.number + ";";
  for (const auto& e : c.emails) out += "email=" + e.address + ";";
  for (const auto& a : c.addresses) out += fmt::format("address={}|{}|{};", a.line, a.region_code, a.postal_code);
  return out;
}

bool sees_personal_data(const Actor& actor) { return allows(actor, Entity::PersonalData, Action::Read); }

// What the actor gets back of a record it just wrote: masked like any read for a role without
// the right to personal data.
Customer shown_to(const Actor& actor, Customer c) {
  if (!sees_personal_data(actor)) mask_personal_data(c);
  return c;
}

enum class OutOfScope { Refuse, Drop };

// Every read path that hands customers out goes through here, so none can leak what another
// masks: records outside the actor's scope are refused (single reads) or dropped (lists); then
// either the personal fields are masked (a role without Entity::PersonalData read) or the read is
// recorded in the audit chain — which makes that read a write transaction.
template <class Load>
Result<std::vector<Customer>> read_customers(detail::Engine& engine, const Actor& actor, OutOfScope out_of_scope,
                                             Load&& load) {
  const bool personal = sees_personal_data(actor);
  auto body = [&](storage::Transaction& tx) -> Result<std::vector<Customer>> {
    INSCRM_TRY(auto found, load(tx));
    std::vector<Customer> out;
    out.reserve(found.size());
    for (Customer& c : found) {
      if (auto scoped = engine.in_scope(tx, actor, c); !scoped) {
        if (scoped.error().code() != Errc::PermissionDenied || out_of_scope == OutOfScope::Refuse) return scoped.error();
        continue;
      }
      out.push_back(std::move(c));
    }
    if (!personal) {
      for (Customer& c : out) mask_personal_data(c);
    } else if (!out.empty()) {
      std::string ids;
      for (const Customer& c : out) fmt::format_to(std::back_inserter(ids), "{},", c.id.value);
      INSCRM_TRYV(engine.audit(tx, actor, "customer.read", "customer", out.size() == 1 ? out.front().id.value : 0, ids));
    }
    return out;
  };
  return engine.recorded(actor, personal ? engine.write(body) : engine.read(body));
}

}  // namespace

Result<void> validate_customer(Customer& c, Date today) {
  const auto name = trim(c.name);
  if (name.empty()) return Error::invalid_argument("name", "name must not be empty");
  if (name.size() > 200) return Error::invalid_argument("name", "name is longer than 200 bytes");
  c.name = std::string{name};

  if (c.external_ref) {
    const auto ref = trim(*c.external_ref);
    if (ref.empty()) return Error::invalid_argument("external_ref", "external_ref, when given, must not be blank");
    c.external_ref = std::string{ref};
  }

  if (c.birth_date) {
    if (!c.birth_date->ok()) return Error::invalid_argument("birth_date", "birth date is not a calendar date");
    if (*c.birth_date > today) return Error::invalid_argument("birth_date", "birth date is in the future");
    if (years_between(*c.birth_date, today) > 150)
      return Error::invalid_argument("birth_date", "birth date is more than 150 years ago");
  }

  if (c.identity) {
    if (c.identity->type == IdType::ResidentId) {
      auto info = parse_resident_id(c.identity->number, today);
      if (!info) return std::move(info.error().within("identity"));
      c.identity->number = info.value().number;
      // domain.md C13: the identity number's birth date and gender must agree with the record.
      if (c.birth_date && *c.birth_date != info.value().birth_date)
        return Error::invalid_argument(
            "birth_date", fmt::format("birth date {} disagrees with the identity number, which says {}",
                                      to_string(*c.birth_date), to_string(info.value().birth_date)));
      if (c.gender != Gender::Unknown && c.gender != info.value().gender)
        return Error::invalid_argument("gender", fmt::format("gender {} disagrees with the identity number ({})",
                                                             to_string(c.gender), to_string(info.value().gender)));
      c.birth_date = info.value().birth_date;
      c.gender = info.value().gender;
    } else {
      const auto number = trim(c.identity->number);
      if (number.empty()) return Error::invalid_argument("identity.number", "identity number must not be empty");
      c.identity->number = std::string{number};
    }
  }

  if (c.annual_income && c.annual_income->minor < 0)
    return Error::invalid_argument("annual_income", "annual income must not be negative");
  if (!c.region.empty() &&
      (c.region.size() != 6 || !std::all_of(c.region.begin(), c.region.end(), [](char ch) { return ch >= '0' && ch <= '9'; })))
    return Error::invalid_argument("region", "region must be a 6-digit division code such as 310000");

  for (std::size_t i = 0; i < c.phones.size(); ++i) {
    auto mobile = normalize_mobile(c.phones[i].number);
    if (mobile)
      c.phones[i].number = std::move(mobile).value();
    else if (is_landline(c.phones[i].number))
      c.phones[i].number = digits_of(c.phones[i].number);
    else
      return Error::invalid_argument(indexed("phones", i, "number"),
                                     fmt::format("'{}' is neither a mainland mobile nor a landline number",
                                                 c.phones[i].number));
  }
  for (std::size_t i = 0; i < c.emails.size(); ++i) {
    auto email = normalize_email(c.emails[i].address);
    if (!email) return std::move(email.error().within(fmt::format("emails[{}]", i)));
    c.emails[i].address = std::move(email).value();
  }
  for (std::size_t i = 0; i < c.addresses.size(); ++i) {
    const auto line = trim(c.addresses[i].line);
    if (line.empty()) return Error::invalid_argument(indexed("addresses", i, "line"), "address must not be empty");
    c.addresses[i].line = std::string{line};
  }
  for (std::size_t i = 0; i < c.needs.size(); ++i) {
    const auto& need = c.needs[i];
    if (need.desired_sum_insured && need.desired_sum_insured->minor <= 0)
      return Error::invalid_argument(indexed("needs", i, "desired_sum_insured"), "desired sum insured must be positive");
    if (need.term_years && *need.term_years <= 0)
      return Error::invalid_argument(indexed("needs", i, "term_years"), "term must be at least one year");
  }
  INSCRM_TRYV(at_most_one_primary(c.phones, "phones"));
  INSCRM_TRYV(at_most_one_primary(c.emails, "emails"));
  INSCRM_TRYV(at_most_one_primary(c.addresses, "addresses"));
  ensure_one_primary(c.phones);
  ensure_one_primary(c.emails);
  ensure_one_primary(c.addresses);
  return ok();
}

Result<Customer> CustomerService::create(const Actor& actor, Customer draft) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Create));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  Customer c = prepare_new(std::move(draft), actor, now);
  INSCRM_TRYV(validate_customer(c, date_of(now)));
  return engine.recorded(actor, engine.write([&](storage::Transaction& tx) -> Result<Customer> {
    INSCRM_TRYV(check_references(tx, c));
    INSCRM_TRYV(engine.in_scope(tx, actor, c));
    INSCRM_TRYV(tx.insert_customer(c));
    INSCRM_TRYV(engine.emit(tx, actor, "customer.created", "customer", c.id.value, created_payload(c),
                            audit_text(Customer{}) + "\n" + audit_text(c)));
    return shown_to(actor, c);
  }));
}

Result<ImportReport> detail::import_customer_rows(detail::Engine& engine, const Actor& actor,
                                                 std::vector<Customer> drafts, ImportMode mode,
                                                 bool validate_only) {
  const auto now = engine.clock->now();
  const auto today = date_of(now);
  ImportReport report;
  report.rows = drafts.size();

  // Validate every row before touching storage, so that the report lists each bad row once.
  std::vector<Customer> good;
  std::vector<std::size_t> good_rows;
  good.reserve(drafts.size());
  std::unordered_set<std::string> refs_in_batch;
  for (std::size_t row = 0; row < drafts.size(); ++row) {
    Customer c = prepare_new(std::move(drafts[row]), actor, now);
    if (auto v = validate_customer(c, today); !v) {
      report.errors.push_back({row, v.error()});
      continue;
    }
    if (c.external_ref && !refs_in_batch.insert(*c.external_ref).second) {
      report.errors.push_back(
          {row, Error::already_exists("external_ref", fmt::format("external_ref '{}' appears twice in the batch",
                                                                  *c.external_ref))});
      continue;
    }
    good.push_back(std::move(c));
    good_rows.push_back(row);
  }

  auto result = engine.write([&](storage::Transaction& tx) -> Result<void> {
    // Rows that collide with stored records or point at missing ones are row errors too.
    std::vector<Customer> batch;
    std::vector<std::size_t> batch_rows;
    batch.reserve(good.size());
    std::vector<std::string> external_refs;
    for (const Customer& c : good)
      if (c.external_ref) external_refs.push_back(*c.external_ref);
    INSCRM_TRY(auto taken_list, tx.taken_customer_refs(external_refs));
    const std::unordered_set<std::string> taken(taken_list.begin(), taken_list.end());
    for (std::size_t i = 0; i < good.size(); ++i) {
      Customer& c = good[i];
      if (c.external_ref) {
        if (taken.contains(*c.external_ref)) {
          report.errors.push_back({good_rows[i], Error::already_exists("external_ref",
                                                                       fmt::format("external_ref '{}' is taken",
                                                                                   *c.external_ref))});
          continue;
        }
      }
      if (c.org_unit.valid() || c.agent || !c.relationships.empty()) {
        if (auto refs = check_references(tx, c); !refs) {
          if (refs.error().code() == Errc::StorageError || refs.error().code() == Errc::StorageUnavailable)
            return refs.error();
          report.errors.push_back({good_rows[i], refs.error()});
          continue;
        }
      }
      batch.push_back(std::move(c));
      batch_rows.push_back(good_rows[i]);
    }
    std::sort(report.errors.begin(), report.errors.end(), [](const RowError& a, const RowError& b) { return a.row < b.row; });
    if (validate_only || (mode == ImportMode::AllOrNothing && !report.errors.empty())) return ok();  // nothing written

    INSCRM_TRYV(tx.insert_customers(batch));
    for (const Customer& c : batch) report.ids.push_back(c.id);
    report.imported = batch.size();
    // One summary event per batch: a million "customer.created" events would drown the host.
    const auto first = batch.empty() ? 0 : batch.front().id.value;
    const auto last = batch.empty() ? 0 : batch.back().id.value;
    return engine.emit(tx, actor, "customer.imported", "customer", first,
                       fmt::format(R"({{"count":{},"first_id":{},"last_id":{},"rejected":{}}})", batch.size(), first,
                                   last, report.errors.size()));
  });
  if (!result) return result.error();
  return report;
}

Result<ImportReport> CustomerService::import(const Actor& actor, std::vector<Customer> drafts, ImportMode mode) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Create));
  return detail::import_customer_rows(*engine_, actor, std::move(drafts), mode);
}

Result<Customer> CustomerService::get(const Actor& actor, CustomerId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Read));
  INSCRM_TRY(auto found, read_customers(*engine_, actor, OutOfScope::Refuse,
                                        [&](storage::Transaction& tx) -> Result<std::vector<Customer>> {
                                          INSCRM_TRY(auto c, tx.customer(id));
                                          return std::vector<Customer>{std::move(c)};
                                        }));
  return std::move(found.front());
}

Result<std::optional<Customer>> CustomerService::find_by_external_ref(const Actor& actor, std::string_view ref) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Read));
  INSCRM_TRY(auto found, read_customers(*engine_, actor, OutOfScope::Refuse,
                                        [&](storage::Transaction& tx) -> Result<std::vector<Customer>> {
                                          INSCRM_TRY(auto id, tx.customer_by_external_ref(ref));
                                          if (!id) return std::vector<Customer>{};
                                          INSCRM_TRY(auto c, tx.customer(*id));
                                          return std::vector<Customer>{std::move(c)};
                                        }));
  if (found.empty()) return std::optional<Customer>{};
  return std::optional<Customer>{std::move(found.front())};
}

Result<std::vector<Customer>> CustomerService::find_by_identity(const Actor& actor, std::string_view number) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Read));
  return read_customers(*engine_, actor, OutOfScope::Drop, [&](storage::Transaction& tx) -> Result<std::vector<Customer>> {
    // Look up by the normalised form, so "…x" finds "…X".
    std::string key{trim(number)};
    if (!key.empty() && key.back() == 'x') key.back() = 'X';
    INSCRM_TRY(auto ids, tx.customers_by_identity(key));
    std::vector<Customer> out;
    for (auto id : ids) {
      INSCRM_TRY(auto c, tx.customer(id));
      out.push_back(std::move(c));
    }
    return out;
  });
}

Result<std::vector<Customer>> CustomerService::list(const Actor& actor, const storage::CustomerQuery& query) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Read));
  return read_customers(*engine_, actor, OutOfScope::Drop, [&](storage::Transaction& tx) {
    return detail::scoped_page(
        query, [&](const storage::CustomerQuery& q) { return tx.customers(q); },
        [&](const Customer& c) { return engine_->in_scope(tx, actor, c); });
  });
}

Result<Customer> CustomerService::update(const Actor& actor, Customer c) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Update));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  INSCRM_TRYV(validate_customer(c, date_of(now)));
  auto saved = engine.write([&](storage::Transaction& tx) -> Result<Customer> {
    INSCRM_TRY(auto stored, tx.customer(c.id));
    INSCRM_TRYV(engine.in_scope(tx, actor, stored));
    // A merged-away record is kept as it was for the undo of its merge; the survivor is the one to edit.
    if (stored.merged_into)
      return Error::illegal_transition(fmt::format("customer {} was merged into customer {}; update the survivor",
                                                   stored.id.value, stored.merged_into->value),
                                       "merged_into");
    c.merged_into = stored.merged_into;
    // The stage is derived and the creation time is history: neither is the caller's to change.
    c.stage = stored.stage;
    c.stage_since = stored.stage_since;
    c.created_at = stored.created_at;
    c.updated_at = now;
    INSCRM_TRYV(check_references(tx, c));
    INSCRM_TRYV(tx.update_customer(c));
    INSCRM_TRYV(engine.emit(tx, actor, "customer.updated", "customer", c.id.value,
                            fmt::format(R"({{"customer_id":{},"version":{}}})", c.id.value, c.version),
                            audit_text(stored) + "\n" + audit_text(c)));
    return shown_to(actor, c);
  });
  return engine.recorded(actor, std::move(saved));
}

}  // namespace inscrm

// ---- lookups by personal data, erasure, retention (domain.md C12) ------------------------------

namespace inscrm {
namespace {

// Loads the customers a blind-index lookup found, for read_customers.
template <class Ids>
Result<std::vector<Customer>> load_all(storage::Transaction& tx, Ids&& ids) {
  INSCRM_TRY(auto found, ids());
  std::vector<Customer> out;
  out.reserve(found.size());
  for (auto id : found) {
    INSCRM_TRY(auto c, tx.customer(id));
    out.push_back(std::move(c));
  }
  return out;
}

// What erasure keeps: the facts statistics, ledgers and rules count on, none of which identifies
// the person on its own (KPIs, segment facts and the audit chain stay as they were).
Customer anonymised(Customer c, Date on) {
  c.name.clear();
  c.external_ref.reset();
  c.identity.reset();
  c.annual_income.reset();
  c.phones.clear();
  c.emails.clear();
  c.addresses.clear();
  c.relationships.clear();
  c.verified_on.reset();
  c.erased_on = on;
  return c;
}

}  // namespace

Result<std::vector<Customer>> CustomerService::find_by_phone(const Actor& actor, std::string_view number) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Read));
  std::string key;
  if (auto mobile = normalize_mobile(number)) key = std::move(mobile).value();
  else if (is_landline(number)) key = digits_of(number);
  else return Error::invalid_argument("number", fmt::format("'{}' is neither a mainland mobile nor a landline number", number));
  return read_customers(*engine_, actor, OutOfScope::Drop, [&](storage::Transaction& tx) {
    return load_all(tx, [&] { return tx.customers_by_phone(key); });
  });
}

Result<std::vector<Customer>> CustomerService::find_by_email(const Actor& actor, std::string_view address) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Read));
  INSCRM_TRY(const std::string key, normalize_email(address));
  return read_customers(*engine_, actor, OutOfScope::Drop, [&](storage::Transaction& tx) {
    return load_all(tx, [&] { return tx.customers_by_email(key); });
  });
}

Result<Customer> CustomerService::erase(const Actor& actor, CustomerId id) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::PersonalData, Action::Update));
  auto& engine = *engine_;
  const auto now = engine.clock->now();
  auto erased = engine.write([&](storage::Transaction& tx) -> Result<Customer> {
    INSCRM_TRY(const Customer stored, tx.customer(id));
    INSCRM_TRYV(engine.in_scope(tx, actor, stored));
    if (stored.erased_on)
      return Error::illegal_transition(fmt::format("customer {} was erased on {}", id.value, to_string(*stored.erased_on)),
                                       "erased_on");
    Customer c = anonymised(stored, date_of(now));
    c.updated_at = now;
    INSCRM_TRYV(tx.erase_customer(c));
    // The audit digest covers the record before and after, as for any change — a digest, so the
    // chain keeps no personal data and verifies as before.
    INSCRM_TRYV(engine.emit(tx, actor, "customer.erased", "customer", c.id.value,
                            fmt::format(R"({{"customer_id":{},"version":{}}})", c.id.value, c.version),
                            audit_text(stored) + "\n" + audit_text(c)));
    return c;
  });
  return engine.recorded(actor, std::move(erased));
}

Result<std::vector<CustomerId>> CustomerService::due_for_erasure(const Actor& actor, int years, Date today) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Read));
  if (years < 1 || years > 100) return Error::invalid_argument("years", "a retention period is 1 to 100 years");
  if (!today.ok()) return Error::invalid_argument("today", "not a calendar date");
  const Date cutoff = Date{today.year() - std::chrono::years{years}, today.month(),
                           today.month() == std::chrono::February && today.day() == std::chrono::day{29}
                               ? std::chrono::day{28}
                               : today.day()};
  return engine_->read([&](storage::Transaction& tx) -> Result<std::vector<CustomerId>> {
    // The last day each holder had cover: today while a policy is in force, else the latest day a
    // once-issued policy left cover. Paged in id order like every bulk read.
    std::unordered_map<std::int64_t, Date> last_cover;
    storage::PolicyQuery pq;
    for (;;) {
      INSCRM_TRY(auto page, tx.policies(pq));
      for (const Policy& p : page) {
        std::optional<Date> covered;
        if (in_force(p.status)) covered = today;
        else if (p.issue_date) covered = std::max(p.status_since, *p.issue_date);
        if (!covered) continue;
        auto [it, fresh] = last_cover.try_emplace(p.holder.value, *covered);
        if (!fresh && it->second < *covered) it->second = *covered;
      }
      if (page.size() < pq.limit) break;
      pq.after = page.back().id;
    }
    std::vector<CustomerId> due;
    storage::CustomerQuery cq;
    for (;;) {
      INSCRM_TRY(auto page, tx.customers(cq));
      for (const Customer& c : page) {
        if (c.erased_on) continue;
        auto it = last_cover.find(c.id.value);
        const Date since = it != last_cover.end() ? it->second : date_of(c.created_at);
        if (since <= cutoff) due.push_back(c.id);
      }
      if (page.size() < cq.limit) break;
      cq.after = page.back().id;
    }
    return due;
  });
}

Result<std::vector<CustomerId>> CustomerService::erase_due(const Actor& actor, int years) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::PersonalData, Action::Update));
  INSCRM_TRY(const auto due, due_for_erasure(actor, years, date_of(engine_->clock->now())));
  std::vector<CustomerId> erased;
  for (CustomerId id : due) {
    auto r = erase(actor, id);
    if (!r) {
      // Erased meanwhile by another call: done either way.
      if (r.error().code() == Errc::IllegalTransition) continue;
      return r.error();
    }
    erased.push_back(id);
  }
  return erased;
}

}  // namespace inscrm
