#include "storage/memory/memory_care_records.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace inscrm::storage::memory {
namespace {

constexpr std::size_t kPage = 1000;

bool month_day_is(Date d, unsigned month, unsigned day) {
  return static_cast<unsigned>(d.month()) == month && static_cast<unsigned>(d.day()) == day;
}
bool is_feb29(Date d) { return month_day_is(d, 2, 29); }
Date last_day_of(Date d) { return Date{d.year() / d.month() / std::chrono::last}; }

bool by_customer(const CareCandidate& a, const CareCandidate& b) {
  const auto pa = a.policy ? a.policy->value : 0, pb = b.policy ? b.policy->value : 0;
  return std::tie(a.customer.value, pa, a.subject) < std::tie(b.customer.value, pb, b.subject);
}

}  // namespace

Result<void> MemoryCareRecords::writable() const {
  if (finished_) return Error::internal("transaction already finished");
  if (mode_ != TxMode::Write) return Error::internal("write in a read transaction");
  return ok();
}

template <class Fn>
Result<void> MemoryCareRecords::each_policy(Fn&& fn) {
  PolicyQuery q;
  q.limit = kPage;
  for (;;) {
    INSCRM_TRY(auto page, tx_.policies(q));
    for (const auto& p : page) INSCRM_TRYV(fn(p));
    if (page.size() < kPage) return ok();
    q.after = page.back().id;
  }
}

template <class Fn>
Result<void> MemoryCareRecords::each_customer(Fn&& fn) {
  CustomerQuery q;
  q.limit = kPage;
  for (;;) {
    INSCRM_TRY(auto page, tx_.customers(q));
    for (const auto& c : page) INSCRM_TRYV(fn(c));
    if (page.size() < kPage) return ok();
    q.after = page.back().id;
  }
}

Result<std::optional<AgentId>> MemoryCareRecords::agent_of(const Policy& p) {
  if (p.agent) return p.agent;
  INSCRM_TRY(auto holder, tx_.customer(p.holder));
  return holder.agent;
}

// ---- consent -----------------------------------------------------------------------------------

Result<void> MemoryCareRecords::append_consent(ConsentRecord& r) {
  INSCRM_TRYV(writable());
  r.id = ConsentId{++s_.next.consent};
  s_.consents[r.id.value] = r;
  const auto key = std::tuple{r.customer.value, static_cast<int>(r.purpose), static_cast<int>(r.channel)};
  std::optional<std::int64_t> before;
  if (auto it = s_.consent_in_force.find(key); it != s_.consent_in_force.end()) before = it->second;
  s_.consent_in_force[key] = r.id.value;
  undo_.push_back([this, id = r.id.value, key, before] {
    s_.consents.erase(id);
    if (before)
      s_.consent_in_force[key] = *before;
    else
      s_.consent_in_force.erase(key);
  });
  return ok();
}

Result<std::vector<ConsentRecord>> MemoryCareRecords::consents_of(CustomerId customer) {
  std::vector<ConsentRecord> out;
  for (const auto& [id, r] : s_.consents)
    if (r.customer == customer) out.push_back(r);
  return out;
}

Result<std::vector<CustomerId>> MemoryCareRecords::consenting(ConsentPurpose purpose, Channel channel,
                                                              const std::vector<CustomerId>& customers) {
  std::vector<CustomerId> out;
  for (auto c : customers) {
    auto it = s_.consent_in_force.find({c.value, static_cast<int>(purpose), static_cast<int>(channel)});
    if (it != s_.consent_in_force.end() && s_.consents.at(it->second).granted) out.push_back(c);
  }
  return out;
}

// ---- due queries -------------------------------------------------------------------------------

Result<std::vector<CareCandidate>> MemoryCareRecords::born_on(unsigned month, unsigned day, bool and_feb29) {
  std::vector<CareCandidate> out;
  INSCRM_TRYV(each_customer([&](const Customer& c) -> Result<void> {
    if (c.kind != PartyKind::Person || !c.birth_date) return ok();
    if (month_day_is(*c.birth_date, month, day) || (and_feb29 && is_feb29(*c.birth_date)))
      out.push_back({c.id, c.agent, std::nullopt, 0, *c.birth_date});
    return ok();
  }));
  return out;
}

Result<std::vector<CareCandidate>> MemoryCareRecords::customers_page(CustomerId after, std::size_t limit) {
  CustomerQuery q;
  q.after = after;
  q.limit = limit;
  INSCRM_TRY(auto page, tx_.customers(q));
  std::vector<CareCandidate> out;
  out.reserve(page.size());
  for (const auto& c : page) out.push_back({c.id, c.agent, std::nullopt, 0, Date{}});
  return out;
}

Result<std::vector<CareCandidate>> MemoryCareRecords::anniversaries(Date on, bool and_feb29) {
  std::vector<CareCandidate> out;
  const auto m = static_cast<unsigned>(on.month()), d = static_cast<unsigned>(on.day());
  INSCRM_TRYV(each_policy([&](const Policy& p) -> Result<void> {
    if (!in_force(p.status) || !p.effective_date || p.effective_date->year() >= on.year()) return ok();
    if (!month_day_is(*p.effective_date, m, d) && !(and_feb29 && is_feb29(*p.effective_date))) return ok();
    INSCRM_TRY(auto agent, agent_of(p));
    out.push_back({p.holder, agent, p.id, 0, *p.effective_date});
    return ok();
  }));
  std::sort(out.begin(), out.end(), by_customer);
  return out;
}

Result<std::vector<DueInstalment>> MemoryCareRecords::instalments_due(Date due) {
  std::vector<DueInstalment> out;
  const bool month_end = due == last_day_of(due);
  INSCRM_TRYV(each_policy([&](const Policy& p) -> Result<void> {
    if (!in_force(p.status) || p.frequency == Frequency::Single || !p.effective_date || *p.effective_date >= due)
      return ok();
    const auto eday = p.effective_date->day(), dday = due.day();
    if (!(eday == dday || (month_end && eday > dday))) return ok();
    INSCRM_TRY(auto paid, tx_.payments(p.id));
    if (std::any_of(paid.begin(), paid.end(), [&](const Payment& x) { return x.due_date == due; })) return ok();
    INSCRM_TRY(auto agent, agent_of(p));
    out.push_back({p.id, p.holder, agent, p.frequency, p.premium_years, *p.effective_date, p.expiry_date});
    return ok();
  }));
  std::sort(out.begin(), out.end(), [](const DueInstalment& a, const DueInstalment& b) {
    return std::tie(a.holder.value, a.policy.value) < std::tie(b.holder.value, b.policy.value);
  });
  return out;
}

Result<std::vector<CareCandidate>> MemoryCareRecords::grace_ending(Date last_day) {
  std::vector<CareCandidate> out;
  INSCRM_TRYV(each_policy([&](const Policy& p) -> Result<void> {
    if (p.status != PolicyStatus::GracePeriod) return ok();
    INSCRM_TRY(auto product, tx_.product(p.product));
    // Grace opened the day after the missed due date and lasts grace_days from that due date.
    if (add_days(p.status_since, product.grace_days - 1) != last_day) return ok();
    INSCRM_TRY(auto agent, agent_of(p));
    out.push_back({p.holder, agent, p.id, 0, last_day});
    return ok();
  }));
  std::sort(out.begin(), out.end(), by_customer);
  return out;
}

Result<std::vector<CareCandidate>> MemoryCareRecords::maturing(Date on) {
  std::vector<CareCandidate> out;
  INSCRM_TRYV(each_policy([&](const Policy& p) -> Result<void> {
    if (!in_force(p.status) || p.expiry_date != on) return ok();
    INSCRM_TRY(auto agent, agent_of(p));
    out.push_back({p.holder, agent, p.id, 0, on});
    return ok();
  }));
  std::sort(out.begin(), out.end(), by_customer);
  return out;
}

Result<std::vector<CareCandidate>> MemoryCareRecords::issued_long_term(Date on, int min_days) {
  std::vector<CareCandidate> out;
  INSCRM_TRYV(each_policy([&](const Policy& p) -> Result<void> {
    if (p.issue_date != on || !p.effective_date) return ok();
    if (p.expiry_date && days_between(*p.effective_date, *p.expiry_date) <= min_days) return ok();
    INSCRM_TRY(auto agent, agent_of(p));
    out.push_back({p.holder, agent, p.id, 0, on});
    return ok();
  }));
  std::sort(out.begin(), out.end(), by_customer);
  return out;
}

Result<std::vector<CareCandidate>> MemoryCareRecords::claims_settled(Date on) {
  std::vector<CareCandidate> out;
  ClaimQuery q;
  q.statuses = {ClaimStatus::Paid, ClaimStatus::Declined, ClaimStatus::Closed};
  q.limit = kPage;
  for (;;) {
    INSCRM_TRY(auto page, tx_.service().claims(q));
    for (const auto& c : page) {
      if (c.status_since != on) continue;
      INSCRM_TRY(auto customer, tx_.customer(c.claimant));
      out.push_back({c.claimant, customer.agent, c.policy, c.id.value, on});
    }
    if (page.size() < kPage) break;
    q.after = page.back().id;
  }
  std::sort(out.begin(), out.end(), by_customer);
  return out;
}

Result<std::vector<CareCandidate>> MemoryCareRecords::complaints_closed(Date on) {
  std::vector<CareCandidate> out;
  ComplaintQuery q;
  q.statuses = {ComplaintStatus::Closed};
  q.limit = kPage;
  for (;;) {
    INSCRM_TRY(auto page, tx_.service().complaints(q));
    for (const auto& c : page) {
      if (!c.closed_at || date_of(*c.closed_at) != on) continue;
      INSCRM_TRY(auto customer, tx_.customer(c.customer));
      out.push_back({c.customer, customer.agent, c.policy, c.id.value, on});
    }
    if (page.size() < kPage) break;
    q.after = page.back().id;
  }
  std::sort(out.begin(), out.end(), by_customer);
  return out;
}

// ---- care tasks --------------------------------------------------------------------------------

Result<std::size_t> MemoryCareRecords::insert_care_tasks(std::vector<CareTask>& tasks) {
  INSCRM_TRYV(writable());
  std::size_t stored = 0;
  for (auto& t : tasks) {
    if (s_.task_by_key.contains(t.key)) {
      t.id = CareTaskId{};
      continue;
    }
    t.id = CareTaskId{++s_.next.task};
    t.version = 1;
    s_.tasks[t.id.value] = t;
    s_.task_by_key[t.key] = t.id.value;
    undo_.push_back([this, id = t.id.value, key = t.key] {
      s_.tasks.erase(id);
      s_.task_by_key.erase(key);
    });
    ++stored;
  }
  return stored;
}

Result<CareTask> MemoryCareRecords::care_task(CareTaskId id) {
  auto it = s_.tasks.find(id.value);
  if (it == s_.tasks.end()) return Error::not_found("id", fmt::format("care task {} does not exist", id.value));
  return it->second;
}

Result<void> MemoryCareRecords::update_care_task(CareTask& t) {
  INSCRM_TRYV(writable());
  auto it = s_.tasks.find(t.id.value);
  if (it == s_.tasks.end()) return Error::not_found("id", fmt::format("care task {} does not exist", t.id.value));
  if (it->second.version != t.version)
    return Error::conflict(fmt::format("care task {} was changed by someone else (version {} read, {} stored)",
                                       t.id.value, t.version, it->second.version));
  undo_.push_back([this, old = it->second] { s_.tasks[old.id.value] = old; });
  CareTask next = t;
  next.key = it->second.key;  // the occasion never changes
  next.version += 1;
  it->second = next;
  t = next;
  return ok();
}

Result<std::vector<CareTask>> MemoryCareRecords::care_tasks(const CareTaskQuery& q) {
  std::vector<CareTask> out;
  for (auto it = s_.tasks.upper_bound(q.after.value); it != s_.tasks.end() && out.size() < q.limit; ++it) {
    const auto& t = it->second;
    if (q.due && t.due != *q.due) continue;
    if (q.agent && t.agent != q.agent) continue;
    if (q.customer && t.customer != *q.customer) continue;
    if (q.status && t.status != *q.status) continue;
    out.push_back(t);
  }
  return out;
}

// ---- campaigns ---------------------------------------------------------------------------------

Result<void> MemoryCareRecords::insert_campaign(Campaign& c) {
  INSCRM_TRYV(writable());
  if (s_.campaign_by_name.contains(c.name))
    return Error::already_exists("name", fmt::format("campaign name '{}' is taken", c.name));
  c.id = CampaignId{++s_.next.campaign};
  c.version = 1;
  s_.campaigns[c.id.value] = c;
  s_.campaign_by_name[c.name] = c.id.value;
  undo_.push_back([this, id = c.id.value, name = c.name] {
    s_.campaigns.erase(id);
    s_.campaign_by_name.erase(name);
  });
  return ok();
}

Result<void> MemoryCareRecords::update_campaign(Campaign& c) {
  INSCRM_TRYV(writable());
  auto it = s_.campaigns.find(c.id.value);
  if (it == s_.campaigns.end()) return Error::not_found("id", fmt::format("campaign {} does not exist", c.id.value));
  if (it->second.version != c.version)
    return Error::conflict(fmt::format("campaign {} was changed by someone else (version {} read, {} stored)",
                                       c.id.value, c.version, it->second.version));
  if (c.name != it->second.name) {
    if (s_.campaign_by_name.contains(c.name))
      return Error::already_exists("name", fmt::format("campaign name '{}' is taken", c.name));
    s_.campaign_by_name.erase(it->second.name);
    s_.campaign_by_name[c.name] = c.id.value;
  }
  undo_.push_back([this, old = it->second, name = c.name] {
    s_.campaign_by_name.erase(name);
    s_.campaign_by_name[old.name] = old.id.value;
    s_.campaigns[old.id.value] = old;
  });
  c.version += 1;
  it->second = c;
  return ok();
}

Result<Campaign> MemoryCareRecords::campaign(CampaignId id) {
  auto it = s_.campaigns.find(id.value);
  if (it == s_.campaigns.end()) return Error::not_found("id", fmt::format("campaign {} does not exist", id.value));
  return it->second;
}

Result<std::vector<Campaign>> MemoryCareRecords::campaigns() {
  std::vector<Campaign> out;
  for (const auto& [id, c] : s_.campaigns) out.push_back(c);
  return out;
}

Result<std::size_t> MemoryCareRecords::add_campaign_members(CampaignId campaign,
                                                            const std::vector<CampaignMember>& members) {
  INSCRM_TRYV(writable());
  if (!s_.campaigns.contains(campaign.value))
    return Error::not_found("campaign", fmt::format("campaign {} does not exist", campaign.value));
  std::size_t stored = 0;
  for (auto m : members) {
    m.campaign = campaign;
    const auto key = std::pair{campaign.value, m.customer.value};
    if (s_.members.contains(key)) continue;
    s_.members[key] = m;
    undo_.push_back([this, key] { s_.members.erase(key); });
    ++stored;
  }
  return stored;
}

Result<std::vector<CampaignMember>> MemoryCareRecords::campaign_members(CampaignId campaign) {
  std::vector<CampaignMember> out;
  for (auto it = s_.members.lower_bound({campaign.value, 0}); it != s_.members.end() && it->first.first == campaign.value;
       ++it)
    out.push_back(it->second);
  return out;
}

Result<std::optional<CampaignMember>> MemoryCareRecords::campaign_member(CampaignId campaign, CustomerId customer) {
  auto it = s_.members.find({campaign.value, customer.value});
  if (it == s_.members.end()) return std::optional<CampaignMember>{};
  return std::optional<CampaignMember>{it->second};
}

Result<void> MemoryCareRecords::update_campaign_member(const CampaignMember& m) {
  INSCRM_TRYV(writable());
  auto it = s_.members.find({m.campaign.value, m.customer.value});
  if (it == s_.members.end())
    return Error::not_found("customer", fmt::format("customer {} is not a member of campaign {}", m.customer.value,
                                                    m.campaign.value));
  undo_.push_back([this, old = it->second] { s_.members[{old.campaign.value, old.customer.value}] = old; });
  it->second = m;
  return ok();
}

}  // namespace inscrm::storage::memory
