#include <inscrm/domain/points.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace inscrm {
namespace {

bool valid_on(const OpenGrant& g, Date on) noexcept { return !g.expires_on || *g.expires_on > on; }

// FIFO order: the oldest expiry first, grants that never expire last, then the older grant.
bool spends_before(const OpenGrant& a, const OpenGrant& b) noexcept {
  if (a.expires_on != b.expires_on) {
    if (!a.expires_on) return false;
    if (!b.expires_on) return true;
    return *a.expires_on < *b.expires_on;
  }
  return a.entry < b.entry;
}

std::int64_t total(std::span<const Allocation> allocations) noexcept {
  std::int64_t sum = 0;
  for (const auto& a : allocations) sum += a.points;
  return sum;
}

Error damaged(const PointsEntry& e, std::string_view why) {
  return Error::internal(fmt::format("points ledger of customer {}: entry {} ({} {}): {}", e.customer.value,
                                     e.id.value, to_string(e.kind), e.points, why));
}

}  // namespace

Result<void> validate_points_entry(const PointsEntry& e) {
  if (!e.customer) return Error::invalid_argument("customer", "a points entry needs a customer");
  if (e.points == 0) return Error::invalid_argument("points", "a points entry moves at least one point");
  if (!e.on.ok()) return Error::invalid_argument("on", "not a calendar date");
  if (e.idempotency_key.empty()) return Error::invalid_argument("idempotency_key", "must not be empty");
  if (e.idempotency_key.size() > 200) return Error::invalid_argument("idempotency_key", "at most 200 characters");
  const bool grant_kind = e.kind == PointsKind::Earn || (e.kind == PointsKind::Adjust && e.points > 0);
  switch (e.kind) {
    case PointsKind::Earn:
      if (e.points < 0) return Error::invalid_argument("points", "earned points are positive");
      break;
    case PointsKind::Redeem:
    case PointsKind::Expire:
    case PointsKind::Reverse:
      if (e.points > 0) return Error::invalid_argument("points", fmt::format("{} takes points away", to_string(e.kind)));
      break;
    case PointsKind::Adjust:
      break;
  }
  if (grant_kind && e.expires_on && (!e.expires_on->ok() || *e.expires_on <= e.on))
    return Error::invalid_argument("expires_on", "points must expire after the day they are granted");
  if (!grant_kind && e.expires_on) return Error::invalid_argument("expires_on", "only grants expire");
  if (e.kind == PointsKind::Reverse && !e.reverses)
    return Error::invalid_argument("reverses", "a reversal names the grant it takes back");
  if (e.kind != PointsKind::Reverse && e.reverses)
    return Error::invalid_argument("reverses", "only a reversal names a grant");
  return ok();
}

Result<std::vector<Allocation>> allocate_spend(std::span<const OpenGrant> open, std::int64_t points, Date on) {
  if (points <= 0) return Error::invalid_argument("points", "spend at least one point");
  std::vector<const OpenGrant*> usable;
  for (const auto& g : open)
    if (g.remaining > 0 && valid_on(g, on)) usable.push_back(&g);
  std::sort(usable.begin(), usable.end(), [](const OpenGrant* a, const OpenGrant* b) { return spends_before(*a, *b); });
  std::vector<Allocation> out;
  std::int64_t left = points;
  for (const auto* g : usable) {
    if (left == 0) break;
    const auto take = std::min(left, g->remaining);
    out.push_back({g->entry, take});
    left -= take;
  }
  if (left > 0)
    return Error::invalid_argument("points", fmt::format("only {} points are available on {}, {} asked",
                                                         points - left, to_string(on), points));
  return out;
}

std::vector<Allocation> expiring(std::span<const OpenGrant> open, Date as_of) {
  std::vector<Allocation> out;
  for (const auto& g : open)
    if (g.remaining > 0 && g.expires_on && *g.expires_on <= as_of) out.push_back({g.entry, g.remaining});
  return out;
}

std::int64_t balance(std::span<const PointsEntry> entries) noexcept {
  std::int64_t sum = 0;
  for (const auto& e : entries) sum += e.points;
  return sum;
}

std::int64_t available(std::span<const OpenGrant> open, Date on) noexcept {
  std::int64_t sum = 0;
  for (const auto& g : open)
    if (valid_on(g, on)) sum += g.remaining;
  return sum;
}

void consume(std::vector<OpenGrant>& open, std::span<const Allocation> allocations) {
  for (const auto& a : allocations)
    for (auto& g : open)
      if (g.entry == a.grant) g.remaining -= a.points;
  std::erase_if(open, [](const OpenGrant& g) { return g.remaining <= 0; });
}

Result<LedgerState> replay(std::span<const PointsEntry> entries) {
  LedgerState state;
  for (const auto& e : entries) {
    state.balance += e.points;
    if (e.is_grant()) {
      state.open.push_back({e.id, e.points, e.expires_on});
      continue;
    }
    std::vector<Allocation> taken;
    switch (e.kind) {
      case PointsKind::Redeem:
      case PointsKind::Adjust: {
        auto spend = allocate_spend(state.open, -e.points, e.on);
        if (!spend) return damaged(e, spend.error().message());
        taken = std::move(spend.value());
        break;
      }
      case PointsKind::Expire:
        taken = expiring(state.open, e.on);
        if (total(taken) != -e.points)
          return damaged(e, fmt::format("{} points had expired by {}", total(taken), to_string(e.on)));
        break;
      case PointsKind::Reverse: {
        auto it = std::find_if(state.open.begin(), state.open.end(),
                               [&](const OpenGrant& g) { return e.reverses && g.entry == *e.reverses; });
        const std::int64_t left = it == state.open.end() ? 0 : it->remaining;
        if (left != -e.points) return damaged(e, fmt::format("{} points of the grant were left", left));
        taken.push_back({*e.reverses, left});
        break;
      }
      case PointsKind::Earn:
        return damaged(e, "an earn entry with no points");
    }
    consume(state.open, taken);
    if (state.balance < 0) return damaged(e, "the balance went negative");
  }
  const auto open_sum = std::accumulate(state.open.begin(), state.open.end(), std::int64_t{0},
                                        [](std::int64_t s, const OpenGrant& g) { return s + g.remaining; });
  if (open_sum != state.balance && !entries.empty())
    return damaged(entries.back(), fmt::format("open grants hold {} points, the entries sum to {}", open_sum,
                                                state.balance));
  return state;
}

}  // namespace inscrm
