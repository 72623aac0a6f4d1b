#include <inscrm/security/permissions.hpp>

namespace inscrm {
namespace {

using enum Entity;

// Read-only access to everything an operational role needs to look a case up.
bool operational_read(Entity e) noexcept {
  switch (e) {
    case Customer: case PersonalData: case Policy: case Payment: case Claim: case ServiceRequest: case Complaint:
    case Interaction: case Survey: case Product: case Organisation: case Loyalty: case Consent: case CareTask:
      return true;
    default:
      return false;
  }
}

bool agent_allows(Entity e, Action a) noexcept {
  if (a == Action::Read) return operational_read(e) || e == Segment || e == Campaign;
  switch (e) {
    case Customer: case Policy: case Payment: case Interaction: case Survey: case Loyalty: case Consent:
    case CareTask:
      return true;  // sells, services its book, records premiums, contacts, consents and care calls
    case Campaign:
      return a == Action::Update;  // records contacts and responses of its customers
    case Claim: case ServiceRequest: case Complaint:
      return a == Action::Create;  // files them for the customer; others work them
    default:
      return false;
  }
}

bool service_rep_allows(Entity e, Action a) noexcept {
  if (a == Action::Read) return operational_read(e);
  switch (e) {
    case Customer: case Policy: case Payment: case Interaction: case Survey: case Claim: case ServiceRequest:
    case Loyalty: case Consent: case CareTask:
      return true;  // the counter and call centre: policy changes, claims, requests, points, consents
    case Complaint:
      return a == Action::Create;  // receives complaints; complaint handlers work them
    default:
      return false;
  }
}

bool complaint_handler_allows(Entity e, Action a) noexcept {
  if (a == Action::Read) return operational_read(e);
  return e == Complaint || e == Interaction || (e == Survey && a == Action::Create);
}

bool analyst_allows(Entity e, Action a) noexcept {
  if (e == PersonalData || e == Audit || e == Settings || e == DailyRun) return false;  // sees masked values
  if (a == Action::Read) return true;
  return e == Segment || e == Campaign;  // defines segments, runs snapshots, plans campaigns
}

bool auditor_allows(Entity e, Action a) noexcept {
  return a == Action::Read && e != PersonalData;  // reads everything, masked, and the audit chain
}

// Self-service: the customer's own record and personal data, own policies and their payments,
// the progress of own claims (scoped to actor.customer by the facade).
bool customer_allows(Entity e, Action a) noexcept {
  if (a != Action::Read) return false;
  return e == Customer || e == PersonalData || e == Policy || e == Payment || e == Claim || e == Product ||
         e == Loyalty || e == Consent;
}

}  // namespace

bool role_allows(Role role, Entity e, Action a) noexcept {
  switch (role) {
    case Role::Administrator: return true;
    case Role::System: return true;  // run_daily and the library's own maintenance
    case Role::Agent: return agent_allows(e, a);
    case Role::ServiceRep: return service_rep_allows(e, a);
    case Role::ComplaintHandler: return complaint_handler_allows(e, a);
    case Role::Analyst: return analyst_allows(e, a);
    case Role::Auditor: return auditor_allows(e, a);
    case Role::Customer: return customer_allows(e, a);
  }
  return false;
}

}  // namespace inscrm
