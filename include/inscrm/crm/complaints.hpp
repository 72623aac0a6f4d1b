#pragma once

#include <inscrm/core/result.hpp>
#include <inscrm/crm/deadlines.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/complaint.hpp>
#include <inscrm/domain/complaint_stats.hpp>
#include <inscrm/domain/sla.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/storage/service_records.hpp>

#include <optional>
#include <string>
#include <vector>

namespace inscrm {

// domain.md C5: complaints from intake to close. Each call is one transaction: the pure step
// (complaint.hpp apply_event), the complaint saved with its version check, the step appended to
// its history and an outbox event "complaint.<what happened>" (complaint.received, .assigned,
// .reassigned, .investigation_started, .solution_proposed, .customer_informed, .closed, .reopened,
// .escalated, .waiting_on_customer, .customer_responded). A step the handling flow does not allow
// is IllegalTransition and writes nothing.
class ComplaintService : detail::ServiceBase {
 public:
  // Intake. Validates the draft (validate_complaint; the customer, policy, org unit and agent must
  // exist), starts its SLA clock at received_at (default: now, when left at the epoch) and opens
  // its history with the Receive step. org_unit defaults to the customer's. Then, in the same call:
  //  - a complaint as severe as ServiceSettings::escalate_at_intake_from is escalated at once;
  //  - when draft.department names a department with an AssignmentRule, the complaint is assigned
  //    to the handler the rule picks (round robin after the handler of the department's most
  //    recently received assigned complaint, or the handler with the fewest open complaints).
  //    A department without a rule is kept on the complaint for a manual assign().
  Result<Complaint> receive(const Actor& actor, Complaint draft) const;

  Result<Complaint> assign(const Actor& actor, ComplaintId id, std::string department, std::string assignee,
                           std::string note = {}) const;
  Result<Complaint> reassign(const Actor& actor, ComplaintId id, std::string department, std::string assignee,
                             std::string note = {}) const;
  Result<Complaint> start_investigation(const Actor& actor, ComplaintId id, std::string note = {}) const;
  Result<Complaint> propose_solution(const Actor& actor, ComplaintId id, std::string resolution) const;
  Result<Complaint> inform_customer(const Actor& actor, ComplaintId id, std::string note = {}) const;
  // root_cause may be omitted when the complaint already has one (closing again after a reopen).
  Result<Complaint> close(const Actor& actor, ComplaintId id, std::optional<RootCause> root_cause,
                          std::optional<int> customer_satisfaction = std::nullopt, std::string note = {}) const;
  Result<Complaint> reopen(const Actor& actor, ComplaintId id, std::string objection) const;
  Result<Complaint> escalate(const Actor& actor, ComplaintId id, std::string reason) const;
  // domain.md C5: the SLA clock stops while the complaint waits on the customer.
  Result<Complaint> wait_on_customer(const Actor& actor, ComplaintId id, std::string reason) const;
  Result<Complaint> customer_responded(const Actor& actor, ComplaintId id, std::string note = {}) const;
  // Any step by its event (for hosts and bindings that drive the flow generically). ctx.at and
  // ctx.actor are the facade's: the clock's now and actor.user. Receive is not a step of its own.
  Result<Complaint> apply_event(const Actor& actor, ComplaintId id, ComplaintEvent event,
                                ComplaintContext ctx = {}) const;

  Result<Complaint> get(const Actor& actor, ComplaintId id) const;
  Result<std::vector<Complaint>> list(const Actor& actor, const storage::ComplaintQuery& query = {}) const;
  Result<std::vector<ComplaintStep>> history(const Actor& actor, ComplaintId id) const;
  // The deadlines to acknowledge and to resolve under the SLA policy in force now.
  Result<Deadlines> deadlines(const Actor& actor, ComplaintId id) const;
  // complaint_stats over the complaints received in [from, to), as of now.
  Result<ComplaintStats> statistics(const Actor& actor, Instant from, Instant to) const;

  // Replace the complaint SLA policy (validate_complaint_sla_policy) or the assignment rules
  // (validate_assignment_rules) for every later call; recorded as a settings.changed event.
  Result<void> set_sla_policy(const Actor& actor, SlaPolicy policy) const;
  Result<void> set_assignment_rules(const Actor& actor, std::vector<AssignmentRule> rules) const;
  SlaPolicy sla_policy() const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
