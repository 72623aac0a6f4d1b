#pragma once
// A deterministic month of service work over the sample portfolio (domain.md C4–C6), for the demo:
// each day some customers call, are visited or write; some complain, claim or ask for a servicing
// change; and every case is then worked through its flow over the following days — some late
// enough to breach their SLA, some complaints reopened — and answered surveys follow. Everything
// goes through the facade, at instants in office hours set on the demo's manual clock.

#include "sample_rng.hpp"

#include <inscrm/crm.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <vector>

namespace inscrm::sample {

// The demo's service settings: office hours 9–12 and 13–18 China time on working days, the
// Mid-Autumn Festival (Friday 25 September 2026) off, the standard SLA policies, and assignment
// rules for the customer-service and product departments (compliance is assigned by hand).
ServiceSettings service_settings();

// What the desk needs to know of the book: who the customers are, their agent, and the policies
// with what a claim on them may ask.
struct BookPolicy {
  PolicyId id;
  CustomerId holder;
  std::string product;  // the product code: which claims it can bring
  Money sum_insured;
};
struct ServiceBook {
  std::vector<CustomerId> customers;
  std::vector<std::optional<AgentId>> agents;  // each customer's agent, by the same index
  std::vector<BookPolicy> policies;
};

// What the desk did, for the demo's report.
struct ServiceTally {
  std::size_t interactions = 0;
  std::size_t complaints = 0;
  std::size_t claims_reported = 0;
  std::size_t claims_refused = 0;  // reported on a policy no longer covering the incident: refused, as it should be
  std::size_t claims_paid = 0;
  std::size_t claims_declined = 0;
  std::size_t requests_submitted = 0;
  std::size_t requests_completed = 0;
  std::size_t requests_rejected = 0;
  std::size_t surveys = 0;
};

class ServiceDesk {
 public:
  ServiceDesk(Crm crm, Actor actor, std::shared_ptr<ManualClock> clock, ServiceBook book, std::uint64_t seed);

  // The day's new contacts and cases, and every step due before the next midnight (UTC), in time
  // order. The clock only moves forward; it ends at or after 18:00 China time.
  Result<void> work(Date day);
  const ServiceTally& tally() const noexcept { return tally_; }

 private:
  struct Task {
    Instant at;
    std::uint64_t seq;
    std::function<Result<void>()> run;
    bool operator>(const Task& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };

  Instant at_work(Date day);  // a random instant in office hours (China time) of a day
  void schedule(Instant at, std::function<Result<void>()> run);
  Result<void> move_clock(Instant to);

  Result<void> open_complaint(Instant at, std::size_t customer);
  Result<void> handle_complaint(ComplaintId id, ComplaintCategory category, bool reopened);
  Result<void> close_complaint(ComplaintId id, ComplaintCategory category, bool reopened);
  Result<void> report_claim(Instant at, const BookPolicy& policy);
  Result<void> work_claim(ClaimId id, Money sum_insured, CustomerId claimant);
  Result<void> submit_request(Instant at, std::size_t customer);
  void log_contact(Instant at, std::size_t customer, Channel channel, InteractionPurpose purpose);

  Crm crm_;
  Actor actor_;
  std::shared_ptr<ManualClock> clock_;
  ServiceBook book_;
  Rng rng_;
  std::priority_queue<Task, std::vector<Task>, std::greater<>> agenda_;
  std::uint64_t seq_ = 0;
  std::vector<Interaction> contacts_;  // the day's interaction log, imported in one call
  ServiceTally tally_;
};

}  // namespace inscrm::sample
