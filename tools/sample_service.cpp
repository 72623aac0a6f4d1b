#include "sample_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <span>

namespace inscrm::sample {
namespace {

using namespace std::chrono_literals;

constexpr auto kChinaOffset = 8h;

// Expected events a day → a whole count: the integer part, plus one more with the remainder's chance.
std::size_t how_many(Rng& rng, double expected) {
  const auto whole = static_cast<std::size_t>(expected);
  return whole + (rng.chance(expected - static_cast<double>(whole)) ? 1 : 0);
}

// A step whose record the desk does not need afterwards.
template <class T>
Result<void> done(Result<T> r) {
  if (!r) return r.error();
  return ok();
}

Instant at_china(Date day, std::chrono::minutes since_midnight) { return start_of(day) - kChinaOffset + since_midnight; }

// The department answering for a category, and its handlers.
std::string department_of(ComplaintCategory c) {
  switch (c) {
    case ComplaintCategory::Product: return "product";
    case ComplaintCategory::Service: return "customer_service";
    case ComplaintCategory::Compliance: return "compliance";
  }
  return "customer_service";
}
const std::array kServiceHandlers{std::string{"cs-1"}, std::string{"cs-2"}, std::string{"cs-3"}, std::string{"cs-4"}};
const std::array kProductHandlers{std::string{"pd-1"}, std::string{"pd-2"}, std::string{"pd-3"}};
const std::array kComplianceHandlers{std::string{"co-1"}, std::string{"co-2"}};
std::span<const std::string> handlers_of(ComplaintCategory c) {
  switch (c) {
    case ComplaintCategory::Product: return kProductHandlers;
    case ComplaintCategory::Service: return kServiceHandlers;
    case ComplaintCategory::Compliance: return kComplianceHandlers;
  }
  return kServiceHandlers;
}

// What investigations find behind each category of complaint.
constexpr std::array kProductCauses{RootCause::ProductDesign, RootCause::PolicyWording, RootCause::Pricing,
                                    RootCause::CustomerMisunderstanding};
constexpr std::array kServiceCauses{RootCause::Process, RootCause::StaffConduct, RootCause::AgentConduct,
                                    RootCause::Communication, RootCause::SystemError};
constexpr std::array kComplianceCauses{RootCause::AgentConduct, RootCause::Process, RootCause::ThirdParty, RootCause::Other};

constexpr std::array kComplaintChannels{Channel::CallCentre, Channel::CallCentre, Channel::CallCentre, Channel::App,
                                        Channel::WeChat, Channel::Branch, Channel::Email, Channel::AgentVisit};
constexpr std::array kContactChannels{Channel::CallCentre, Channel::CallCentre, Channel::App, Channel::WeChat,
                                      Channel::Sms, Channel::AgentVisit, Channel::AgentVisit, Channel::Branch};

}  // namespace

ServiceSettings service_settings() {
  ServiceSettings s;
  s.calendar = BusinessCalendar::office_hours({{9h, 12h}, {13h, 18h}});
  s.calendar.holidays.insert(Date{std::chrono::year{2026}, std::chrono::month{9}, std::chrono::day{25}});
  s.assignment = {
      {.department = "customer_service", .mode = AssignmentMode::RoundRobin,
       .handlers = {kServiceHandlers.begin(), kServiceHandlers.end()}},
      {.department = "product", .mode = AssignmentMode::LeastBusy, .handlers = {kProductHandlers.begin(), kProductHandlers.end()}},
  };
  return s;
}

ServiceDesk::ServiceDesk(Crm crm, Actor actor, std::shared_ptr<ManualClock> clock, ServiceBook book, std::uint64_t seed)
    : crm_(std::move(crm)), actor_(std::move(actor)), clock_(std::move(clock)), book_(std::move(book)), rng_(seed) {}

Instant ServiceDesk::at_work(Date day) {
  // 09:00 to 17:59 China time, lunch included: people call when they call.
  return at_china(day, 9h + std::chrono::minutes{rng_.below(9 * 60)});
}

void ServiceDesk::schedule(Instant at, std::function<Result<void>()> run) { agenda_.push({at, seq_++, std::move(run)}); }

Result<void> ServiceDesk::move_clock(Instant to) {
  if (to > clock_->now()) clock_->set(to);
  return ok();
}

void ServiceDesk::log_contact(Instant at, std::size_t customer, Channel channel, InteractionPurpose purpose) {
  Interaction i;
  i.customer = book_.customers[customer];
  i.channel = channel;
  i.purpose = purpose;
  i.started_at = at;
  if (channel == Channel::AgentVisit) {
    i.direction = Direction::Outbound;
    i.agent = book_.agents[customer];
    i.visit_kind = static_cast<VisitKind>(rng_.below(enum_count<VisitKind>()));
    i.duration = std::chrono::minutes{20 + rng_.below(70)};
  } else if (channel == Channel::Sms) {
    i.direction = Direction::Outbound;  // a message: no duration
  } else {
    i.duration = std::chrono::seconds{60 + rng_.below(900)};
    i.outcome = rng_.chance(0.1) ? InteractionOutcome::CallbackRequested : InteractionOutcome::Completed;
  }
  contacts_.push_back(std::move(i));
}

Result<void> ServiceDesk::work(Date day) {
  const double customers = static_cast<double>(book_.customers.size());
  // Shares per customer and day: a contact every ~8 months, a complaint every ~7 years, a servicing
  // request every ~7 years, an NPS answer every ~3 years; a claim every ~27 years per policy.
  for (std::size_t n = how_many(rng_, customers * 0.004); n > 0; --n) {
    const auto customer = rng_.below(book_.customers.size());
    const auto channel = rng_.pick(kContactChannels);
    constexpr std::array kPurposes{InteractionPurpose::Inquiry, InteractionPurpose::Care, InteractionPurpose::Campaign,
                                   InteractionPurpose::Service};
    const auto purpose = channel == Channel::AgentVisit ? InteractionPurpose::SalesVisit : rng_.pick(kPurposes);
    log_contact(at_work(day), customer, channel, purpose);
  }
  for (std::size_t n = how_many(rng_, customers * 0.0004); n > 0; --n) {
    const auto customer = rng_.below(book_.customers.size());
    schedule(at_work(day), [this, customer] { return open_complaint(clock_->now(), customer); });
  }
  for (std::size_t n = how_many(rng_, customers * 0.0004); n > 0; --n) {
    const auto customer = rng_.below(book_.customers.size());
    schedule(at_work(day), [this, customer] { return submit_request(clock_->now(), customer); });
  }
  if (!book_.policies.empty()) {
    for (std::size_t n = how_many(rng_, static_cast<double>(book_.policies.size()) * 0.0001); n > 0; --n) {
      const auto policy = rng_.below(book_.policies.size());
      schedule(at_work(day), [this, policy] { return report_claim(clock_->now(), book_.policies[policy]); });
    }
  }
  for (std::size_t n = how_many(rng_, customers * 0.001); n > 0; --n) {
    const auto customer = book_.customers[rng_.below(book_.customers.size())];
    // Skewed the way insurers' NPS usually is: most recommend, a quarter would not.
    const int score = rng_.chance(0.45) ? 9 + static_cast<int>(rng_.below(2))
                      : rng_.chance(0.55) ? 7 + static_cast<int>(rng_.below(2))
                                          : static_cast<int>(rng_.below(7));
    schedule(at_work(day), [this, customer, score]() -> Result<void> {
      INSCRM_TRYV(crm_.surveys().record(actor_, {.customer = customer, .kind = SurveyKind::Nps, .score = score,
                                                 .channel = Channel::Sms}));
      ++tally_.surveys;
      return ok();
    });
  }

  const Instant midnight = start_of(add_days(day, 1));
  while (!agenda_.empty() && agenda_.top().at < midnight) {
    auto task = agenda_.top();
    agenda_.pop();
    INSCRM_TRYV(move_clock(task.at));
    INSCRM_TRYV(task.run());
  }
  // The day's contact log in one import, once the working day is over.
  INSCRM_TRYV(move_clock(at_china(day, 18h)));
  if (!contacts_.empty()) {
    INSCRM_TRY(auto report, crm_.interactions().import(actor_, std::move(contacts_)));
    tally_.interactions += report.imported;
    contacts_.clear();
  }
  return ok();
}

Result<void> ServiceDesk::open_complaint(Instant at, std::size_t customer) {
  Complaint draft;
  draft.customer = book_.customers[customer];
  draft.channel = rng_.pick(kComplaintChannels);
  const double c = static_cast<double>(rng_.below(100)) / 100.0;
  draft.category = c < 0.3 ? ComplaintCategory::Product : c < 0.8 ? ComplaintCategory::Service : ComplaintCategory::Compliance;
  const auto subcategories = complaint_subcategories(draft.category);
  draft.subcategory = std::string{subcategories[rng_.below(subcategories.size())]};
  const double s = static_cast<double>(rng_.below(100)) / 100.0;
  draft.severity = s < 0.3 ? ComplaintSeverity::Low
                   : s < 0.8 ? ComplaintSeverity::Medium
                   : s < 0.95 ? ComplaintSeverity::High
                              : ComplaintSeverity::Critical;
  draft.matter = fmt::format("{} complaint about {}", to_string(draft.category), draft.subcategory);
  if (draft.subcategory == "agent_conduct" || draft.subcategory == "mis_selling") draft.agent = book_.agents[customer];
  // Most complaints are routed at intake; the rest wait in the inbox for a supervisor.
  const bool routed = rng_.chance(0.7);
  if (routed) draft.department = department_of(draft.category);
  log_contact(at, customer, draft.channel == Channel::AgentVisit ? Channel::CallCentre : draft.channel,
              InteractionPurpose::Complaint);
  INSCRM_TRY(auto complaint, crm_.complaints().receive(actor_, std::move(draft)));
  ++tally_.complaints;
  const auto id = complaint.id;
  const auto category = complaint.category;
  if (complaint.status == ComplaintStatus::Received) {
    // Picked up after 1 to 30 wall-clock hours: over a night or a weekend that misses the deadline.
    const auto department = department_of(category);
    const auto handlers = handlers_of(category);
    const auto handler = handlers[rng_.below(handlers.size())];
    schedule(at + std::chrono::hours{1 + rng_.below(30)}, [this, id, category, department, handler]() -> Result<void> {
      INSCRM_TRYV(crm_.complaints().assign(actor_, id, department, handler));
      return handle_complaint(id, category, false);
    });
    return ok();
  }
  schedule(at + std::chrono::minutes{30 + rng_.below(210)}, [this, id, category] { return handle_complaint(id, category, false); });
  return ok();
}

Result<void> ServiceDesk::handle_complaint(ComplaintId id, ComplaintCategory category, bool reopened) {
  const auto now = clock_->now();
  if (!reopened) INSCRM_TRYV(crm_.complaints().start_investigation(actor_, id, "case opened"));
  Date next = date_of(now + kChinaOffset);
  if (rng_.chance(0.1)) {
    schedule(now + 2h, [this, id] { return done(crm_.complaints().wait_on_customer(actor_, id, "evidence requested from the customer")); });
    next = add_days(next, 1 + static_cast<int>(rng_.below(3)));
    schedule(at_work(next), [this, id] { return done(crm_.complaints().customer_responded(actor_, id, "evidence received")); });
  }
  next = add_days(next, 1 + static_cast<int>(rng_.below(8)));
  schedule(at_work(next), [this, id] {
    return done(crm_.complaints().propose_solution(actor_, id, "explanation and remedy offered"));
  });
  next = add_days(next, 1 + static_cast<int>(rng_.below(2)));
  schedule(at_work(next), [this, id] { return done(crm_.complaints().inform_customer(actor_, id, "customer called back")); });
  next = add_days(next, 1 + static_cast<int>(rng_.below(2)));
  schedule(at_work(next), [this, id, category, reopened] { return close_complaint(id, category, reopened); });
  return ok();
}

Result<void> ServiceDesk::close_complaint(ComplaintId id, ComplaintCategory category, bool reopened) {
  std::optional<RootCause> cause;
  if (!reopened) {
    cause = category == ComplaintCategory::Product   ? rng_.pick(kProductCauses)
            : category == ComplaintCategory::Service ? rng_.pick(kServiceCauses)
                                                     : rng_.pick(kComplianceCauses);
  }
  // About one in eight customers disagrees with the first answer and comes back.
  const bool comes_back = !reopened && rng_.chance(0.12);
  const int satisfaction = comes_back ? 1 + static_cast<int>(rng_.below(2)) : 3 + static_cast<int>(rng_.below(3));
  INSCRM_TRY(auto closed, crm_.complaints().close(actor_, id, cause, satisfaction));
  if (comes_back) {
    const auto day = add_days(date_of(clock_->now() + kChinaOffset), 1 + static_cast<int>(rng_.below(5)));
    schedule(at_work(day), [this, id, category]() -> Result<void> {
      INSCRM_TRYV(crm_.complaints().reopen(actor_, id, "the customer does not accept the answer"));
      return handle_complaint(id, category, true);
    });
    return ok();
  }
  if (rng_.chance(0.6)) {
    INSCRM_TRYV(crm_.surveys().record(actor_, {.customer = closed.customer, .kind = SurveyKind::ComplaintHandling,
                                               .score = std::max(1, satisfaction - static_cast<int>(rng_.below(2))),
                                               .channel = Channel::Sms, .complaint = id}));
    ++tally_.surveys;
  }
  return ok();
}

Result<void> ServiceDesk::report_claim(Instant at, const BookPolicy& policy) {
  // What the product can claim for; annuities pay out by schedule, not by claim.
  std::optional<ClaimType> type;
  if (policy.product == "CI-20") type = ClaimType::CriticalIllness;
  else if (policy.product == "ACC-1") type = rng_.chance(0.7) ? ClaimType::Medical : ClaimType::AccidentDisability;
  else if (policy.product == "MED-1") type = rng_.chance(0.6) ? ClaimType::Medical : ClaimType::HospitalAllowance;
  else if ((policy.product == "WL-2024" || policy.product == "TL-20") && rng_.chance(0.15)) type = ClaimType::Death;
  if (!type) return ok();

  Claim draft;
  draft.policy = policy.id;
  draft.claimant = policy.holder;
  draft.type = *type;
  const Date today = date_of(at + kChinaOffset);
  draft.incident_date = add_days(today, -1 - static_cast<int>(rng_.below(20)));
  const bool full_cover = *type == ClaimType::Death || *type == ClaimType::CriticalIllness;
  draft.claimed_amount = full_cover ? policy.sum_insured
                                    : Money{std::min<std::int64_t>(policy.sum_insured.minor,
                                                                   static_cast<std::int64_t>(1'000 + rng_.below(30'000)) * 100),
                                            policy.sum_insured.currency};
  const auto checklist = required_documents(*type);
  for (std::size_t k = 0, n = 1 + rng_.below(checklist.size()); k < n; ++k) draft.documents.push_back({checklist[k], {}});
  const auto holder = std::find(book_.customers.begin(), book_.customers.end(), policy.holder);
  if (holder != book_.customers.end())
    log_contact(at, static_cast<std::size_t>(holder - book_.customers.begin()), Channel::CallCentre, InteractionPurpose::Service);
  auto claim = crm_.claims().report(actor_, std::move(draft));
  if (!claim) {
    // A claim on a policy that no longer covered the incident is refused: the library's answer.
    if (claim.error().code() == Errc::InvalidArgument &&
        (claim.error().field() == "incident_date" || claim.error().field() == "policy")) {
      ++tally_.claims_refused;
      return ok();
    }
    return claim.error();
  }
  ++tally_.claims_reported;
  const auto id = claim.value().id;
  Date next = today;
  for (const auto& name : missing_documents(claim.value())) {
    next = add_days(next, 1 + static_cast<int>(rng_.below(3)));
    schedule(at_work(next), [this, id, name] { return done(crm_.claims().receive_document(actor_, id, name)); });
  }
  next = add_days(next, 1 + static_cast<int>(rng_.below(3)));
  schedule(at_work(next), [this, id, sum = policy.sum_insured, claimant = policy.holder] { return work_claim(id, sum, claimant); });
  return ok();
}

Result<void> ServiceDesk::work_claim(ClaimId id, Money sum_insured, CustomerId claimant) {
  INSCRM_TRY(auto claim, crm_.claims().start_assessment(actor_, id, "checklist complete"));
  const Date today = date_of(clock_->now() + kChinaOffset);
  if (rng_.chance(0.2)) {
    schedule(at_work(add_days(today, 2 + static_cast<int>(rng_.below(5)))), [this, id]() -> Result<void> {
      INSCRM_TRYV(crm_.claims().decline(actor_, id, "not covered: condition existing before the policy"));
      ++tally_.claims_declined;
      return ok();
    });
    return ok();
  }
  // 70–100 % of the claim approved, whole yuan, never above the sum insured.
  const auto share = 70 + static_cast<std::int64_t>(rng_.below(31));
  const Money approved{std::min(sum_insured.minor, claim.claimed_amount.minor * share / 100 / 100 * 100), sum_insured.currency};
  const Date decided = add_days(today, 2 + static_cast<int>(rng_.below(5)));
  schedule(at_work(decided), [this, id, approved] { return done(crm_.claims().approve(actor_, id, approved)); });
  const Date paid = add_days(decided, 1 + static_cast<int>(rng_.below(4)));
  schedule(at_work(paid), [this, id, claimant]() -> Result<void> {
    INSCRM_TRYV(crm_.claims().pay(actor_, id));
    ++tally_.claims_paid;
    if (rng_.chance(0.5)) {
      INSCRM_TRYV(crm_.surveys().record(actor_, {.customer = claimant, .kind = SurveyKind::Service, .dimension = "claims",
                                                 .score = 3 + static_cast<int>(rng_.below(3)), .channel = Channel::Sms}));
      ++tally_.surveys;
    }
    return ok();
  });
  schedule(at_work(add_days(paid, 1)), [this, id] { return done(crm_.claims().close(actor_, id, "paid")); });
  return ok();
}

Result<void> ServiceDesk::submit_request(Instant at, std::size_t customer) {
  ServiceRequest draft;
  draft.customer = book_.customers[customer];
  draft.channel = rng_.chance(0.5) ? Channel::App : Channel::CallCentre;
  constexpr std::array kKinds{ServiceKind::ChangeContact,       ServiceKind::ChangeContact,   ServiceKind::ChangeAddress,
                              ServiceKind::ChangePaymentMethod, ServiceKind::PolicyLoan,      ServiceKind::HealthConsultation,
                              ServiceKind::HealthConsultation,  ServiceKind::LegalAid,        ServiceKind::EmergencyRescue,
                              ServiceKind::Surrender};
  draft.kind = rng_.pick(kKinds);
  std::optional<BookPolicy> policy;
  if (is_policy_bound(draft.kind)) {
    // The customer's own policy; a customer without one asks for a value-added service instead.
    for (std::size_t tries = 0; tries < 4 && !policy; ++tries) {
      const auto& p = book_.policies[rng_.below(book_.policies.size())];
      if (p.holder == draft.customer) policy = p;
    }
    if (!policy) {
      const auto start = static_cast<std::size_t>(
          std::find_if(book_.policies.begin(), book_.policies.end(), [&](const BookPolicy& p) { return p.holder == draft.customer; }) -
          book_.policies.begin());
      if (start < book_.policies.size()) policy = book_.policies[start];
    }
    if (policy) draft.policy = policy->id;
    else draft.kind = ServiceKind::HealthConsultation;
  }
  switch (draft.kind) {
    case ServiceKind::ChangeContact:
      draft.payload = ContactChange{.phones = {{.number = fmt::format("139{:08}", rng_.below(100'000'000)), .primary = true}}};
      break;
    case ServiceKind::ChangeAddress:
      draft.payload = AddressChange{{.line = fmt::format("浦东新区世纪大道 {} 号", 1 + rng_.below(2000)), .region_code = "310115"}};
      break;
    case ServiceKind::ChangePaymentMethod:
      draft.payload = PaymentMethodChange{.channel = PayChannel::AutoDebit, .account = fmt::format("6222{:012}", rng_.below(1'000'000'000'000))};
      break;
    case ServiceKind::PolicyLoan: draft.amount = Money::cny(static_cast<std::int64_t>(5'000 + rng_.below(45'000)) * 100); break;
    default: break;
  }
  log_contact(at, customer, draft.channel, InteractionPurpose::Service);
  INSCRM_TRY(auto request, crm_.service_requests().submit(actor_, std::move(draft)));
  ++tally_.requests_submitted;
  const auto id = request.id;
  const auto kind = request.kind;
  const auto holder = request.customer;
  const Money payout{policy ? policy->sum_insured.minor / 10 : 0, Currency::cny()};
  // Taken up after 1 to 20 wall-clock hours (an emergency within minutes), done within days.
  const auto started = kind == ServiceKind::EmergencyRescue ? at + std::chrono::minutes{5 + rng_.below(40)}
                                                            : at + std::chrono::hours{1 + rng_.below(20)};
  schedule(started, [this, id] { return done(crm_.service_requests().start(actor_, id, "svc-1")); });
  Date next = date_of(started + kChinaOffset);
  if (rng_.chance(0.05)) {
    schedule(started + 1h, [this, id] {
      return done(crm_.service_requests().wait_on_customer(actor_, id, "signed form requested"));
    });
    next = add_days(next, 1 + static_cast<int>(rng_.below(3)));
    schedule(at_work(next), [this, id] { return done(crm_.service_requests().customer_responded(actor_, id, "form received")); });
  }
  next = add_days(next, static_cast<int>(rng_.below(5)) + 1);
  const bool rejected = rng_.chance(0.05);
  schedule(at_work(next), [this, id, kind, holder, payout, rejected]() -> Result<void> {
    if (rejected) {
      INSCRM_TRYV(crm_.service_requests().reject(actor_, id, "documents incomplete"));
      ++tally_.requests_rejected;
      return ok();
    }
    std::optional<Money> amount;
    if (kind == ServiceKind::Surrender) amount = payout;
    auto done = crm_.service_requests().complete(actor_, id, "done as requested", amount);
    if (!done) {
      // A surrender of a policy that has lapsed since is refused by the lifecycle: the request is rejected.
      if (kind != ServiceKind::Surrender) return done.error();
      INSCRM_TRYV(crm_.service_requests().reject(actor_, id, done.error().message()));
      ++tally_.requests_rejected;
      return ok();
    }
    ++tally_.requests_completed;
    if (rng_.chance(0.4)) {
      INSCRM_TRYV(crm_.surveys().record(actor_, {.customer = holder, .kind = SurveyKind::Service,
                                                 .dimension = std::string{to_string(kind)},
                                                 .score = 2 + static_cast<int>(rng_.below(4)), .channel = Channel::App}));
      ++tally_.surveys;
    }
    return ok();
  });
  return ok();
}

}  // namespace inscrm::sample
