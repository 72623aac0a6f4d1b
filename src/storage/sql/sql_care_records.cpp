// Consent, the care calendar and campaigns in the SQL adapters (storage/care_records.hpp,
// migration 0006_care). The due queries select only the columns a care task needs and filter by
// the date expressions the migration indexes, so a day's run reads the rows due that day and not
// the book.
#include "storage/sql/sql_care_records.hpp"

#include "storage/sql/sql_transaction_impl.hpp"

#include <string>
#include <utility>

namespace inscrm::storage::sql {

// ---- rows --------------------------------------------------------------------------------------

struct ConsentRow {
  static constexpr std::string_view table = "consents";
  static constexpr bool has_id = true;
  IntCol id, customer_id;
  TextCol purpose, channel;
  IntCol granted, at_time;
  TextCol source, actor;
  IntCol recorded_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("customer_id", customer_id), f("purpose", purpose), f("channel", channel);
    f("granted", granted), f("at_time", at_time), f("source", source), f("actor", actor);
    f("recorded_at", recorded_at);
  }
};

struct CareTaskRow {
  static constexpr std::string_view table = "care_tasks";
  static constexpr bool has_id = true;
  IntCol id, version;
  TextCol kind;
  IntCol customer_id, agent_id;
  TextCol channel;
  IntCol due, about, policy_id, subject;
  TextCol task_key, holiday, status;
  IntCol done_on;
  TextCol outcome;
  IntCol created_at, updated_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("kind", kind), f("customer_id", customer_id), f("agent_id", agent_id);
    f("channel", channel), f("due", due), f("about", about), f("policy_id", policy_id), f("subject", subject);
    f("task_key", task_key), f("holiday", holiday), f("status", status), f("done_on", done_on);
    f("outcome", outcome), f("created_at", created_at), f("updated_at", updated_at);
  }
};

struct CampaignRow {
  static constexpr std::string_view table = "campaigns";
  static constexpr bool has_id = true;
  IntCol id, version;
  TextCol name, objective, target_rule, channel;
  IntCol starts_on, ends_on, budget_minor;
  TextCol budget_currency;
  IntCol created_at, updated_at;

  template <class F>
  void each(F&& f) {
    f("id", id), f("version", version), f("name", name), f("objective", objective), f("target_rule", target_rule);
    f("channel", channel), f("starts_on", starts_on), f("ends_on", ends_on), f("budget_minor", budget_minor);
    f("budget_currency", budget_currency), f("created_at", created_at), f("updated_at", updated_at);
  }
};

struct MemberRow {
  static constexpr std::string_view table = "campaign_members";
  static constexpr bool has_id = false;
  IntCol campaign_id, customer_id, added_on, contacted_on, responded_on, converted_on;

  template <class F>
  void each(F&& f) {
    f("campaign_id", campaign_id), f("customer_id", customer_id), f("added_on", added_on);
    f("contacted_on", contacted_on), f("responded_on", responded_on), f("converted_on", converted_on);
  }
};

void to_row(const ConsentRecord& x, ConsentRow& r) {
  put(r.id, x.id.value);
  put_id(r.customer_id, x.customer);
  put_enum(r.purpose, x.purpose);
  put_enum(r.channel, x.channel);
  put_bool(r.granted, x.granted);
  put_instant(r.at_time, x.at);
  put(r.source, x.source);
  put(r.actor, x.actor);
  put_instant(r.recorded_at, x.recorded_at);
}

Result<ConsentRecord> from_row(const ConsentRow& r) {
  ConsentRecord x;
  INSCRM_TRY(x.id, get_id<ConsentId>(r.id, "consents.id"));
  INSCRM_TRY(x.customer, get_id<CustomerId>(r.customer_id, "consents.customer_id"));
  INSCRM_TRY(x.purpose, get_enum<ConsentPurpose>(r.purpose, "consents.purpose"));
  INSCRM_TRY(x.channel, get_enum<Channel>(r.channel, "consents.channel"));
  INSCRM_TRY(x.granted, get_bool(r.granted, "consents.granted"));
  INSCRM_TRY(x.at, get_instant(r.at_time, "consents.at_time"));
  INSCRM_TRY(x.source, get(r.source, "consents.source"));
  INSCRM_TRY(x.actor, get(r.actor, "consents.actor"));
  INSCRM_TRY(x.recorded_at, get_instant(r.recorded_at, "consents.recorded_at"));
  return x;
}

void to_row(const CareTask& t, CareTaskRow& r) {
  put(r.id, t.id.value);
  put(r.version, t.version);
  put_enum(r.kind, t.kind);
  put_id(r.customer_id, t.customer);
  put_id(r.agent_id, t.agent);
  put_enum(r.channel, t.channel);
  put_date(r.due, t.due);
  put_date(r.about, t.about);
  put_id(r.policy_id, t.policy);
  put(r.subject, t.subject);
  put(r.task_key, t.key);
  put(r.holiday, t.holiday);
  put_enum(r.status, t.status);
  put_date(r.done_on, t.done_on);
  put(r.outcome, t.outcome);
  put_instant(r.created_at, t.created_at);
  put_instant(r.updated_at, t.updated_at);
}

Result<CareTask> from_row(const CareTaskRow& r) {
  CareTask t;
  INSCRM_TRY(t.id, get_id<CareTaskId>(r.id, "care_tasks.id"));
  INSCRM_TRY(t.version, get(r.version, "care_tasks.version"));
  INSCRM_TRY(t.kind, get_enum<CareKind>(r.kind, "care_tasks.kind"));
  INSCRM_TRY(t.customer, get_id<CustomerId>(r.customer_id, "care_tasks.customer_id"));
  t.agent = get_opt_id<AgentId>(r.agent_id);
  INSCRM_TRY(t.channel, get_enum<Channel>(r.channel, "care_tasks.channel"));
  INSCRM_TRY(t.due, get_date(r.due, "care_tasks.due"));
  INSCRM_TRY(t.about, get_date(r.about, "care_tasks.about"));
  t.policy = get_opt_id<PolicyId>(r.policy_id);
  INSCRM_TRY(t.subject, get(r.subject, "care_tasks.subject"));
  INSCRM_TRY(t.key, get(r.task_key, "care_tasks.task_key"));
  INSCRM_TRY(t.holiday, get(r.holiday, "care_tasks.holiday"));
  INSCRM_TRY(t.status, get_enum<CareTaskStatus>(r.status, "care_tasks.status"));
  t.done_on = get_opt_date(r.done_on);
  INSCRM_TRY(t.outcome, get(r.outcome, "care_tasks.outcome"));
  INSCRM_TRY(t.created_at, get_instant(r.created_at, "care_tasks.created_at"));
  INSCRM_TRY(t.updated_at, get_instant(r.updated_at, "care_tasks.updated_at"));
  return t;
}

void to_row(const Campaign& c, CampaignRow& r) {
  put(r.id, c.id.value);
  put(r.version, c.version);
  put(r.name, c.name);
  put(r.objective, c.objective);
  put(r.target_rule, c.target_rule);
  put_enum(r.channel, c.channel);
  put_date(r.starts_on, c.starts_on);
  put_date(r.ends_on, c.ends_on);
  put_money(r.budget_minor, r.budget_currency, c.budget);
  put_instant(r.created_at, c.created_at);
  put_instant(r.updated_at, c.updated_at);
}

Result<Campaign> from_row(const CampaignRow& r) {
  Campaign c;
  INSCRM_TRY(c.id, get_id<CampaignId>(r.id, "campaigns.id"));
  INSCRM_TRY(c.version, get(r.version, "campaigns.version"));
  INSCRM_TRY(c.name, get(r.name, "campaigns.name"));
  INSCRM_TRY(c.objective, get(r.objective, "campaigns.objective"));
  INSCRM_TRY(c.target_rule, get(r.target_rule, "campaigns.target_rule"));
  INSCRM_TRY(c.channel, get_enum<Channel>(r.channel, "campaigns.channel"));
  INSCRM_TRY(c.starts_on, get_date(r.starts_on, "campaigns.starts_on"));
  INSCRM_TRY(c.ends_on, get_date(r.ends_on, "campaigns.ends_on"));
  INSCRM_TRY(c.budget, get_money(r.budget_minor, r.budget_currency, "campaigns.budget"));
  INSCRM_TRY(c.created_at, get_instant(r.created_at, "campaigns.created_at"));
  INSCRM_TRY(c.updated_at, get_instant(r.updated_at, "campaigns.updated_at"));
  return c;
}

void to_row(const CampaignMember& m, MemberRow& r) {
  put_id(r.campaign_id, m.campaign);
  put_id(r.customer_id, m.customer);
  put_date(r.added_on, m.added_on);
  put_date(r.contacted_on, m.contacted_on);
  put_date(r.responded_on, m.responded_on);
  put_date(r.converted_on, m.converted_on);
}

Result<CampaignMember> from_row(const MemberRow& r) {
  CampaignMember m;
  INSCRM_TRY(m.campaign, get_id<CampaignId>(r.campaign_id, "campaign_members.campaign_id"));
  INSCRM_TRY(m.customer, get_id<CustomerId>(r.customer_id, "campaign_members.customer_id"));
  INSCRM_TRY(m.added_on, get_date(r.added_on, "campaign_members.added_on"));
  m.contacted_on = get_opt_date(r.contacted_on);
  m.responded_on = get_opt_date(r.responded_on);
  m.converted_on = get_opt_date(r.converted_on);
  return m;
}

namespace {

template <class Bind>
long long execute(soci::session& sql, const std::string& text, Bind&& bind) {
  soci::statement st(sql);
  bind(st);
  prepare(st, text, false);
  st.execute(true);
  return st.get_affected_rows();
}

// The statuses in which cover is in place (domain/policy.hpp in_force), as SQL.
constexpr const char* kInForce = "status IN ('in_force', 'grace_period', 'reinstated', 'renewed')";
// The policy's agent, else its holder's (a correlated primary-key probe, no join to plan).
constexpr const char* kPolicyAgent =
    "COALESCE(agent_id, (SELECT customers.agent_id FROM customers WHERE customers.id = policies.holder_id))";

}  // namespace

template <class T, class Body>
Result<T> SqlCareRecords::write(Body&& body) {
  return tx_.run<T>(SqlTransaction::Access::Write, std::forward<Body>(body));
}

template <class T, class Body>
Result<T> SqlCareRecords::read(Body&& body) {
  return tx_.run<T>(SqlTransaction::Access::Read, std::forward<Body>(body));
}

std::string SqlCareRecords::month_day(const char* c) const {
  if (tx_.c_.backend() == Backend::Postgresql)
    return fmt::format("((EXTRACT(MONTH FROM DATE '1970-01-01' + {0}) * 100 + EXTRACT(DAY FROM DATE '1970-01-01' + "
                       "{0}))::integer)",
                       c);
  return fmt::format("(CAST(strftime('%m%d', {} * 86400, 'unixepoch') AS INTEGER))", c);
}

std::string SqlCareRecords::day_of_month(const char* c) const {
  if (tx_.c_.backend() == Backend::Postgresql)
    return fmt::format("(EXTRACT(DAY FROM DATE '1970-01-01' + {})::integer)", c);
  return fmt::format("(CAST(strftime('%d', {} * 86400, 'unixepoch') AS INTEGER))", c);
}

// ---- consent -----------------------------------------------------------------------------------

Result<void> SqlCareRecords::append_consent(ConsentRecord& x) {
  return write<void>([&]() -> Result<void> {
    auto& ins = tx_.stmt<PreparedInsert<ConsentRow>>();
    to_row(x, ins.row);
    const auto id = ins.run(tx_.c_);
    if (!id) return Error::internal("consent record was not stored");
    x.id = ConsentId{*id};
    long long customer = x.customer.value, consent = x.id.value, granted = x.granted ? 1 : 0;
    std::string purpose{to_string(x.purpose)}, channel{to_string(x.channel)};
    execute(tx_.c_.sql(),
            "INSERT INTO consent_state (customer_id, purpose, channel, consent_id, granted) "
            "VALUES (:c, :p, :ch, :id, :g) ON CONFLICT (customer_id, purpose, channel) "
            "DO UPDATE SET consent_id = excluded.consent_id, granted = excluded.granted",
            [&](soci::statement& st) {
              st.exchange(soci::use(customer));
              st.exchange(soci::use(purpose));
              st.exchange(soci::use(channel));
              st.exchange(soci::use(consent));
              st.exchange(soci::use(granted));
            });
    return ok();
  });
}

Result<std::vector<ConsentRecord>> SqlCareRecords::consents_of(CustomerId customer) {
  return read<std::vector<ConsentRecord>>([&] {
    long long c = customer.value;
    return tx_.select_rows<ConsentRow>("WHERE customer_id = :c ORDER BY id",
                                       [&](soci::statement& st) { st.exchange(soci::use(c)); });
  });
}

Result<std::vector<CustomerId>> SqlCareRecords::consenting(ConsentPurpose purpose, Channel channel,
                                                           const std::vector<CustomerId>& customers) {
  // Ids are integers the library produced: inlined in chunks of IN lists, one probe per chunk.
  constexpr std::size_t kChunk = 500;
  std::vector<CustomerId> out;
  std::string p{to_string(purpose)}, ch{to_string(channel)};
  for (std::size_t first = 0; first < customers.size(); first += kChunk) {
    const std::size_t last = std::min(customers.size(), first + kChunk);
    std::string sql =
        "SELECT customer_id FROM consent_state WHERE purpose = :p AND channel = :ch AND granted = 1 AND customer_id IN (";
    for (std::size_t i = first; i < last; ++i) sql += fmt::format("{}{}", i == first ? "" : ",", customers[i].value);
    sql += ") ORDER BY customer_id";
    auto ids = read<std::vector<long long>>([&] {
      return tx_.select_ids(sql, [&](soci::statement& st) {
        st.exchange(soci::use(p));
        st.exchange(soci::use(ch));
      });
    });
    if (!ids) return ids.error();
    for (auto id : ids.value()) out.emplace_back(id);
  }
  return out;
}

// ---- due queries -------------------------------------------------------------------------------

Result<std::vector<CareCandidate>> SqlCareRecords::candidates(const std::string& sql, std::vector<long long> params) {
  return read<std::vector<CareCandidate>>([&]() -> Result<std::vector<CareCandidate>> {
    IntCol customer, agent, policy, subject, about;
    soci::statement st(tx_.c_.sql());
    st.exchange(soci::into(customer.v, customer.ind));
    st.exchange(soci::into(agent.v, agent.ind));
    st.exchange(soci::into(policy.v, policy.ind));
    st.exchange(soci::into(subject.v, subject.ind));
    st.exchange(soci::into(about.v, about.ind));
    for (auto& p : params) st.exchange(soci::use(p));
    prepare(st, sql, false);
    std::vector<CareCandidate> out;
    INSCRM_TRYV(for_each_row(st, [&]() -> Result<void> {
      CareCandidate c;
      INSCRM_TRY(c.customer, get_id<CustomerId>(customer, "customer"));
      c.agent = get_opt_id<AgentId>(agent);
      c.policy = get_opt_id<PolicyId>(policy);
      c.subject = subject.null() ? 0 : subject.v;
      c.about = about.null() ? Date{} : from_epoch_days(static_cast<int>(about.v));
      out.push_back(c);
      return ok();
    }));
    return out;
  });
}

Result<std::vector<CareCandidate>> SqlCareRecords::born_on(unsigned month, unsigned day, bool and_feb29) {
  const long long md = month * 100 + day;
  return candidates(fmt::format("SELECT id, agent_id, CAST(NULL AS BIGINT), 0, birth_date FROM customers "
                                "WHERE {} IN (:a, :b) AND kind = 'person' AND merged_into IS NULL ORDER BY id",
                                month_day("birth_date")),
                    {md, and_feb29 ? 229 : md});
}

Result<std::vector<CareCandidate>> SqlCareRecords::customers_page(CustomerId after, std::size_t limit) {
  return candidates("SELECT id, agent_id, CAST(NULL AS BIGINT), 0, CAST(NULL AS INTEGER) FROM customers "
                    "WHERE id > :a AND merged_into IS NULL ORDER BY id LIMIT :b",
                    {after.value, sql_limit(limit)});
}

Result<std::vector<CareCandidate>> SqlCareRecords::anniversaries(Date on, bool and_feb29) {
  const long long md = static_cast<unsigned>(on.month()) * 100 + static_cast<unsigned>(on.day());
  // An earlier year: the effective date is before 1 January of on's year.
  const long long year_start = to_epoch_days(Date{on.year() / std::chrono::January / 1});
  auto all = candidates(fmt::format("SELECT holder_id, {}, id, 0, effective_date FROM policies "
                                    "WHERE {} IN (:a, :b) AND {} ORDER BY holder_id, id",
                                    kPolicyAgent, month_day("effective_date"), kInForce),
                        {md, and_feb29 ? 229 : md});
  if (!all) return all;
  std::erase_if(all.value(), [&](const CareCandidate& c) { return to_epoch_days(c.about) >= year_start; });
  return all;
}

Result<std::vector<DueInstalment>> SqlCareRecords::instalments_due(Date due) {
  return read<std::vector<DueInstalment>>([&]() -> Result<std::vector<DueInstalment>> {
    const Date month_end{due.year() / due.month() / std::chrono::last};
    long long lo = static_cast<unsigned>(due.day()), hi = due == month_end ? 31 : lo, d = to_epoch_days(due);
    IntCol id, holder, agent, years, effective, expiry;
    TextCol frequency;
    soci::statement st(tx_.c_.sql());
    st.exchange(soci::into(id.v, id.ind));
    st.exchange(soci::into(holder.v, holder.ind));
    st.exchange(soci::into(agent.v, agent.ind));
    st.exchange(soci::into(frequency.v, frequency.ind));
    st.exchange(soci::into(years.v, years.ind));
    st.exchange(soci::into(effective.v, effective.ind));
    st.exchange(soci::into(expiry.v, expiry.ind));
    st.exchange(soci::use(lo));
    st.exchange(soci::use(hi));
    st.exchange(soci::use(d));
    st.exchange(soci::use(d));
    prepare(st,
            fmt::format("SELECT id, holder_id, {}, frequency, premium_years, effective_date, expiry_date FROM policies "
                        "WHERE {} BETWEEN :lo AND :hi AND effective_date < :d AND frequency <> 'single' AND {} "
                        "AND NOT EXISTS (SELECT 1 FROM payments WHERE payments.policy_id = policies.id "
                        "AND payments.due_date = :d2) ORDER BY holder_id, id",
                        kPolicyAgent, day_of_month("effective_date"), kInForce),
            false);
    std::vector<DueInstalment> out;
    INSCRM_TRYV(for_each_row(st, [&]() -> Result<void> {
      DueInstalment x;
      INSCRM_TRY(x.policy, get_id<PolicyId>(id, "policies.id"));
      INSCRM_TRY(x.holder, get_id<CustomerId>(holder, "policies.holder_id"));
      x.agent = get_opt_id<AgentId>(agent);
      INSCRM_TRY(x.frequency, get_enum<Frequency>(frequency, "policies.frequency"));
      INSCRM_TRY(x.premium_years, get_int(years, "policies.premium_years"));
      INSCRM_TRY(x.effective, get_date(effective, "policies.effective_date"));
      x.expiry = get_opt_date(expiry);
      out.push_back(x);
      return ok();
    }));
    return out;
  });
}

Result<std::vector<CareCandidate>> SqlCareRecords::grace_ending(Date last_day) {
  // Grace opened the day after the missed due date and lasts the product's grace days from it.
  const long long d = to_epoch_days(last_day);
  auto out = candidates(fmt::format("SELECT holder_id, {}, id, 0, status_since FROM policies "
                                    "WHERE status = 'grace_period' AND status_since + (SELECT products.grace_days "
                                    "FROM products WHERE products.id = policies.product_id) - 1 = :a "
                                    "ORDER BY holder_id, id",
                                    kPolicyAgent),
                        {d});
  if (out)
    for (auto& c : out.value()) c.about = last_day;
  return out;
}

Result<std::vector<CareCandidate>> SqlCareRecords::maturing(Date on) {
  const long long d = to_epoch_days(on);
  return candidates(fmt::format("SELECT holder_id, {}, id, 0, expiry_date FROM policies "
                                "WHERE expiry_date = :a AND {} ORDER BY holder_id, id",
                                kPolicyAgent, kInForce),
                    {d});
}

Result<std::vector<CareCandidate>> SqlCareRecords::issued_long_term(Date on, int min_days) {
  const long long d = to_epoch_days(on);
  return candidates(fmt::format("SELECT holder_id, {}, id, 0, issue_date FROM policies "
                                "WHERE issue_date = :a AND effective_date IS NOT NULL "
                                "AND (expiry_date IS NULL OR expiry_date - effective_date > :b) "
                                "ORDER BY holder_id, id",
                                kPolicyAgent),
                    {d, min_days});
}

Result<std::vector<CareCandidate>> SqlCareRecords::claims_settled(Date on) {
  const long long d = to_epoch_days(on);
  return candidates("SELECT claimant_id, (SELECT customers.agent_id FROM customers WHERE customers.id = "
                    "claims.claimant_id), policy_id, id, status_since FROM claims "
                    "WHERE status_since = :a AND status IN ('paid', 'declined', 'closed') "
                    "ORDER BY claimant_id, policy_id, id",
                    {d});
}

Result<std::vector<CareCandidate>> SqlCareRecords::complaints_closed(Date on) {
  auto out = candidates("SELECT customer_id, (SELECT customers.agent_id FROM customers WHERE customers.id = "
                        "complaints.customer_id), policy_id, id, CAST(NULL AS INTEGER) FROM complaints "
                        "WHERE closed_at >= :a AND closed_at < :b AND status = 'closed' "
                        "ORDER BY customer_id, policy_id, id",
                        {to_epoch_micros(start_of(on)), to_epoch_micros(start_of(add_days(on, 1)))});
  if (out)
    for (auto& c : out.value()) c.about = on;
  return out;
}

// ---- care tasks --------------------------------------------------------------------------------

Result<std::size_t> SqlCareRecords::insert_care_tasks(std::vector<CareTask>& tasks) {
  return write<std::size_t>([&]() -> Result<std::size_t> {
    auto& ins = tx_.stmt<PreparedInsert<CareTaskRow>>();
    std::size_t stored = 0;
    for (auto& t : tasks) {
      CareTask row = t;
      row.version = 1;
      to_row(row, ins.row);
      const auto id = ins.run(tx_.c_);  // nullopt: the occasion's key is taken
      if (!id) {
        t.id = CareTaskId{};
        continue;
      }
      t.id = CareTaskId{*id};
      t.version = 1;
      ++stored;
    }
    return stored;
  });
}

Result<CareTask> SqlCareRecords::care_task(CareTaskId id) {
  return read<CareTask>([&]() -> Result<CareTask> {
    long long i = id.value;
    INSCRM_TRY(auto rows, tx_.select_rows<CareTaskRow>("WHERE id = :id",
                                                       [&](soci::statement& st) { st.exchange(soci::use(i)); }));
    if (rows.empty()) return Error::not_found("id", fmt::format("care task {} does not exist", id.value));
    return std::move(rows.front());
  });
}

Result<void> SqlCareRecords::update_care_task(CareTask& t) {
  return write<void>([&]() -> Result<void> {
    CareTaskRow row;
    to_row(t, row);
    long long next = t.version + 1;
    const auto changed =
        execute(tx_.c_.sql(),
                "UPDATE care_tasks SET version = :nv, agent_id = :a, channel = :ch, status = :s, done_on = :d, "
                "outcome = :o, updated_at = :u WHERE id = :id AND version = :v",
                [&](soci::statement& st) {
                  st.exchange(soci::use(next));
                  st.exchange(soci::use(row.agent_id.v, row.agent_id.ind));
                  st.exchange(soci::use(row.channel.v, row.channel.ind));
                  st.exchange(soci::use(row.status.v, row.status.ind));
                  st.exchange(soci::use(row.done_on.v, row.done_on.ind));
                  st.exchange(soci::use(row.outcome.v, row.outcome.ind));
                  st.exchange(soci::use(row.updated_at.v, row.updated_at.ind));
                  st.exchange(soci::use(row.id.v, row.id.ind));
                  st.exchange(soci::use(row.version.v, row.version.ind));
                });
    if (changed == 1) {
      t.version = next;
      return ok();
    }
    INSCRM_TRY(auto stored, care_task(t.id));
    return Error::conflict(fmt::format("care task {} was changed by someone else (version {} read, {} stored)",
                                       t.id.value, t.version, stored.version));
  });
}

Result<std::vector<CareTask>> SqlCareRecords::care_tasks(const CareTaskQuery& q) {
  return read<std::vector<CareTask>>([&]() -> Result<std::vector<CareTask>> {
    if (q.limit == 0) return std::vector<CareTask>{};
    std::string tail = "WHERE id > :after";
    long long after = q.after.value, due = q.due ? to_epoch_days(*q.due) : 0, agent = q.agent ? q.agent->value : 0,
              customer = q.customer ? q.customer->value : 0, n = sql_limit(q.limit);
    std::string status = q.status ? std::string{to_string(*q.status)} : std::string{};
    if (q.due) tail += " AND due = :due";
    if (q.agent) tail += " AND agent_id = :agent";
    if (q.customer) tail += " AND customer_id = :customer";
    if (q.status) tail += " AND status = :status";
    tail += " ORDER BY id LIMIT :n";
    return tx_.select_rows<CareTaskRow>(tail, [&](soci::statement& st) {
      st.exchange(soci::use(after));
      if (q.due) st.exchange(soci::use(due));
      if (q.agent) st.exchange(soci::use(agent));
      if (q.customer) st.exchange(soci::use(customer));
      if (q.status) st.exchange(soci::use(status));
      st.exchange(soci::use(n));
    });
  });
}

// ---- campaigns ---------------------------------------------------------------------------------

Result<void> SqlCareRecords::insert_campaign(Campaign& c) {
  return write<void>([&]() -> Result<void> {
    auto& ins = tx_.stmt<PreparedInsert<CampaignRow>>();
    Campaign stored = c;
    stored.version = 1;
    to_row(stored, ins.row);
    const auto id = ins.run(tx_.c_);
    if (!id) return Error::already_exists("name", fmt::format("campaign name '{}' is taken", c.name));
    c.id = CampaignId{*id};
    c.version = 1;
    return ok();
  });
}

Result<void> SqlCareRecords::update_campaign(Campaign& c) {
  return write<void>([&]() -> Result<void> {
    CampaignRow row;
    to_row(c, row);
    long long next = c.version + 1;
    const auto changed = execute(
        tx_.c_.sql(),
        "UPDATE campaigns SET version = :nv, name = :name, objective = :o, target_rule = :t, channel = :ch, "
        "starts_on = :s, ends_on = :e, budget_minor = :b, budget_currency = :bc, updated_at = :u "
        "WHERE id = :id AND version = :v AND NOT EXISTS (SELECT 1 FROM campaigns o WHERE o.name = :gname AND o.id <> :gid)",
        [&](soci::statement& st) {
          st.exchange(soci::use(next));
          st.exchange(soci::use(row.name.v, row.name.ind));
          st.exchange(soci::use(row.objective.v, row.objective.ind));
          st.exchange(soci::use(row.target_rule.v, row.target_rule.ind));
          st.exchange(soci::use(row.channel.v, row.channel.ind));
          st.exchange(soci::use(row.starts_on.v, row.starts_on.ind));
          st.exchange(soci::use(row.ends_on.v, row.ends_on.ind));
          st.exchange(soci::use(row.budget_minor.v, row.budget_minor.ind));
          st.exchange(soci::use(row.budget_currency.v, row.budget_currency.ind));
          st.exchange(soci::use(row.updated_at.v, row.updated_at.ind));
          st.exchange(soci::use(row.id.v, row.id.ind));
          st.exchange(soci::use(row.version.v, row.version.ind));
          st.exchange(soci::use(row.name.v, row.name.ind));
          st.exchange(soci::use(row.id.v, row.id.ind));
        });
    if (changed == 1) {
      c.version = next;
      return ok();
    }
    INSCRM_TRY(auto stored, campaign(c.id));
    if (stored.version != c.version)
      return Error::conflict(fmt::format("campaign {} was changed by someone else (version {} read, {} stored)",
                                         c.id.value, c.version, stored.version));
    return Error::already_exists("name", fmt::format("campaign name '{}' is taken", c.name));
  });
}

Result<Campaign> SqlCareRecords::campaign(CampaignId id) {
  return read<Campaign>([&]() -> Result<Campaign> {
    long long i = id.value;
    INSCRM_TRY(auto rows, tx_.select_rows<CampaignRow>("WHERE id = :id",
                                                       [&](soci::statement& st) { st.exchange(soci::use(i)); }));
    if (rows.empty()) return Error::not_found("id", fmt::format("campaign {} does not exist", id.value));
    return std::move(rows.front());
  });
}

Result<std::vector<Campaign>> SqlCareRecords::campaigns() {
  return read<std::vector<Campaign>>([&] { return tx_.select_rows<CampaignRow>("ORDER BY id", [](soci::statement&) {}); });
}

Result<std::size_t> SqlCareRecords::add_campaign_members(CampaignId campaign,
                                                         const std::vector<CampaignMember>& members) {
  return write<std::size_t>([&]() -> Result<std::size_t> {
    INSCRM_TRY(auto found, this->campaign(campaign));
    (void)found;
    auto& ins = tx_.stmt<PreparedInsert<MemberRow>>();
    std::size_t stored = 0;
    for (auto m : members) {
      m.campaign = campaign;
      to_row(m, ins.row);
      if (ins.run(tx_.c_)) ++stored;  // nullopt: a member already
    }
    return stored;
  });
}

Result<std::vector<CampaignMember>> SqlCareRecords::campaign_members(CampaignId campaign) {
  return read<std::vector<CampaignMember>>([&] {
    long long c = campaign.value;
    return tx_.select_rows<MemberRow>("WHERE campaign_id = :c ORDER BY customer_id",
                                      [&](soci::statement& st) { st.exchange(soci::use(c)); });
  });
}

Result<std::optional<CampaignMember>> SqlCareRecords::campaign_member(CampaignId campaign, CustomerId customer) {
  return read<std::optional<CampaignMember>>([&]() -> Result<std::optional<CampaignMember>> {
    long long c = campaign.value, x = customer.value;
    INSCRM_TRY(auto rows, tx_.select_rows<MemberRow>("WHERE campaign_id = :c AND customer_id = :x",
                                                     [&](soci::statement& st) {
                                                       st.exchange(soci::use(c));
                                                       st.exchange(soci::use(x));
                                                     }));
    if (rows.empty()) return std::optional<CampaignMember>{};
    return std::optional<CampaignMember>{std::move(rows.front())};
  });
}

Result<void> SqlCareRecords::update_campaign_member(const CampaignMember& m) {
  return write<void>([&]() -> Result<void> {
    MemberRow row;
    to_row(m, row);
    const auto changed = execute(tx_.c_.sql(),
                                 "UPDATE campaign_members SET contacted_on = :a, responded_on = :b, converted_on = :c "
                                 "WHERE campaign_id = :id AND customer_id = :x",
                                 [&](soci::statement& st) {
                                   st.exchange(soci::use(row.contacted_on.v, row.contacted_on.ind));
                                   st.exchange(soci::use(row.responded_on.v, row.responded_on.ind));
                                   st.exchange(soci::use(row.converted_on.v, row.converted_on.ind));
                                   st.exchange(soci::use(row.campaign_id.v, row.campaign_id.ind));
                                   st.exchange(soci::use(row.customer_id.v, row.customer_id.ind));
                                 });
    if (changed == 0)
      return Error::not_found("customer", fmt::format("customer {} is not a member of campaign {}", m.customer.value,
                                                      m.campaign.value));
    return ok();
  });
}

}  // namespace inscrm::storage::sql
