// Service and complaints in the SQL adapters: interactions, complaints, claims, service requests,
// their histories, and survey responses (storage/service_records.hpp, migration 0002_service).
#include "storage/sql/sql_service_records.hpp"

#include "storage/sql/service_rows.hpp"
#include "storage/sql/sql_transaction_impl.hpp"

#include <deque>
#include <functional>
#include <type_traits>

namespace inscrm::storage::sql {

// ---- statements --------------------------------------------------------------------------------

// The unique keys an update must not take from another row (prepared.hpp).
template <>
struct UniqueGuard<ComplaintRow> {
  static constexpr const char* sql =
      "NOT EXISTS (SELECT 1 FROM complaints o WHERE o.external_ref = :g_ref AND o.id <> :g_id)";
  static void bind(soci::statement& st, ComplaintRow& r) {
    st.exchange(soci::use(r.external_ref.v, r.external_ref.ind));
    st.exchange(soci::use(r.id.v, r.id.ind));
  }
};
template <>
struct UniqueGuard<ClaimRow> {
  static constexpr const char* sql =
      "NOT EXISTS (SELECT 1 FROM claims o WHERE (o.number = :g_number OR o.external_ref = :g_ref) AND o.id <> :g_id)";
  static void bind(soci::statement& st, ClaimRow& r) {
    st.exchange(soci::use(r.number.v, r.number.ind));
    st.exchange(soci::use(r.external_ref.v, r.external_ref.ind));
    st.exchange(soci::use(r.id.v, r.id.ind));
  }
};
template <>
struct UniqueGuard<ServiceRequestRow> {
  static constexpr const char* sql =
      "NOT EXISTS (SELECT 1 FROM service_requests o WHERE o.external_ref = :g_ref AND o.id <> :g_id)";
  static void bind(soci::statement& st, ServiceRequestRow& r) {
    st.exchange(soci::use(r.external_ref.v, r.external_ref.ind));
    st.exchange(soci::use(r.id.v, r.id.ind));
  }
};

// A history entry must name an existing parent (the port reports NotFound, not a foreign-key
// error that would abort a PostgreSQL transaction): insert from a one-row SELECT guarded by EXISTS,
// as payments do. The casts give PostgreSQL the parameter types a bare SELECT list does not imply.
template <class Row>
struct HistoryInsertText {
  static std::string sql(bool returning) {
    Row r;
    std::string cols, values;
    r.each([&](std::string_view name, auto& col) {
      if (name == "id") return;
      if (!cols.empty()) cols += ", ", values += ", ";
      cols += name;
      constexpr bool integer = std::is_same_v<std::decay_t<decltype(col)>, IntCol>;
      values += fmt::format("CAST(:{} AS {})", name, integer ? "BIGINT" : "TEXT");
    });
    std::string out = fmt::format(
        "INSERT INTO {} ({}) SELECT {} WHERE EXISTS (SELECT 1 FROM {} WHERE id = CAST(:parent AS BIGINT))",
        Row::table, cols, values, Row::parent_table);
    if (returning) out += " RETURNING id";
    return out;
  }
  static void bind(soci::statement& st, Row& r) {
    bind_use(st, r, [](std::string_view name) { return name != "id"; });
    st.exchange(soci::use(r.parent().v, r.parent().ind));
  }
};
template <>
struct InsertText<ComplaintStepRow> : HistoryInsertText<ComplaintStepRow> {};
template <>
struct InsertText<ClaimTransitionRow> : HistoryInsertText<ClaimTransitionRow> {};
template <>
struct InsertText<ServiceStepRow> : HistoryInsertText<ServiceStepRow> {};

namespace {

// The WHERE … ORDER BY id LIMIT of a keyset page, with its parameters kept at stable addresses
// until the statement has run.
class PageFilter {
 public:
  explicit PageFilter(std::int64_t after) { where("id", ">", static_cast<long long>(after)); }

  void where(std::string_view column, std::string_view op, long long value) {
    ints_.push_back(value);
    long long* p = &ints_.back();
    add(column, op, [p](soci::statement& st) { st.exchange(soci::use(*p)); });
  }
  void where(std::string_view column, std::string_view op, std::string value) {
    strings_.push_back(std::move(value));
    std::string* p = &strings_.back();
    add(column, op, [p](soci::statement& st) { st.exchange(soci::use(*p)); });
  }
  template <class Tag>
  void where(std::string_view column, const std::optional<StrongId<Tag>>& id) {
    if (id) where(column, "=", static_cast<long long>(id->value));
  }
  // column IN (…) when `values` is not empty; empty means any.
  template <class E>
  void where_in(std::string_view column, const std::vector<E>& values) {
    if (values.empty()) return;
    std::string list;
    for (E v : values) {
      strings_.emplace_back(to_string(v));
      std::string* p = &strings_.back();
      list += fmt::format("{}:p{}", list.empty() ? "" : ", ", binds_.size());
      binds_.push_back([p](soci::statement& st) { st.exchange(soci::use(*p)); });
    }
    text_ += fmt::format(" AND {} IN ({})", column, list);
  }

  // The statement's tail; `limit` is bound last.
  std::string tail(std::size_t limit) {
    ints_.push_back(sql_limit(limit));
    long long* p = &ints_.back();
    std::string out = text_ + fmt::format(" ORDER BY id LIMIT :p{}", binds_.size());
    binds_.push_back([p](soci::statement& st) { st.exchange(soci::use(*p)); });
    return out;
  }
  void bind(soci::statement& st) {
    for (auto& b : binds_) b(st);
  }

 private:
  template <class Bind>
  void add(std::string_view column, std::string_view op, Bind&& bind) {
    text_ += fmt::format("{} {} {} :p{}", text_.empty() ? "WHERE" : " AND", column, op, binds_.size());
    binds_.push_back(std::forward<Bind>(bind));
  }

  std::string text_;
  std::deque<long long> ints_;
  std::deque<std::string> strings_;
  std::vector<std::function<void(soci::statement&)>> binds_;
};

Error ref_taken(const std::optional<std::string>& ref) {
  return Error::already_exists("external_ref", fmt::format("external_ref '{}' is taken", ref.value_or("")));
}

}  // namespace

template <class T, class Body>
Result<T> SqlServiceRecords::write(Body&& body) {
  return tx_.run<T>(SqlTransaction::Access::Write, std::forward<Body>(body));
}

template <class T, class Body>
Result<T> SqlServiceRecords::read(Body&& body) {
  return tx_.run<T>(SqlTransaction::Access::Read, std::forward<Body>(body));
}

// ---- interactions ------------------------------------------------------------------------------

Result<void> SqlServiceRecords::insert_interaction_row(Interaction& i) {
  auto& ins = tx_.stmt<PreparedInsert<InteractionRow>>();
  to_row(i, ins.row);
  put(ins.row.version, 1);
  const auto id = ins.run(tx_.c_);
  if (!id) return ref_taken(i.external_ref);
  i.id = InteractionId{*id};
  i.version = 1;
  return ok();
}

Result<void> SqlServiceRecords::insert_interaction(Interaction& interaction) {
  return write<void>([&] { return insert_interaction_row(interaction); });
}

Result<void> SqlServiceRecords::insert_interactions(std::vector<Interaction>& interactions) {
  return write<void>([&]() -> Result<void> {
    if (tx_.c_.backend() == Backend::Postgresql) {
      return tx_.pg_bulk(
          interactions, "interactions",
          [&](std::size_t first, std::size_t last, const std::vector<long long>& ids) {
            InteractionRow row;
            std::string data;
            data.reserve((last - first) * 192);
            for (std::size_t i = first; i < last; ++i) {
              to_row(interactions[i], row);
              put(row.id, ids[i - first]);
              put(row.version, 1);
              append_copy_row(data, row);
            }
            tx_.c_.copy_in(copy_sql<InteractionRow>(), data);
          },
          [](Interaction& i, long long id) {
            i.id = InteractionId{id};
            i.version = 1;
          },
          [&](Interaction& i) { return insert_interaction_row(i); });
    }
    // SQLite: one prepared statement, bound per row, in this transaction — the fast path there.
    for (std::size_t i = 0; i < interactions.size(); ++i) {
      auto r = insert_interaction_row(interactions[i]);
      if (!r) return with_index(r.error(), i);
    }
    return ok();
  });
}

Result<std::vector<Interaction>> SqlServiceRecords::interactions(const InteractionQuery& q) {
  return read<std::vector<Interaction>>([&]() -> Result<std::vector<Interaction>> {
    if (q.limit == 0) return std::vector<Interaction>{};
    PageFilter f{q.after.value};
    f.where("customer_id", q.customer);
    f.where("agent_id", q.agent);
    if (q.from) f.where("started_at", ">=", to_epoch_micros(*q.from));
    if (q.to) f.where("started_at", "<", to_epoch_micros(*q.to));
    return tx_.select_rows<InteractionRow>(f.tail(q.limit), [&](soci::statement& st) { f.bind(st); });
  });
}

// ---- complaints --------------------------------------------------------------------------------

Result<void> SqlServiceRecords::insert_complaint(Complaint& c) {
  return write<void>([&]() -> Result<void> {
    auto& ins = tx_.stmt<PreparedInsert<ComplaintRow>>();
    to_row(c, ins.row);
    put(ins.row.version, 1);
    const auto id = ins.run(tx_.c_);
    if (!id) return ref_taken(c.external_ref);
    c.id = ComplaintId{*id};
    c.version = 1;
    return ok();
  });
}

Result<void> SqlServiceRecords::update_complaint(Complaint& c) {
  return write<void>([&] { return tx_.update<ComplaintRow>(c, "complaint", [&] { return ref_taken(c.external_ref); }); });
}

Result<Complaint> SqlServiceRecords::complaint(ComplaintId id) {
  return read<Complaint>([&] { return tx_.load<ComplaintRow>(id.value, "complaint"); });
}

Result<std::vector<Complaint>> SqlServiceRecords::complaints(const ComplaintQuery& q) {
  return read<std::vector<Complaint>>([&]() -> Result<std::vector<Complaint>> {
    if (q.limit == 0) return std::vector<Complaint>{};
    PageFilter f{q.after.value};
    f.where("customer_id", q.customer);
    f.where_in("status", q.statuses);
    if (q.department) f.where("department", "=", *q.department);
    if (q.assignee) f.where("assignee", "=", *q.assignee);
    if (q.received_from) f.where("received_at", ">=", to_epoch_micros(*q.received_from));
    if (q.received_to) f.where("received_at", "<", to_epoch_micros(*q.received_to));
    return tx_.select_rows<ComplaintRow>(f.tail(q.limit), [&](soci::statement& st) { f.bind(st); });
  });
}

Result<void> SqlServiceRecords::append_complaint_step(ComplaintStep& step) {
  return write<void>([&]() -> Result<void> {
    auto& ins = tx_.stmt<PreparedInsert<ComplaintStepRow>>();
    to_row(step, ins.row);
    const auto id = ins.run(tx_.c_);
    if (!id)
      return Error::not_found("complaint", fmt::format("complaint {} does not exist", step.complaint.value));
    step.id = ComplaintStepId{*id};
    return ok();
  });
}

Result<std::vector<ComplaintStep>> SqlServiceRecords::complaint_steps(ComplaintId id) {
  return read<std::vector<ComplaintStep>>([&] {
    long long parent = id.value;
    return tx_.select_rows<ComplaintStepRow>("WHERE complaint_id = :complaint ORDER BY id",
                                             [&](soci::statement& st) { st.exchange(soci::use(parent)); });
  });
}

// ---- claims ------------------------------------------------------------------------------------

// Which unique key of the claim another row holds (number is checked first, as in memory).
Error SqlServiceRecords::claim_key_taken(const Claim& c) {
  long long n = 0;
  std::string number = c.number;
  long long id = c.id.value;
  run_once(tx_.c_.sql(), "SELECT COUNT(*) FROM claims WHERE number = :number AND id <> :id", soci::into(n),
           soci::use(number), soci::use(id));
  if (n > 0) return Error::already_exists("number", fmt::format("claim number '{}' is taken", c.number));
  return ref_taken(c.external_ref);
}

Result<void> SqlServiceRecords::insert_claim(Claim& c) {
  return write<void>([&]() -> Result<void> {
    auto& ins = tx_.stmt<PreparedInsert<ClaimRow>>();
    to_row(c, ins.row);
    put(ins.row.version, 1);
    const auto id = ins.run(tx_.c_);
    if (!id) return claim_key_taken(c);
    c.id = ClaimId{*id};
    c.version = 1;
    return ok();
  });
}

Result<void> SqlServiceRecords::update_claim(Claim& c) {
  return write<void>([&] { return tx_.update<ClaimRow>(c, "claim", [&] { return claim_key_taken(c); }); });
}

Result<Claim> SqlServiceRecords::claim(ClaimId id) {
  return read<Claim>([&] { return tx_.load<ClaimRow>(id.value, "claim"); });
}

Result<std::optional<ClaimId>> SqlServiceRecords::claim_by_number(std::string_view number) {
  return read<std::optional<ClaimId>>([&]() -> Result<std::optional<ClaimId>> {
    std::string wanted{number};
    INSCRM_TRY(auto ids, tx_.select_ids("SELECT id FROM claims WHERE number = :number",
                                        [&](soci::statement& st) { st.exchange(soci::use(wanted)); }));
    if (ids.empty()) return std::optional<ClaimId>{};
    return std::optional<ClaimId>{ClaimId{ids.front()}};
  });
}

Result<std::vector<Claim>> SqlServiceRecords::claims(const ClaimQuery& q) {
  return read<std::vector<Claim>>([&]() -> Result<std::vector<Claim>> {
    if (q.limit == 0) return std::vector<Claim>{};
    PageFilter f{q.after.value};
    f.where("policy_id", q.policy);
    f.where("claimant_id", q.claimant);
    f.where_in("status", q.statuses);
    return tx_.select_rows<ClaimRow>(f.tail(q.limit), [&](soci::statement& st) { f.bind(st); });
  });
}

Result<void> SqlServiceRecords::append_claim_transition(ClaimTransition& t) {
  return write<void>([&]() -> Result<void> {
    auto& ins = tx_.stmt<PreparedInsert<ClaimTransitionRow>>();
    to_row(t, ins.row);
    const auto id = ins.run(tx_.c_);
    if (!id) return Error::not_found("claim", fmt::format("claim {} does not exist", t.claim.value));
    t.id = ClaimTransitionId{*id};
    return ok();
  });
}

Result<std::vector<ClaimTransition>> SqlServiceRecords::claim_transitions(ClaimId id) {
  return read<std::vector<ClaimTransition>>([&] {
    long long parent = id.value;
    return tx_.select_rows<ClaimTransitionRow>("WHERE claim_id = :claim ORDER BY id",
                                               [&](soci::statement& st) { st.exchange(soci::use(parent)); });
  });
}

// ---- service requests --------------------------------------------------------------------------

Result<void> SqlServiceRecords::insert_service_request(ServiceRequest& r) {
  return write<void>([&]() -> Result<void> {
    auto& ins = tx_.stmt<PreparedInsert<ServiceRequestRow>>();
    to_row(r, ins.row);
    put(ins.row.version, 1);
    const auto id = ins.run(tx_.c_);
    if (!id) return ref_taken(r.external_ref);
    r.id = ServiceRequestId{*id};
    r.version = 1;
    return ok();
  });
}

Result<void> SqlServiceRecords::update_service_request(ServiceRequest& r) {
  return write<void>(
      [&] { return tx_.update<ServiceRequestRow>(r, "service request", [&] { return ref_taken(r.external_ref); }); });
}

Result<ServiceRequest> SqlServiceRecords::service_request(ServiceRequestId id) {
  return read<ServiceRequest>([&] { return tx_.load<ServiceRequestRow>(id.value, "service request"); });
}

Result<std::vector<ServiceRequest>> SqlServiceRecords::service_requests(const ServiceRequestQuery& q) {
  return read<std::vector<ServiceRequest>>([&]() -> Result<std::vector<ServiceRequest>> {
    if (q.limit == 0) return std::vector<ServiceRequest>{};
    PageFilter f{q.after.value};
    f.where("customer_id", q.customer);
    f.where("policy_id", q.policy);
    f.where_in("status", q.statuses);
    return tx_.select_rows<ServiceRequestRow>(f.tail(q.limit), [&](soci::statement& st) { f.bind(st); });
  });
}

Result<void> SqlServiceRecords::append_service_step(ServiceRequestStep& step) {
  return write<void>([&]() -> Result<void> {
    auto& ins = tx_.stmt<PreparedInsert<ServiceStepRow>>();
    to_row(step, ins.row);
    const auto id = ins.run(tx_.c_);
    if (!id)
      return Error::not_found("request", fmt::format("service request {} does not exist", step.request.value));
    step.id = ServiceRequestStepId{*id};
    return ok();
  });
}

Result<std::vector<ServiceRequestStep>> SqlServiceRecords::service_steps(ServiceRequestId id) {
  return read<std::vector<ServiceRequestStep>>([&] {
    long long parent = id.value;
    return tx_.select_rows<ServiceStepRow>("WHERE request_id = :request ORDER BY id",
                                           [&](soci::statement& st) { st.exchange(soci::use(parent)); });
  });
}

// ---- surveys -----------------------------------------------------------------------------------

Result<void> SqlServiceRecords::insert_survey_response(SurveyResponse& response) {
  return write<void>([&]() -> Result<void> {
    auto& ins = tx_.stmt<PreparedInsert<SurveyResponseRow>>();
    to_row(response, ins.row);
    const auto id = ins.run(tx_.c_);
    if (!id) return Error::storage("survey response was not recorded");
    response.id = SurveyResponseId{*id};
    return ok();
  });
}

Result<std::vector<SurveyResponse>> SqlServiceRecords::survey_responses(const SurveyQuery& q) {
  return read<std::vector<SurveyResponse>>([&]() -> Result<std::vector<SurveyResponse>> {
    if (q.limit == 0) return std::vector<SurveyResponse>{};
    PageFilter f{q.after.value};
    f.where("customer_id", q.customer);
    if (q.kind) f.where("kind", "=", std::string{to_string(*q.kind)});
    if (q.from) f.where("answered_on", ">=", static_cast<long long>(to_epoch_days(*q.from)));
    if (q.to) f.where("answered_on", "<", static_cast<long long>(to_epoch_days(*q.to)));
    return tx_.select_rows<SurveyResponseRow>(f.tail(q.limit), [&](soci::statement& st) { f.bind(st); });
  });
}

}  // namespace inscrm::storage::sql
