#include "storage/memory/memory_store.hpp"

#include "storage/memory/memory_care_records.hpp"
#include "storage/memory/memory_loyalty_records.hpp"
#include "storage/memory/memory_service_records.hpp"
#include "storage/sql/sql_store.hpp"
#include "storage/standard_facts.hpp"

#include <inscrm/analytics/loyalty_facts.hpp>
#include <inscrm/analytics/portfolio.hpp>
#include <inscrm/analytics/service_facts.hpp>
#include <inscrm/rules/evaluate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace inscrm::storage {
namespace {

// The library's schema version as the SQL adapters know it; memory has no schema but reports the
// same number so that hosts can compare stores.
constexpr int kMemorySchemaVersion = kSchemaVersion;

struct Counters {
  std::int64_t org_unit = 0, agent = 0, product = 0, customer = 0, policy = 0, payment = 0, transition = 0,
               event = 0, segment = 0, segment_snapshot = 0, merge = 0;
};

struct State {
  std::map<std::int64_t, OrgUnit> org_units;
  std::unordered_map<std::string, std::int64_t> org_unit_by_code;
  std::map<std::int64_t, Agent> agents;
  std::unordered_map<std::string, std::int64_t> agent_by_code;
  std::map<std::int64_t, Product> products;
  std::unordered_map<std::string, std::int64_t> product_by_code;
  std::map<std::int64_t, Customer> customers;
  std::unordered_map<std::string, std::int64_t> customer_by_ref;
  // Hashed, not ordered: customers_by_identity sorts its few hits, and a tree insert per customer
  // (a cache miss per level) was the largest cost of a bulk import into this store.
  std::unordered_multimap<std::string, std::int64_t> customer_by_identity;
  // Phones and e-mails, keyed "p:<number>" / "e:<address>". This adapter keeps its records in
  // process memory only — nothing of it is at rest — so it holds them in plain form and its
  // "blind index" is the value itself (README "Personal data").
  std::unordered_multimap<std::string, std::int64_t> customer_by_contact;
  std::map<std::int64_t, Policy> policies;
  std::unordered_map<std::string, std::int64_t> policy_by_number;
  std::unordered_map<std::string, std::int64_t> policy_by_ref;
  std::map<std::int64_t, Payment> payments;
  std::map<std::pair<std::int64_t, int>, std::int64_t> payment_by_due;  // (policy, due day) → id
  std::map<std::int64_t, PolicyTransition> transitions;
  std::multimap<std::int64_t, std::int64_t> transitions_by_policy;
  std::map<std::int64_t, DomainEvent> events;
  std::int64_t acked_up_to = 0;
  Counters next;
  memory::ServiceState service;  // service and complaints (memory_service_records.hpp)
  memory::LoyaltyState loyalty;  // loyalty programme (memory_loyalty_records.hpp)
  memory::CareState care;        // consent, care tasks, campaigns (memory_care_records.hpp)
  // Segments (domain.md C8): definitions, rule history keyed (segment, version), snapshots.
  std::map<std::int64_t, Segment> segments;
  std::unordered_map<std::string, std::int64_t> segment_by_name;
  std::map<std::pair<std::int64_t, int>, rules::StoredRule> segment_rules;
  std::map<std::int64_t, SegmentSnapshot> segment_snapshots;
  std::map<std::int64_t, AuditRecord> audit;  // the audit chain, by seq
  std::map<std::int64_t, CustomerMerge> merges;  // merges of duplicate customers, by id
};

template <class Map, class Key>
void erase_index(Map& index, const Key& key, std::int64_t id) {
  auto [first, last] = index.equal_range(key);
  for (auto it = first; it != last; ++it)
    if (it->second == id) {
      index.erase(it);
      return;
    }
}

class MemoryStore;

class MemoryTransaction final : public Transaction, private AuditRecords, private MergeRecords {
 public:
  MemoryTransaction(State& state, std::shared_mutex& mutex, TxMode mode)
      : s_(state),
        mode_(mode),
        service_(state.service, undo_, finished_, mode),
        loyalty_(state.loyalty, {state.policies, state.payments, state.service.claims}, undo_, finished_, mode),
        care_(state.care, undo_, finished_, mode, *this) {
    if (mode == TxMode::Write) {
      write_lock_ = std::unique_lock{mutex};
      saved_counters_ = s_.next;
      saved_service_counters_ = s_.service.next;
      saved_loyalty_counters_ = s_.loyalty.next;
      saved_care_counters_ = s_.care.next;
      saved_acked_ = s_.acked_up_to;
    } else {
      read_lock_ = std::shared_lock{mutex};
    }
  }

  ~MemoryTransaction() override {
    if (!finished_) rollback();
  }

  // ---- org units ---------------------------------------------------------------------------
  Result<void> insert_org_unit(OrgUnit& unit) override {
    INSCRM_TRYV(writable());
    if (s_.org_unit_by_code.contains(unit.code))
      return Error::already_exists("code", fmt::format("org unit code '{}' is taken", unit.code));
    unit.id = OrgUnitId{++s_.next.org_unit};
    unit.version = 1;
    s_.org_units[unit.id.value] = unit;
    s_.org_unit_by_code[unit.code] = unit.id.value;
    undo_.push_back([this, id = unit.id.value, code = unit.code] {
      s_.org_units.erase(id);
      s_.org_unit_by_code.erase(code);
    });
    return ok();
  }
  Result<OrgUnit> org_unit(OrgUnitId id) override { return find(s_.org_units, id.value, "org unit"); }
  Result<std::vector<OrgUnit>> org_units() override { return values(s_.org_units); }

  // ---- agents ------------------------------------------------------------------------------
  Result<void> insert_agent(Agent& agent) override {
    INSCRM_TRYV(writable());
    if (s_.agent_by_code.contains(agent.code))
      return Error::already_exists("code", fmt::format("agent code '{}' is taken", agent.code));
    agent.id = AgentId{++s_.next.agent};
    agent.version = 1;
    s_.agents[agent.id.value] = agent;
    s_.agent_by_code[agent.code] = agent.id.value;
    undo_.push_back([this, id = agent.id.value, code = agent.code] {
      s_.agents.erase(id);
      s_.agent_by_code.erase(code);
    });
    return ok();
  }
  Result<void> update_agent(Agent& agent) override {
    INSCRM_TRYV(writable());
    INSCRM_TRY(auto old, checked_for_update(s_.agents, agent.id.value, agent.version, "agent"));
    if (old.code != agent.code) {
      if (s_.agent_by_code.contains(agent.code))
        return Error::already_exists("code", fmt::format("agent code '{}' is taken", agent.code));
      s_.agent_by_code.erase(old.code);
      s_.agent_by_code[agent.code] = agent.id.value;
    }
    agent.version += 1;
    s_.agents[agent.id.value] = agent;
    undo_.push_back([this, old, new_code = agent.code] {
      s_.agent_by_code.erase(new_code);
      s_.agent_by_code[old.code] = old.id.value;
      s_.agents[old.id.value] = old;
    });
    return ok();
  }
  Result<Agent> agent(AgentId id) override { return find(s_.agents, id.value, "agent"); }
  Result<std::vector<Agent>> agents(std::optional<OrgUnitId> unit) override {
    std::vector<Agent> out;
    for (const auto& [id, a] : s_.agents)
      if (!unit || a.org_unit == *unit) out.push_back(a);
    return out;
  }

  // ---- products ----------------------------------------------------------------------------
  Result<void> insert_product(Product& product) override {
    INSCRM_TRYV(writable());
    if (s_.product_by_code.contains(product.code))
      return Error::already_exists("code", fmt::format("product code '{}' is taken", product.code));
    product.id = ProductId{++s_.next.product};
    product.version = 1;
    s_.products[product.id.value] = product;
    s_.product_by_code[product.code] = product.id.value;
    undo_.push_back([this, id = product.id.value, code = product.code] {
      s_.products.erase(id);
      s_.product_by_code.erase(code);
    });
    return ok();
  }
  Result<void> update_product(Product& product) override {
    INSCRM_TRYV(writable());
    INSCRM_TRY(auto old, checked_for_update(s_.products, product.id.value, product.version, "product"));
    if (old.code != product.code) {
      if (s_.product_by_code.contains(product.code))
        return Error::already_exists("code", fmt::format("product code '{}' is taken", product.code));
      s_.product_by_code.erase(old.code);
      s_.product_by_code[product.code] = product.id.value;
    }
    product.version += 1;
    s_.products[product.id.value] = product;
    undo_.push_back([this, old, new_code = product.code] {
      s_.product_by_code.erase(new_code);
      s_.product_by_code[old.code] = old.id.value;
      s_.products[old.id.value] = old;
    });
    return ok();
  }
  Result<Product> product(ProductId id) override { return find(s_.products, id.value, "product"); }
  Result<std::optional<Product>> product_by_code(std::string_view code) override {
    auto it = s_.product_by_code.find(std::string{code});
    if (it == s_.product_by_code.end()) return std::optional<Product>{};
    return std::optional<Product>{s_.products.at(it->second)};
  }
  Result<std::vector<Product>> products() override { return values(s_.products); }

  // ---- customers ---------------------------------------------------------------------------
  Result<void> insert_customer(Customer& c) override {
    INSCRM_TRYV(writable());
    INSCRM_TRYV(add_customer(c));
    undo_.push_back([this, id = c.id.value] { drop_customers(id, id); });
    return ok();
  }
  // One undo entry for the whole batch (its ids are consecutive) instead of a copy of every
  // customer in a closure: the copies made a bulk import allocation-bound, which also kept two
  // threads importing into two stores from overlapping well (bench_python's thread figure).
  Result<void> insert_customers(std::vector<Customer>& customers) override {
    INSCRM_TRYV(writable());
    s_.customer_by_ref.reserve(s_.customer_by_ref.size() + customers.size());
    s_.customer_by_identity.reserve(s_.customer_by_identity.size() + customers.size());
    const std::int64_t first = s_.next.customer + 1;
    std::optional<Error> failed;
    for (std::size_t i = 0; i < customers.size() && !failed; ++i) {
      if (auto r = add_customer(customers[i]); !r) failed = r.error().within(fmt::format("[{}]", i));
    }
    // The rows before a bad one stay written (as on every adapter) until the transaction ends.
    if (const std::int64_t last = s_.next.customer; last >= first)
      undo_.push_back([this, first, last] { drop_customers(first, last); });
    if (failed) return *std::move(failed);
    return ok();
  }
  Result<void> update_customer(Customer& c) override {
    INSCRM_TRYV(writable());
    INSCRM_TRY(auto old, checked_for_update(s_.customers, c.id.value, c.version, "customer"));
    if (c.external_ref && c.external_ref != old.external_ref && s_.customer_by_ref.contains(*c.external_ref))
      return Error::already_exists("external_ref", fmt::format("external_ref '{}' is taken", *c.external_ref));
    unindex_customer(old);
    c.version += 1;
    index_customer(c);
    s_.customers[c.id.value] = c;
    undo_.push_back([this, old, now = c] {
      unindex_customer(now);
      index_customer(old);
      s_.customers[old.id.value] = old;
    });
    return ok();
  }
  Result<Customer> customer(CustomerId id) override { return find(s_.customers, id.value, "customer"); }
  Result<std::optional<CustomerId>> customer_by_external_ref(std::string_view ref) override {
    auto it = s_.customer_by_ref.find(std::string{ref});
    if (it == s_.customer_by_ref.end()) return std::optional<CustomerId>{};
    return std::optional<CustomerId>{CustomerId{it->second}};
  }
  Result<std::vector<std::string>> taken_customer_refs(const std::vector<std::string>& refs) override {
    std::vector<std::string> taken;
    for (const auto& ref : refs)
      if (s_.customer_by_ref.contains(ref)) taken.push_back(ref);
    return taken;
  }
  Result<std::vector<CustomerId>> customers_by_identity(std::string_view number) override {
    std::vector<CustomerId> out;
    auto [first, last] = s_.customer_by_identity.equal_range(std::string{number});
    for (auto it = first; it != last; ++it)
      if (!merged(it->second)) out.emplace_back(it->second);
    std::sort(out.begin(), out.end());
    return out;
  }
  Result<std::vector<CustomerId>> customers_by_phone(std::string_view number) override {
    return by_contact("p:" + std::string{number});
  }
  Result<std::vector<CustomerId>> customers_by_email(std::string_view address) override {
    return by_contact("e:" + std::string{address});
  }
  Result<void> erase_customer(Customer& anonymised) override {
    if (!anonymised.erased_on) return Error::internal("erase_customer needs erased_on");
    INSCRM_TRYV(update_customer(anonymised));  // the anonymised record replaces the only copy there is
    // A merge's copy of the survivor as it was is personal data too: it goes with the erasure.
    for (auto& [id, m] : s_.merges) {
      if ((m.survivor != anonymised.id && m.merged_away != anonymised.id) || !m.survivor_before) continue;
      undo_.push_back([this, id = id, before = *m.survivor_before] { s_.merges.at(id).survivor_before = before; });
      m.survivor_before.reset();
    }
    return ok();
  }
  Result<std::int64_t> rotate_master_key(const MasterKey&) override {
    INSCRM_TRYV(writable());
    // Nothing here is wrapped under a master key (see customer_by_contact): the count is what an
    // encrypting adapter would have re-wrapped, the customers not erased.
    std::int64_t n = 0;
    for (const auto& [id, c] : s_.customers)
      if (!c.erased_on) ++n;
    return n;
  }
  Result<std::vector<Customer>> customers(const CustomerQuery& q) override {
    std::vector<Customer> out;
    for (auto it = s_.customers.upper_bound(q.after.value); it != s_.customers.end() && out.size() < q.limit; ++it) {
      const Customer& c = it->second;
      if (q.org_unit && c.org_unit != *q.org_unit) continue;
      if (q.agent && c.agent != q.agent) continue;
      if (q.stage && c.stage != *q.stage) continue;
      if (c.merged_into) continue;
      out.push_back(c);
    }
    return out;
  }
  Result<std::int64_t> count_customers() override {
    return static_cast<std::int64_t>(
        std::count_if(s_.customers.begin(), s_.customers.end(), [](const auto& kv) { return !kv.second.merged_into; }));
  }

  // ---- policies ----------------------------------------------------------------------------
  Result<void> insert_policy(Policy& p) override {
    INSCRM_TRYV(writable());
    if (s_.policy_by_number.contains(p.number))
      return Error::already_exists("number", fmt::format("policy number '{}' is taken", p.number));
    if (p.external_ref && s_.policy_by_ref.contains(*p.external_ref))
      return Error::already_exists("external_ref", fmt::format("external_ref '{}' is taken", *p.external_ref));
    p.id = PolicyId{++s_.next.policy};
    p.version = 1;
    index_policy(p);
    s_.policies[p.id.value] = p;
    undo_.push_back([this, p] {
      unindex_policy(p);
      s_.policies.erase(p.id.value);
    });
    return ok();
  }
  Result<void> insert_policies(std::vector<Policy>& policies) override {
    for (std::size_t i = 0; i < policies.size(); ++i) {
      auto r = insert_policy(policies[i]);
      if (!r) return r.error().within(fmt::format("[{}]", i));
    }
    return ok();
  }
  Result<void> update_policy(Policy& p) override {
    INSCRM_TRYV(writable());
    INSCRM_TRY(auto old, checked_for_update(s_.policies, p.id.value, p.version, "policy"));
    if (p.number != old.number && s_.policy_by_number.contains(p.number))
      return Error::already_exists("number", fmt::format("policy number '{}' is taken", p.number));
    if (p.external_ref && p.external_ref != old.external_ref && s_.policy_by_ref.contains(*p.external_ref))
      return Error::already_exists("external_ref", fmt::format("external_ref '{}' is taken", *p.external_ref));
    unindex_policy(old);
    p.version += 1;
    index_policy(p);
    s_.policies[p.id.value] = p;
    undo_.push_back([this, old, now = p] {
      unindex_policy(now);
      index_policy(old);
      s_.policies[old.id.value] = old;
    });
    return ok();
  }
  Result<Policy> policy(PolicyId id) override { return find(s_.policies, id.value, "policy"); }
  Result<std::optional<PolicyId>> policy_by_number(std::string_view number) override {
    auto it = s_.policy_by_number.find(std::string{number});
    if (it == s_.policy_by_number.end()) return std::optional<PolicyId>{};
    return std::optional<PolicyId>{PolicyId{it->second}};
  }
  Result<std::vector<Policy>> policies(const PolicyQuery& q) override {
    std::vector<Policy> out;
    for (auto it = s_.policies.upper_bound(q.after.value); it != s_.policies.end() && out.size() < q.limit; ++it) {
      const Policy& p = it->second;
      if (q.holder && p.holder != *q.holder) continue;
      if (!q.statuses.empty() && std::find(q.statuses.begin(), q.statuses.end(), p.status) == q.statuses.end())
        continue;
      out.push_back(p);
    }
    return out;
  }

  // ---- payments ----------------------------------------------------------------------------
  Result<void> insert_payment(Payment& pay) override {
    INSCRM_TRYV(writable());
    if (!s_.policies.contains(pay.policy.value))
      return Error::not_found("policy", fmt::format("policy {} does not exist", pay.policy.value));
    const auto key = std::pair{pay.policy.value, to_epoch_days(pay.due_date)};
    if (s_.payment_by_due.contains(key))
      return Error::already_exists("due_date", fmt::format("the instalment due {} is already paid",
                                                           inscrm::to_string(pay.due_date)));
    pay.id = PaymentId{++s_.next.payment};
    s_.payments[pay.id.value] = pay;
    s_.payment_by_due[key] = pay.id.value;
    undo_.push_back([this, key, id = pay.id.value] {
      s_.payments.erase(id);
      s_.payment_by_due.erase(key);
    });
    return ok();
  }
  Result<void> insert_payments(std::vector<Payment>& payments) override {
    for (std::size_t i = 0; i < payments.size(); ++i) {
      auto r = insert_payment(payments[i]);
      if (!r) return r.error().within(fmt::format("[{}]", i));
    }
    return ok();
  }
  Result<std::vector<Payment>> payments(PolicyId policy) override { return payments_in_range(policy, policy); }
  Result<std::vector<Payment>> payments_in_range(PolicyId first, PolicyId last) override {
    std::vector<Payment> out;
    for (auto it = s_.payment_by_due.lower_bound({first.value, INT32_MIN});
         it != s_.payment_by_due.end() && it->first.first <= last.value; ++it)
      out.push_back(s_.payments.at(it->second));
    return out;
  }

  // ---- history -----------------------------------------------------------------------------
  Result<void> append_transition(PolicyTransition& t) override {
    INSCRM_TRYV(writable());
    t.id = TransitionId{++s_.next.transition};
    s_.transitions[t.id.value] = t;
    auto index_it = s_.transitions_by_policy.emplace(t.policy.value, t.id.value);
    undo_.push_back([this, id = t.id.value, index_it] {
      s_.transitions_by_policy.erase(index_it);
      s_.transitions.erase(id);
    });
    return ok();
  }
  Result<std::vector<PolicyTransition>> transitions(PolicyId policy) override {
    std::vector<PolicyTransition> out;
    auto [first, last] = s_.transitions_by_policy.equal_range(policy.value);
    for (auto it = first; it != last; ++it) out.push_back(s_.transitions.at(it->second));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
  }

  // ---- outbox ------------------------------------------------------------------------------
  Result<void> append_event(DomainEvent& e) override {
    INSCRM_TRYV(writable());
    e.id = EventId{++s_.next.event};
    s_.events[e.id.value] = e;
    undo_.push_back([this, id = e.id.value] { s_.events.erase(id); });
    return ok();
  }
  Result<std::vector<DomainEvent>> pending_events(EventId after, std::size_t limit) override {
    std::vector<DomainEvent> out;
    for (auto it = s_.events.upper_bound(std::max(after.value, s_.acked_up_to));
         it != s_.events.end() && out.size() < limit; ++it)
      out.push_back(it->second);
    return out;
  }
  Result<void> ack_events(EventId up_to) override {
    INSCRM_TRYV(writable());
    s_.acked_up_to = std::max(s_.acked_up_to, up_to.value);
    // Delivered events are no longer needed: drop them so a long-running host does not grow.
    for (auto it = s_.events.begin(); it != s_.events.end() && it->first <= s_.acked_up_to;) {
      undo_.push_back([this, e = it->second] { s_.events[e.id.value] = e; });
      it = s_.events.erase(it);
    }
    return ok();
  }

  // ---- segments ----------------------------------------------------------------------------
  Result<void> insert_segment(Segment& seg) override {
    INSCRM_TRYV(writable());
    if (s_.segment_by_name.contains(seg.name))
      return Error::already_exists("name", fmt::format("segment name '{}' is taken", seg.name));
    seg.id = SegmentId{++s_.next.segment};
    seg.version = 1;
    s_.segments[seg.id.value] = seg;
    s_.segment_by_name[seg.name] = seg.id.value;
    undo_.push_back([this, id = seg.id.value, name = seg.name] {
      s_.segments.erase(id);
      s_.segment_by_name.erase(name);
    });
    return ok();
  }
  Result<void> update_segment(Segment& seg) override {
    INSCRM_TRYV(writable());
    INSCRM_TRY(auto old, checked_for_update(s_.segments, seg.id.value, seg.version, "segment"));
    if (old.name != seg.name) {
      if (s_.segment_by_name.contains(seg.name))
        return Error::already_exists("name", fmt::format("segment name '{}' is taken", seg.name));
      s_.segment_by_name.erase(old.name);
      s_.segment_by_name[seg.name] = seg.id.value;
    }
    seg.version += 1;
    s_.segments[seg.id.value] = seg;
    undo_.push_back([this, old, new_name = seg.name] {
      s_.segment_by_name.erase(new_name);
      s_.segment_by_name[old.name] = old.id.value;
      s_.segments[old.id.value] = old;
    });
    return ok();
  }
  Result<Segment> segment(SegmentId id) override { return find(s_.segments, id.value, "segment"); }
  Result<std::optional<Segment>> segment_by_name(std::string_view name) override {
    const auto it = s_.segment_by_name.find(std::string{name});
    if (it == s_.segment_by_name.end()) return std::optional<Segment>{};
    return std::optional<Segment>{s_.segments.at(it->second)};
  }
  Result<std::vector<Segment>> segments() override { return values(s_.segments); }
  Result<void> append_segment_rule(SegmentId segment, const rules::StoredRule& rule) override {
    INSCRM_TRYV(writable());
    if (!s_.segments.contains(segment.value))
      return Error::not_found("segment", fmt::format("segment {} does not exist", segment.value));
    const std::pair key{segment.value, rule.version};
    if (s_.segment_rules.contains(key))
      return Error::already_exists("version", fmt::format("segment {} already has rule version {}", segment.value,
                                                          rule.version));
    s_.segment_rules[key] = rule;
    undo_.push_back([this, key] { s_.segment_rules.erase(key); });
    return ok();
  }
  Result<std::vector<rules::StoredRule>> segment_rules(SegmentId segment) override {
    std::vector<rules::StoredRule> out;
    for (auto it = s_.segment_rules.lower_bound({segment.value, 0});
         it != s_.segment_rules.end() && it->first.first == segment.value; ++it)
      out.push_back(it->second);
    return out;
  }
  Result<void> insert_segment_snapshot(SegmentSnapshot& snap) override {
    INSCRM_TRYV(writable());
    if (!s_.segments.contains(snap.segment.value))
      return Error::not_found("segment", fmt::format("segment {} does not exist", snap.segment.value));
    snap.id = SegmentSnapshotId{++s_.next.segment_snapshot};
    snap.member_count = static_cast<std::int64_t>(snap.members.size());
    s_.segment_snapshots[snap.id.value] = snap;
    undo_.push_back([this, id = snap.id.value] { s_.segment_snapshots.erase(id); });
    return ok();
  }
  Result<SegmentSnapshot> segment_snapshot(SegmentSnapshotId id) override {
    return find(s_.segment_snapshots, id.value, "segment snapshot");
  }
  Result<std::vector<SegmentSnapshot>> segment_snapshots(SegmentId segment) override {
    std::vector<SegmentSnapshot> out;
    for (const auto& [id, snap] : s_.segment_snapshots) {
      if (snap.segment != segment) continue;
      out.push_back(snap);
      out.back().members.clear();
    }
    return out;
  }

  // Columnar: the memory adapter holds every record already, so the Portfolio is built straight
  // from its maps (customers in id order, hence members ascending), with the same service and
  // loyalty facts as Crm::portfolio.
  Result<std::vector<CustomerId>> rule_members(const rules::Rule& rule, Date as_of) override {
    INSCRM_TRYV(check_standard_facts(rule));
    std::vector<Customer> customers;  // a merged-away record is no customer of its own (as in lists)
    for (const auto& [id, c] : s_.customers)
      if (!c.merged_into) customers.push_back(c);
    const auto policies = values(s_.policies);
    const auto payments = values(s_.payments);
    const auto products = values(s_.products);
    Portfolio p = Portfolio::build(customers, policies, payments, products, as_of);
    ServiceFactsBuilder service_facts{p};
    for (const auto& [id, c] : s_.service.complaints) service_facts.add(c);
    for (const auto& [id, r] : s_.service.survey_responses) service_facts.add(r);
    for (const auto& [id, i] : s_.service.interactions) service_facts.add(i);
    INSCRM_TRYV(service_facts.fill(p));
    for (const auto& [id, a] : s_.loyalty.accounts) INSCRM_TRYV(set_loyalty_facts(p, a.customer, a.balance, a.tier));
    INSCRM_TRY(auto selected, rules::evaluate(rule, p));
    return rules::customers_of(selected, p);
  }

  ServiceRecords& service() override { return service_; }
  LoyaltyRecords& loyalty() override { return loyalty_; }
  CareRecords& care() override { return care_; }
  MergeRecords& merges() override { return *this; }

  // ---- merges of duplicate customers (merge_records.hpp) -------------------------------------
  Result<std::vector<MovedRecords>> move_customer_records(CustomerId from, CustomerId to) override {
    INSCRM_TRYV(writable());
    // Check first, change after: nothing below can fail, so one undo entry covers it all.
    for (const auto& [id, e] : s_.loyalty.entries)
      if (e.customer == from && s_.loyalty.entry_by_key.contains({to.value, e.idempotency_key}))
        return Error::already_exists("idempotency_key",
                                     fmt::format("both customers hold a points entry with key '{}'", e.idempotency_key));
    std::vector<MovedRecords> moved;
    for (MergedTable table : enum_values<MergedTable>()) {
      MovedRecords m{table, rows_naming(table, from, to)};
      if (m.ids.empty()) continue;
      repoint(table, m.ids, from, to, +1);
      moved.push_back(std::move(m));
    }
    recompute_consents(from);
    recompute_consents(to);
    undo_.push_back([this, moved, from, to] {
      for (const auto& m : moved) repoint(m.table, m.ids, to, from, -1);
      recompute_consents(from);
      recompute_consents(to);
    });
    return moved;
  }
  Result<void> move_records_back(const std::vector<MovedRecords>& moved, CustomerId to, CustomerId from) override {
    INSCRM_TRYV(writable());
    std::vector<MovedRecords> back;
    for (const auto& m : moved) {
      MovedRecords still{m.table, {}};
      for (auto id : m.ids) {
        // A campaign or policy that names the merged-away customer again since keeps the survivor's row.
        if ((m.table == MergedTable::CampaignMembers || m.table == MergedTable::PolicyInsured ||
             m.table == MergedTable::PolicyBeneficiaries) &&
            names(m.table, id, from))
          continue;
        if (names(m.table, id, to)) still.ids.push_back(id);
      }
      for (auto id : still.ids)
        if (m.table == MergedTable::PointsEntries &&
            s_.loyalty.entry_by_key.contains({from.value, s_.loyalty.entries.at(id).idempotency_key}))
          return Error::already_exists("idempotency_key", "the merged-away customer holds that points key again");
      back.push_back(std::move(still));
    }
    for (const auto& m : back) repoint(m.table, m.ids, to, from, +1);
    recompute_consents(from);
    recompute_consents(to);
    undo_.push_back([this, back, from, to] {
      for (const auto& m : back) repoint(m.table, m.ids, from, to, -1);
      recompute_consents(from);
      recompute_consents(to);
    });
    return ok();
  }
  Result<void> insert_merge(CustomerMerge& merge) override {
    INSCRM_TRYV(writable());
    merge.id = MergeId{++s_.next.merge};
    s_.merges[merge.id.value] = merge;
    undo_.push_back([this, id = merge.id.value] { s_.merges.erase(id); });
    return ok();
  }
  Result<void> mark_merge_undone(MergeId id, Instant at, std::string_view actor) override {
    INSCRM_TRYV(writable());
    auto it = s_.merges.find(id.value);
    if (it == s_.merges.end()) return Error::not_found("id", fmt::format("merge {} does not exist", id.value));
    if (it->second.undone_at) return Error{Errc::Conflict, fmt::format("merge {} is undone already", id.value), "merge"};
    const CustomerMerge old = it->second;
    it->second.undone_at = at;
    it->second.undone_by = std::string{actor};
    undo_.push_back([this, old] { s_.merges[old.id.value] = old; });
    return ok();
  }
  Result<CustomerMerge> merge_record(MergeId id) override { return find(s_.merges, id.value, "merge"); }
  Result<std::vector<CustomerMerge>> merge_records(std::optional<CustomerId> customer) override {
    std::vector<CustomerMerge> out;
    for (const auto& [id, m] : s_.merges)
      if (!customer || m.survivor == *customer || m.merged_away == *customer) out.push_back(m);
    return out;
  }

  // ---- audit chain -------------------------------------------------------------------------
  // The write lock already serialises writers, so the head read here stays the head.
  AuditRecords& audit() override { return *this; }
  Result<std::optional<AuditRecord>> audit_head() override {
    if (s_.audit.empty()) return std::optional<AuditRecord>{};
    return std::optional<AuditRecord>{s_.audit.rbegin()->second};
  }
  Result<void> append_audit(const AuditRecord& record) override {
    INSCRM_TRYV(writable());
    if (!s_.audit.emplace(record.seq, record).second)
      return Error::already_exists("seq", fmt::format("audit record {} exists", record.seq));
    undo_.push_back([this, seq = record.seq] { s_.audit.erase(seq); });
    return ok();
  }
  Result<std::vector<AuditRecord>> audit_records(std::int64_t after, std::size_t limit) override {
    std::vector<AuditRecord> out;
    for (auto it = s_.audit.upper_bound(after); it != s_.audit.end() && out.size() < limit; ++it)
      out.push_back(it->second);
    return out;
  }

  Result<void> commit() override {
    if (finished_) return Error::internal("transaction already finished");
    finished_ = true;
    undo_.clear();
    release();
    return ok();
  }

 private:
  Result<void> writable() const {
    if (finished_) return Error::internal("transaction already finished");
    if (mode_ != TxMode::Write) return Error::internal("write in a read transaction");
    return ok();
  }

  void rollback() {
    for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) (*it)();
    undo_.clear();
    if (mode_ == TxMode::Write) {
      s_.next = saved_counters_;
      s_.service.next = saved_service_counters_;
      s_.loyalty.next = saved_loyalty_counters_;
      s_.care.next = saved_care_counters_;
      s_.acked_up_to = saved_acked_;
    }
    finished_ = true;
    release();
  }

  void release() {
    if (write_lock_.owns_lock()) write_lock_.unlock();
    if (read_lock_.owns_lock()) read_lock_.unlock();
  }

  template <class T>
  static Result<T> find(const std::map<std::int64_t, T>& map, std::int64_t id, const char* what) {
    auto it = map.find(id);
    if (it == map.end()) return Error::not_found("id", fmt::format("{} {} does not exist", what, id));
    return it->second;
  }

  template <class T>
  static Result<T> checked_for_update(const std::map<std::int64_t, T>& map, std::int64_t id, std::int64_t version,
                                      const char* what) {
    INSCRM_TRY(auto old, find(map, id, what));
    if (old.version != version)
      return Error::conflict(fmt::format("{} {} was changed by someone else (version {} read, {} stored)", what, id,
                                         version, old.version));
    return old;
  }

  template <class T>
  static std::vector<T> values(const std::map<std::int64_t, T>& map) {
    std::vector<T> out;
    out.reserve(map.size());
    for (const auto& [id, v] : map) out.push_back(v);
    return out;
  }

  // Stores a new customer under the next id. Ids only grow (a rollback does not hand them out
  // again), so the new entry always goes at the end of the ordered map.
  Result<void> add_customer(Customer& c) {
    if (c.external_ref && s_.customer_by_ref.contains(*c.external_ref))
      return Error::already_exists("external_ref", fmt::format("external_ref '{}' is taken", *c.external_ref));
    c.id = CustomerId{++s_.next.customer};
    c.version = 1;
    index_customer(c);
    s_.customers.emplace_hint(s_.customers.end(), c.id.value, c);
    return ok();
  }
  // Undo of inserts: removes the customers with ids first..last, wherever they are in the map.
  void drop_customers(std::int64_t first, std::int64_t last) {
    auto it = s_.customers.lower_bound(first);
    while (it != s_.customers.end() && it->first <= last) {
      unindex_customer(it->second);
      it = s_.customers.erase(it);
    }
  }
  void index_customer(const Customer& c) {
    if (c.external_ref) s_.customer_by_ref[*c.external_ref] = c.id.value;
    if (c.erased_on) return;  // an erased customer is not found by what they were
    if (c.identity) s_.customer_by_identity.emplace(c.identity->number, c.id.value);
    for (const Phone& p : c.phones) s_.customer_by_contact.emplace("p:" + p.number, c.id.value);
    for (const Email& e : c.emails) s_.customer_by_contact.emplace("e:" + e.address, c.id.value);
  }
  Result<std::vector<CustomerId>> by_contact(const std::string& key) {
    std::vector<CustomerId> out;
    auto [first, last] = s_.customer_by_contact.equal_range(key);
    for (auto it = first; it != last; ++it)
      if (!merged(it->second)) out.emplace_back(it->second);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  void unindex_customer(const Customer& c) {
    if (c.external_ref) s_.customer_by_ref.erase(*c.external_ref);
    if (c.erased_on) return;
    if (c.identity) erase_index(s_.customer_by_identity, c.identity->number, c.id.value);
    for (const Phone& p : c.phones) erase_index(s_.customer_by_contact, "p:" + p.number, c.id.value);
    for (const Email& e : c.emails) erase_index(s_.customer_by_contact, "e:" + e.address, c.id.value);
  }
  bool merged(std::int64_t customer) const {
    auto it = s_.customers.find(customer);
    return it != s_.customers.end() && it->second.merged_into;
  }

  // The ids of `table`'s rows that name `from`, ascending; campaign memberships `to` already has
  // in the same campaign stay where they are.
  std::vector<std::int64_t> rows_naming(MergedTable table, CustomerId from, CustomerId to) const {
    std::vector<std::int64_t> ids;
    auto scan = [&](const auto& map, auto customer_of) {
      for (const auto& [id, rec] : map)
        if (customer_of(rec) == from) ids.push_back(id);
    };
    auto customer = [](const auto& r) { return r.customer; };
    switch (table) {
      case MergedTable::Policies: scan(s_.policies, [](const Policy& p) { return p.holder; }); break;
      case MergedTable::Claims: scan(s_.service.claims, [](const Claim& c) { return c.claimant; }); break;
      case MergedTable::Interactions: scan(s_.service.interactions, customer); break;
      case MergedTable::Complaints: scan(s_.service.complaints, customer); break;
      case MergedTable::ServiceRequests: scan(s_.service.service_requests, customer); break;
      case MergedTable::SurveyResponses: scan(s_.service.survey_responses, customer); break;
      case MergedTable::Consents: scan(s_.care.consents, customer); break;
      case MergedTable::CareTasks: scan(s_.care.tasks, customer); break;
      case MergedTable::PointsEntries: scan(s_.loyalty.entries, customer); break;
      case MergedTable::CampaignMembers:
        for (const auto& [key, m] : s_.care.members)
          if (key.second == from.value && !s_.care.members.contains({key.first, to.value})) ids.push_back(key.first);
        break;
      case MergedTable::PolicyInsured:
      case MergedTable::PolicyBeneficiaries:
        for (const auto& [id, p] : s_.policies)
          if (names(table, id, from) && !names(table, id, to)) ids.push_back(id);
        break;
    }
    return ids;
  }
  // Whether a policy names `customer` among its insured (or beneficiaries).
  static bool party_of(const Policy& p, MergedTable table, CustomerId customer) {
    if (table == MergedTable::PolicyInsured)
      return std::find(p.insured.begin(), p.insured.end(), customer) != p.insured.end();
    return std::any_of(p.beneficiaries.begin(), p.beneficiaries.end(),
                       [&](const Beneficiary& b) { return b.customer == customer; });
  }
  // Whether row `id` of `table` names `customer`.
  bool names(MergedTable table, std::int64_t id, CustomerId customer) const {
    auto in = [&](const auto& map, auto customer_of) {
      auto it = map.find(id);
      return it != map.end() && customer_of(it->second) == customer;
    };
    auto of = [](const auto& r) { return r.customer; };
    switch (table) {
      case MergedTable::Policies: return in(s_.policies, [](const Policy& p) { return p.holder; });
      case MergedTable::Claims: return in(s_.service.claims, [](const Claim& c) { return c.claimant; });
      case MergedTable::Interactions: return in(s_.service.interactions, of);
      case MergedTable::Complaints: return in(s_.service.complaints, of);
      case MergedTable::ServiceRequests: return in(s_.service.service_requests, of);
      case MergedTable::SurveyResponses: return in(s_.service.survey_responses, of);
      case MergedTable::Consents: return in(s_.care.consents, of);
      case MergedTable::CareTasks: return in(s_.care.tasks, of);
      case MergedTable::PointsEntries: return in(s_.loyalty.entries, of);
      case MergedTable::CampaignMembers: return s_.care.members.contains({id, customer.value});
      case MergedTable::PolicyInsured:
      case MergedTable::PolicyBeneficiaries: {
        auto it = s_.policies.find(id);
        return it != s_.policies.end() && party_of(it->second, table, customer);
      }
    }
    return false;
  }
  // Re-points rows `ids` of `table` from `from` to `to`, moving versioned records' version by
  // `version_step` (+1 for a change, -1 when the undo log takes one back).
  void repoint(MergedTable table, const std::vector<std::int64_t>& ids, CustomerId from, CustomerId to,
               int version_step) {
    auto each = [&](auto& map, auto&& change) {
      for (auto id : ids) change(map.at(id));
    };
    auto versioned = [&](auto& r) { r.version += version_step; };
    switch (table) {
      case MergedTable::Policies: each(s_.policies, [&](Policy& p) { p.holder = to, versioned(p); }); break;
      case MergedTable::Claims: each(s_.service.claims, [&](Claim& c) { c.claimant = to, versioned(c); }); break;
      case MergedTable::Interactions:
        each(s_.service.interactions, [&](Interaction& r) { r.customer = to, versioned(r); });
        break;
      case MergedTable::Complaints: each(s_.service.complaints, [&](Complaint& r) { r.customer = to, versioned(r); }); break;
      case MergedTable::ServiceRequests:
        each(s_.service.service_requests, [&](ServiceRequest& r) { r.customer = to, versioned(r); });
        break;
      case MergedTable::SurveyResponses: each(s_.service.survey_responses, [&](SurveyResponse& r) { r.customer = to; }); break;
      case MergedTable::Consents: each(s_.care.consents, [&](ConsentRecord& r) { r.customer = to; }); break;
      case MergedTable::CareTasks: each(s_.care.tasks, [&](CareTask& r) { r.customer = to, versioned(r); }); break;
      case MergedTable::PointsEntries:
        for (auto id : ids) {
          PointsEntry& e = s_.loyalty.entries.at(id);
          s_.loyalty.entry_by_key.erase({from.value, e.idempotency_key});
          s_.loyalty.entries_by_customer.erase({from.value, id});
          e.customer = to;
          s_.loyalty.entry_by_key[{to.value, e.idempotency_key}] = id;
          s_.loyalty.entries_by_customer.insert({to.value, id});
        }
        break;
      case MergedTable::PolicyInsured:
        each(s_.policies, [&](Policy& p) {
          std::replace(p.insured.begin(), p.insured.end(), from, to);
          versioned(p);
        });
        break;
      case MergedTable::PolicyBeneficiaries:
        each(s_.policies, [&](Policy& p) {
          for (auto& b : p.beneficiaries)
            if (b.customer == from) b.customer = to;
          versioned(p);
        });
        break;
      case MergedTable::CampaignMembers:
        for (auto campaign : ids) {
          auto node = s_.care.members.extract({campaign, from.value});
          node.key().second = to.value;
          node.mapped().customer = to;
          s_.care.members.insert(std::move(node));
        }
        break;
    }
  }
  // The consent in force per (purpose, channel) is a customer's latest record (highest id).
  void recompute_consents(CustomerId customer) {
    auto& force = s_.care.consent_in_force;
    force.erase(force.lower_bound({customer.value, std::numeric_limits<int>::min(), std::numeric_limits<int>::min()}),
                force.upper_bound({customer.value, std::numeric_limits<int>::max(), std::numeric_limits<int>::max()}));
    for (const auto& [id, r] : s_.care.consents)
      if (r.customer == customer)
        force[{customer.value, static_cast<int>(r.purpose), static_cast<int>(r.channel)}] = id;
  }

  void index_policy(const Policy& p) {
    s_.policy_by_number[p.number] = p.id.value;
    if (p.external_ref) s_.policy_by_ref[*p.external_ref] = p.id.value;
  }
  void unindex_policy(const Policy& p) {
    s_.policy_by_number.erase(p.number);
    if (p.external_ref) s_.policy_by_ref.erase(*p.external_ref);
  }

  State& s_;
  TxMode mode_;
  std::unique_lock<std::shared_mutex> write_lock_;
  std::shared_lock<std::shared_mutex> read_lock_;
  std::vector<std::function<void()>> undo_;
  Counters saved_counters_;
  memory::ServiceCounters saved_service_counters_;
  memory::LoyaltyCounters saved_loyalty_counters_;
  memory::CareCounters saved_care_counters_;
  std::int64_t saved_acked_ = 0;
  bool finished_ = false;
  memory::MemoryServiceRecords service_;  // shares undo_ and finished_: declared after them
  memory::MemoryLoyaltyRecords loyalty_;  // likewise
  memory::MemoryCareRecords care_;        // likewise; its due queries read through this transaction
};

class MemoryStore final : public Store {
 public:
  Result<std::unique_ptr<Transaction>> begin(TxMode mode) override {
    return std::unique_ptr<Transaction>{std::make_unique<MemoryTransaction>(state_, mutex_, mode)};
  }
  std::string_view kind() const noexcept override { return "memory"; }
  int schema_version() const noexcept override { return kMemorySchemaVersion; }

 private:
  std::shared_mutex mutex_;
  State state_;
};

}  // namespace

std::unique_ptr<Store> make_memory_store() { return std::make_unique<MemoryStore>(); }

}  // namespace inscrm::storage
