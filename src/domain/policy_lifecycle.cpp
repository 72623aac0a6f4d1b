#include <inscrm/domain/policy_lifecycle.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace inscrm {

namespace {

using S = PolicyStatus;
using E = PolicyEvent;

struct Row {
  PolicyStatus from;
  PolicyEvent event;
  PolicyStatus to;
};

// domain.md C2: the whole lifecycle. A status changes only along one of these rows; the guards
// below decide, from dates and the product, whether a row may be taken on a given day.
constexpr std::array kTable{
    Row{S::Quoted, E::Apply, S::Applied},
    Row{S::Applied, E::StartUnderwriting, S::Underwriting},
    Row{S::Underwriting, E::Decline, S::Declined},
    Row{S::Underwriting, E::Issue, S::Issued},
    Row{S::Issued, E::TakeEffect, S::InForce},
    Row{S::Renewed, E::TakeEffect, S::InForce},
    Row{S::InForce, E::MissPremium, S::GracePeriod},
    Row{S::GracePeriod, E::PayArrears, S::InForce},
    Row{S::Reinstated, E::PayArrears, S::InForce},
    Row{S::GracePeriod, E::Lapse, S::Lapsed},
    Row{S::Lapsed, E::Reinstate, S::Reinstated},
    Row{S::Issued, E::CancelFreeLook, S::Cancelled},
    Row{S::InForce, E::CancelFreeLook, S::Cancelled},
    Row{S::InForce, E::Surrender, S::Surrendered},
    Row{S::GracePeriod, E::Surrender, S::Surrendered},
    Row{S::Reinstated, E::Surrender, S::Surrendered},
    Row{S::Renewed, E::Surrender, S::Surrendered},
    Row{S::InForce, E::Mature, S::Matured},
    Row{S::InForce, E::Expire, S::Expired},
    Row{S::GracePeriod, E::Expire, S::Expired},
    Row{S::InForce, E::Renew, S::Renewed},
    Row{S::InForce, E::Terminate, S::Terminated},
    Row{S::GracePeriod, E::Terminate, S::Terminated},
    Row{S::Reinstated, E::Terminate, S::Terminated},
    Row{S::Renewed, E::Terminate, S::Terminated},
};

// Renewal may be arranged this many days before the current term ends (domain.md C2).
constexpr int kRenewalWindowDays = 30;

// An instalment counts as overdue only once its due date has passed.
bool has_overdue(const TransitionContext& ctx) noexcept {
  return ctx.oldest_unpaid && *ctx.oldest_unpaid < ctx.on;
}

Error refused(std::string message, std::string field = "status") {
  return Error::illegal_transition(std::move(message), std::move(field));
}

// The row's guard: nullopt when the event may happen on ctx.on, else why not.
std::optional<Error> check_guard(const Policy& p, const Product& product, PolicyEvent event,
                                 const TransitionContext& ctx) {
  switch (event) {
    case E::Apply:
    case E::StartUnderwriting:
    case E::Issue:
    case E::Surrender:
      return std::nullopt;

    case E::Decline:
      // domain.md C2: every transition is recorded with why; a refusal without one is useless
      // to the applicant and to the regulator.
      if (ctx.reason.empty()) return refused("a reason is required to decline an application", "reason");
      return std::nullopt;

    case E::Terminate:
      if (ctx.reason.empty()) return refused("a reason is required to terminate a policy", "reason");
      return std::nullopt;

    case E::TakeEffect: {
      // After a renewal the new term, not the original cover, is what starts.
      const bool renewal = p.status == S::Renewed;
      const auto& start = renewal ? p.term_start : p.effective_date;
      const char* field = renewal ? "term_start" : "effective_date";
      if (!start) return refused(fmt::format("the policy has no {} to take effect on", field), field);
      if (ctx.on < *start) return refused(fmt::format("cover starts on {}", to_string(*start)), field);
      return std::nullopt;
    }

    case E::CancelFreeLook: {
      if (product.free_look_days <= 0)
        return refused(fmt::format("product {} has no free-look window", product.code));
      if (!p.issue_date) return refused("the policy has no issue date to count the free-look window from", "issue_date");
      const Date last_day = add_days(*p.issue_date, product.free_look_days);
      if (ctx.on > last_day) return refused(fmt::format("free-look window ended on {}", to_string(last_day)));
      return std::nullopt;
    }

    case E::MissPremium:
      if (!has_overdue(ctx)) return refused(fmt::format("no instalment is overdue on {}", to_string(ctx.on)));
      return std::nullopt;

    case E::PayArrears:
      if (has_overdue(ctx))
        return refused(fmt::format("the instalment due on {} is still unpaid", to_string(*ctx.oldest_unpaid)));
      return std::nullopt;

    case E::Lapse: {
      if (!has_overdue(ctx)) return refused(fmt::format("no instalment is overdue on {}", to_string(ctx.on)));
      // The grace period covers its last day; lapse takes effect the day after (domain.md C2).
      const Date grace_end = add_days(*ctx.oldest_unpaid, product.grace_days);
      if (ctx.on <= grace_end) return refused(fmt::format("the grace period runs until {}", to_string(grace_end)));
      return std::nullopt;
    }

    case E::Reinstate: {
      const Date last_day = add_days(p.status_since, product.reinstatement_days);
      if (ctx.on > last_day) return refused(fmt::format("reinstatement window ended on {}", to_string(last_day)));
      return std::nullopt;
    }

    case E::Mature:
    case E::Expire: {
      // Long-term cover reaches maturity (满期); short-term cover simply ends. Which one it is
      // decides what the customer is owed, so the product, not the caller, chooses.
      const bool mature = event == E::Mature;
      const ProductTerm needed = mature ? ProductTerm::LongTerm : ProductTerm::ShortTerm;
      if (product.term != needed)
        return refused(fmt::format("a {} product does not {}", to_string(product.term), to_string(event)));
      if (!p.expiry_date) return refused("the policy has no expiry date", "expiry_date");
      if (ctx.on < *p.expiry_date)
        return refused(fmt::format("the policy {} on {}", mature ? "matures" : "expires", to_string(*p.expiry_date)));
      return std::nullopt;
    }

    case E::Renew: {
      if (!product.renewable) return refused(fmt::format("product {} is not renewable", product.code));
      if (product.term != ProductTerm::ShortTerm) return refused("only short-term products renew");
      if (!p.expiry_date) return refused("the policy has no expiry date", "expiry_date");
      const Date opens = add_days(*p.expiry_date, -kRenewalWindowDays);
      if (ctx.on < opens) return refused(fmt::format("renewal opens on {}", to_string(opens)));
      return std::nullopt;
    }
  }
  return refused("unknown event");
}

}  // namespace

std::optional<PolicyStatus> transition_target(PolicyStatus from, PolicyEvent event) noexcept {
  const auto* row = std::find_if(kTable.begin(), kTable.end(),
                                 [&](const Row& r) { return r.from == from && r.event == event; });
  if (row == kTable.end()) return std::nullopt;
  return row->to;
}

Result<PolicyTransition> apply_event(Policy& policy, const Product& product, PolicyEvent event,
                                     const TransitionContext& ctx) {
  const auto to = transition_target(policy.status, event);
  if (!to)
    return Error::illegal_transition(
        fmt::format("cannot {} a policy that is {}", to_string(event), to_string(policy.status)));
  if (auto refusal = check_guard(policy, product, event, ctx)) return std::move(*refusal);

  // Past the guard nothing can fail, so an error above always leaves the policy as it was.
  const PolicyStatus from = policy.status;
  switch (event) {
    case E::Issue:
      if (!policy.issue_date) policy.issue_date = ctx.on;
      if (!policy.effective_date) policy.effective_date = ctx.on;
      break;
    case E::Renew: {
      // The new term follows the old one without a gap (the guard ensured an expiry date).
      const Date old_expiry = *policy.expiry_date;
      policy.term_start = old_expiry;
      policy.expiry_date = add_years(old_expiry, std::max(product.term_years, 1));
      ++policy.renewals;
      break;
    }
    default:
      break;
  }
  policy.status = *to;
  policy.status_since = ctx.on;

  PolicyTransition t;
  t.policy = policy.id;
  t.from = from;
  t.to = *to;
  t.event = event;
  t.effective_on = ctx.on;
  t.at = ctx.now;
  t.actor = ctx.actor;
  t.reason = ctx.reason;
  return t;
}

std::optional<ScheduledEvent> due_event(const Policy& policy, const Product& product,
                                        const TransitionContext& ctx) noexcept {
  const Date on = ctx.on;
  switch (policy.status) {
    case S::Issued:
      if (policy.effective_date && *policy.effective_date <= on)
        return ScheduledEvent{E::TakeEffect, *policy.effective_date};
      return std::nullopt;

    case S::Renewed:
      if (policy.term_start && *policy.term_start <= on) return ScheduledEvent{E::TakeEffect, *policy.term_start};
      return std::nullopt;

    case S::InForce:
    case S::GracePeriod: {
      // Whichever fell due first happens first: a run that catches up over a long gap must lapse
      // a policy whose grace ran out before its term ended, not let it expire in good standing.
      std::optional<ScheduledEvent> premium;
      if (has_overdue(ctx)) {
        const Date oldest = *ctx.oldest_unpaid;
        // domain.md C2: an instalment unpaid on its due date opens grace the day after; the
        // policy lapses the day after the last day of grace.
        const Date grace_end = add_days(oldest, product.grace_days);
        if (policy.status == S::InForce)
          premium = ScheduledEvent{E::MissPremium, add_days(oldest, 1)};
        else if (on > grace_end)
          premium = ScheduledEvent{E::Lapse, add_days(grace_end, 1)};
      }
      std::optional<ScheduledEvent> end_of_cover;
      if (policy.expiry_date && *policy.expiry_date <= on) {
        if (product.term == ProductTerm::ShortTerm)
          end_of_cover = ScheduledEvent{E::Expire, *policy.expiry_date};
        else if (policy.status == S::InForce)
          end_of_cover = ScheduledEvent{E::Mature, *policy.expiry_date};
      }
      if (premium && (!end_of_cover || premium->effective_on < end_of_cover->effective_on)) return premium;
      return end_of_cover;
    }

    default:
      return std::nullopt;
  }
}

}  // namespace inscrm
