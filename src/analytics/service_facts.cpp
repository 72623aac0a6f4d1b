#include <inscrm/analytics/service_facts.hpp>

#include <inscrm/core/date.hpp>

namespace inscrm {

ServiceFactsBuilder::ServiceFactsBuilder(const Portfolio& portfolio)
    : portfolio_(portfolio),
      end_of_day_micros_(to_epoch_micros(start_of(add_days(portfolio.as_of(), 1)))),
      open_complaints_(portfolio.size(), 0),
      nps_(portfolio.size()),
      last_contact_micros_(portfolio.size()) {}

void ServiceFactsBuilder::add(const Complaint& c) {
  const auto row = portfolio_.row_of(c.customer);
  if (!row || to_epoch_micros(c.received_at) >= end_of_day_micros_) return;
  if (c.closed_at && to_epoch_micros(*c.closed_at) < end_of_day_micros_) return;
  ++open_complaints_[*row];
}

void ServiceFactsBuilder::add(const SurveyResponse& r) {
  const auto row = portfolio_.row_of(r.customer);
  if (!row || r.kind != SurveyKind::Nps || r.answered_on > portfolio_.as_of()) return;
  const LatestAnswer answer{to_epoch_days(r.answered_on), r.id.value, r.score};
  auto& latest = nps_[*row];
  if (!latest || answer.day > latest->day || (answer.day == latest->day && answer.id > latest->id)) latest = answer;
}

void ServiceFactsBuilder::add(const Interaction& i) {
  const auto row = portfolio_.row_of(i.customer);
  const std::int64_t started = to_epoch_micros(i.started_at);
  if (!row || started >= end_of_day_micros_) return;
  auto& latest = last_contact_micros_[*row];
  if (!latest || started > *latest) latest = started;
}

Result<void> ServiceFactsBuilder::fill(Portfolio& p) const {
  if (&p != &portfolio_) return Error::invalid_argument("portfolio", "not the portfolio this builder was made for");
  std::vector<std::optional<std::int64_t>> complaints(open_complaints_.begin(), open_complaints_.end());
  INSCRM_TRYV(p.set_ints(fact::open_complaints, complaints));
  std::vector<std::optional<std::int64_t>> scores(nps_.size());
  for (std::size_t r = 0; r < nps_.size(); ++r)
    if (nps_[r]) scores[r] = nps_[r]->score;
  INSCRM_TRYV(p.set_ints(fact::nps, scores));
  std::vector<std::optional<Date>> contacts(last_contact_micros_.size());
  for (std::size_t r = 0; r < contacts.size(); ++r)
    if (last_contact_micros_[r]) contacts[r] = date_of(from_epoch_micros(*last_contact_micros_[r]));
  INSCRM_TRYV(p.set_days(fact::last_contact, contacts));
  return ok();
}

}  // namespace inscrm
