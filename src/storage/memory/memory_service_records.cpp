#include "storage/memory/memory_service_records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace inscrm::storage::memory {
namespace {

using RefIndex = std::unordered_map<std::string, std::int64_t>;
template <class T>
using History = std::map<std::pair<std::int64_t, std::int64_t>, T>;

template <class T>
Result<T> find(const std::map<std::int64_t, T>& map, std::int64_t id, const char* what) {
  auto it = map.find(id);
  if (it == map.end()) return Error::not_found("id", fmt::format("{} {} does not exist", what, id));
  return it->second;
}

template <class T>
Result<T> checked_for_update(const std::map<std::int64_t, T>& map, std::int64_t id, std::int64_t version,
                             const char* what) {
  INSCRM_TRY(auto old, find(map, id, what));
  if (old.version != version)
    return Error::conflict(fmt::format("{} {} was changed by someone else (version {} read, {} stored)", what, id,
                                       version, old.version));
  return old;
}

// Whether another record than `self` holds `key` in `index`.
bool taken(const RefIndex& index, const std::string& key, std::int64_t self) {
  auto it = index.find(key);
  return it != index.end() && it->second != self;
}
bool taken(const RefIndex& index, const std::optional<std::string>& key, std::int64_t self) {
  return key && taken(index, *key, self);
}

Error ref_taken(const std::optional<std::string>& ref) {
  return Error::already_exists("external_ref", fmt::format("external_ref '{}' is taken", ref.value_or("")));
}

void index_ref(RefIndex& index, const std::optional<std::string>& ref, std::int64_t id) {
  if (ref) index[*ref] = id;
}
void unindex_ref(RefIndex& index, const std::optional<std::string>& ref) {
  if (ref) index.erase(*ref);
}

// One page of a keyset query: the records after `after` in id order that `match`, at most `limit`.
template <class T, class Match>
std::vector<T> page(const std::map<std::int64_t, T>& map, std::int64_t after, std::size_t limit, Match&& match) {
  std::vector<T> out;
  for (auto it = map.upper_bound(after); it != map.end() && out.size() < limit; ++it)
    if (match(it->second)) out.push_back(it->second);
  return out;
}

template <class T>
std::vector<T> history(const History<T>& map, std::int64_t parent) {
  std::vector<T> out;
  for (auto it = map.lower_bound({parent, std::numeric_limits<std::int64_t>::min()});
       it != map.end() && it->first.first == parent; ++it)
    out.push_back(it->second);
  return out;
}

template <class E>
bool any_of(const std::vector<E>& wanted, E value) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

bool in_range(Instant t, const std::optional<Instant>& from, const std::optional<Instant>& to) {
  return (!from || t >= *from) && (!to || t < *to);
}

}  // namespace

Result<void> MemoryServiceRecords::writable() const {
  if (finished_) return Error::internal("transaction already finished");
  if (mode_ != TxMode::Write) return Error::internal("write in a read transaction");
  return ok();
}

// ---- interactions ------------------------------------------------------------------------------

Result<void> MemoryServiceRecords::insert_interaction(Interaction& i) {
  INSCRM_TRYV(writable());
  if (taken(s_.interaction_by_ref, i.external_ref, 0)) return ref_taken(i.external_ref);
  i.id = InteractionId{++s_.next.interaction};
  i.version = 1;
  s_.interactions[i.id.value] = i;
  index_ref(s_.interaction_by_ref, i.external_ref, i.id.value);
  undo_.push_back([this, id = i.id.value, ref = i.external_ref] {
    unindex_ref(s_.interaction_by_ref, ref);
    s_.interactions.erase(id);
  });
  return ok();
}

Result<void> MemoryServiceRecords::insert_interactions(std::vector<Interaction>& interactions) {
  for (std::size_t i = 0; i < interactions.size(); ++i) {
    auto r = insert_interaction(interactions[i]);
    if (!r) return r.error().within(fmt::format("[{}]", i));
  }
  return ok();
}

Result<std::vector<Interaction>> MemoryServiceRecords::interactions(const InteractionQuery& q) {
  return page(s_.interactions, q.after.value, q.limit, [&](const Interaction& i) {
    return (!q.customer || i.customer == *q.customer) && (!q.agent || i.agent == q.agent) &&
           in_range(i.started_at, q.from, q.to);
  });
}

// ---- complaints --------------------------------------------------------------------------------

Result<void> MemoryServiceRecords::insert_complaint(Complaint& c) {
  INSCRM_TRYV(writable());
  if (taken(s_.complaint_by_ref, c.external_ref, 0)) return ref_taken(c.external_ref);
  c.id = ComplaintId{++s_.next.complaint};
  c.version = 1;
  s_.complaints[c.id.value] = c;
  index_ref(s_.complaint_by_ref, c.external_ref, c.id.value);
  undo_.push_back([this, id = c.id.value, ref = c.external_ref] {
    unindex_ref(s_.complaint_by_ref, ref);
    s_.complaints.erase(id);
  });
  return ok();
}

Result<void> MemoryServiceRecords::update_complaint(Complaint& c) {
  INSCRM_TRYV(writable());
  INSCRM_TRY(auto old, checked_for_update(s_.complaints, c.id.value, c.version, "complaint"));
  if (taken(s_.complaint_by_ref, c.external_ref, c.id.value)) return ref_taken(c.external_ref);
  unindex_ref(s_.complaint_by_ref, old.external_ref);
  c.version += 1;
  index_ref(s_.complaint_by_ref, c.external_ref, c.id.value);
  s_.complaints[c.id.value] = c;
  undo_.push_back([this, old, new_ref = c.external_ref] {
    unindex_ref(s_.complaint_by_ref, new_ref);
    index_ref(s_.complaint_by_ref, old.external_ref, old.id.value);
    s_.complaints[old.id.value] = old;
  });
  return ok();
}

Result<Complaint> MemoryServiceRecords::complaint(ComplaintId id) { return find(s_.complaints, id.value, "complaint"); }

Result<std::vector<Complaint>> MemoryServiceRecords::complaints(const ComplaintQuery& q) {
  return page(s_.complaints, q.after.value, q.limit, [&](const Complaint& c) {
    return (!q.customer || c.customer == *q.customer) && any_of(q.statuses, c.status) &&
           (!q.department || c.department == *q.department) && (!q.assignee || c.assignee == *q.assignee) &&
           in_range(c.received_at, q.received_from, q.received_to);
  });
}

Result<void> MemoryServiceRecords::append_complaint_step(ComplaintStep& step) {
  INSCRM_TRYV(writable());
  if (!s_.complaints.contains(step.complaint.value))
    return Error::not_found("complaint", fmt::format("complaint {} does not exist", step.complaint.value));
  step.id = ComplaintStepId{++s_.next.complaint_step};
  const auto key = std::pair{step.complaint.value, step.id.value};
  s_.complaint_steps[key] = step;
  undo_.push_back([this, key] { s_.complaint_steps.erase(key); });
  return ok();
}

Result<std::vector<ComplaintStep>> MemoryServiceRecords::complaint_steps(ComplaintId id) {
  return history(s_.complaint_steps, id.value);
}

// ---- claims ------------------------------------------------------------------------------------

Result<void> MemoryServiceRecords::insert_claim(Claim& c) {
  INSCRM_TRYV(writable());
  if (taken(s_.claim_by_number, c.number, 0))
    return Error::already_exists("number", fmt::format("claim number '{}' is taken", c.number));
  if (taken(s_.claim_by_ref, c.external_ref, 0)) return ref_taken(c.external_ref);
  c.id = ClaimId{++s_.next.claim};
  c.version = 1;
  s_.claims[c.id.value] = c;
  s_.claim_by_number[c.number] = c.id.value;
  index_ref(s_.claim_by_ref, c.external_ref, c.id.value);
  undo_.push_back([this, id = c.id.value, number = c.number, ref = c.external_ref] {
    s_.claim_by_number.erase(number);
    unindex_ref(s_.claim_by_ref, ref);
    s_.claims.erase(id);
  });
  return ok();
}

Result<void> MemoryServiceRecords::update_claim(Claim& c) {
  INSCRM_TRYV(writable());
  INSCRM_TRY(auto old, checked_for_update(s_.claims, c.id.value, c.version, "claim"));
  if (taken(s_.claim_by_number, c.number, c.id.value))
    return Error::already_exists("number", fmt::format("claim number '{}' is taken", c.number));
  if (taken(s_.claim_by_ref, c.external_ref, c.id.value)) return ref_taken(c.external_ref);
  s_.claim_by_number.erase(old.number);
  unindex_ref(s_.claim_by_ref, old.external_ref);
  c.version += 1;
  s_.claim_by_number[c.number] = c.id.value;
  index_ref(s_.claim_by_ref, c.external_ref, c.id.value);
  s_.claims[c.id.value] = c;
  undo_.push_back([this, old, now = c] {
    s_.claim_by_number.erase(now.number);
    unindex_ref(s_.claim_by_ref, now.external_ref);
    s_.claim_by_number[old.number] = old.id.value;
    index_ref(s_.claim_by_ref, old.external_ref, old.id.value);
    s_.claims[old.id.value] = old;
  });
  return ok();
}

Result<Claim> MemoryServiceRecords::claim(ClaimId id) { return find(s_.claims, id.value, "claim"); }

Result<std::optional<ClaimId>> MemoryServiceRecords::claim_by_number(std::string_view number) {
  auto it = s_.claim_by_number.find(std::string{number});
  if (it == s_.claim_by_number.end()) return std::optional<ClaimId>{};
  return std::optional<ClaimId>{ClaimId{it->second}};
}

Result<std::vector<Claim>> MemoryServiceRecords::claims(const ClaimQuery& q) {
  return page(s_.claims, q.after.value, q.limit, [&](const Claim& c) {
    return (!q.policy || c.policy == *q.policy) && (!q.claimant || c.claimant == *q.claimant) &&
           any_of(q.statuses, c.status);
  });
}

Result<void> MemoryServiceRecords::append_claim_transition(ClaimTransition& t) {
  INSCRM_TRYV(writable());
  if (!s_.claims.contains(t.claim.value))
    return Error::not_found("claim", fmt::format("claim {} does not exist", t.claim.value));
  t.id = ClaimTransitionId{++s_.next.claim_transition};
  const auto key = std::pair{t.claim.value, t.id.value};
  s_.claim_transitions[key] = t;
  undo_.push_back([this, key] { s_.claim_transitions.erase(key); });
  return ok();
}

Result<std::vector<ClaimTransition>> MemoryServiceRecords::claim_transitions(ClaimId id) {
  return history(s_.claim_transitions, id.value);
}

// ---- service requests --------------------------------------------------------------------------

Result<void> MemoryServiceRecords::insert_service_request(ServiceRequest& r) {
  INSCRM_TRYV(writable());
  if (taken(s_.service_request_by_ref, r.external_ref, 0)) return ref_taken(r.external_ref);
  r.id = ServiceRequestId{++s_.next.service_request};
  r.version = 1;
  s_.service_requests[r.id.value] = r;
  index_ref(s_.service_request_by_ref, r.external_ref, r.id.value);
  undo_.push_back([this, id = r.id.value, ref = r.external_ref] {
    unindex_ref(s_.service_request_by_ref, ref);
    s_.service_requests.erase(id);
  });
  return ok();
}

Result<void> MemoryServiceRecords::update_service_request(ServiceRequest& r) {
  INSCRM_TRYV(writable());
  INSCRM_TRY(auto old, checked_for_update(s_.service_requests, r.id.value, r.version, "service request"));
  if (taken(s_.service_request_by_ref, r.external_ref, r.id.value)) return ref_taken(r.external_ref);
  unindex_ref(s_.service_request_by_ref, old.external_ref);
  r.version += 1;
  index_ref(s_.service_request_by_ref, r.external_ref, r.id.value);
  s_.service_requests[r.id.value] = r;
  undo_.push_back([this, old, new_ref = r.external_ref] {
    unindex_ref(s_.service_request_by_ref, new_ref);
    index_ref(s_.service_request_by_ref, old.external_ref, old.id.value);
    s_.service_requests[old.id.value] = old;
  });
  return ok();
}

Result<ServiceRequest> MemoryServiceRecords::service_request(ServiceRequestId id) {
  return find(s_.service_requests, id.value, "service request");
}

Result<std::vector<ServiceRequest>> MemoryServiceRecords::service_requests(const ServiceRequestQuery& q) {
  return page(s_.service_requests, q.after.value, q.limit, [&](const ServiceRequest& r) {
    return (!q.customer || r.customer == *q.customer) && (!q.policy || r.policy == q.policy) &&
           any_of(q.statuses, r.status);
  });
}

Result<void> MemoryServiceRecords::append_service_step(ServiceRequestStep& step) {
  INSCRM_TRYV(writable());
  if (!s_.service_requests.contains(step.request.value))
    return Error::not_found("request", fmt::format("service request {} does not exist", step.request.value));
  step.id = ServiceRequestStepId{++s_.next.service_step};
  const auto key = std::pair{step.request.value, step.id.value};
  s_.service_steps[key] = step;
  undo_.push_back([this, key] { s_.service_steps.erase(key); });
  return ok();
}

Result<std::vector<ServiceRequestStep>> MemoryServiceRecords::service_steps(ServiceRequestId id) {
  return history(s_.service_steps, id.value);
}

// ---- surveys -----------------------------------------------------------------------------------

Result<void> MemoryServiceRecords::insert_survey_response(SurveyResponse& response) {
  INSCRM_TRYV(writable());
  response.id = SurveyResponseId{++s_.next.survey_response};
  s_.survey_responses[response.id.value] = response;
  undo_.push_back([this, id = response.id.value] { s_.survey_responses.erase(id); });
  return ok();
}

Result<std::vector<SurveyResponse>> MemoryServiceRecords::survey_responses(const SurveyQuery& q) {
  return page(s_.survey_responses, q.after.value, q.limit, [&](const SurveyResponse& r) {
    return (!q.customer || r.customer == *q.customer) && (!q.kind || r.kind == *q.kind) &&
           (!q.from || r.answered_on >= *q.from) && (!q.to || r.answered_on < *q.to);
  });
}

}  // namespace inscrm::storage::memory
