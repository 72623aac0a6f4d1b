#pragma once
// Loyalty steps other services run inside their own transaction: a policy cancelled in its
// free-look window takes back the points earned on it (domain.md C7), in the cancellation's
// transaction, so that the cancellation and the reversal commit together.

#include <inscrm/core/date.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/storage/store.hpp>

#include <cstddef>
#include <string>

namespace inscrm::detail {

struct Engine;

// Reverses what is left of every grant earned on `policy`; the number of reversal entries written.
Result<std::size_t> reverse_policy_points(const Engine& engine, storage::Transaction& tx, const Actor& actor,
                                          PolicyId policy, Date on, const std::string& note);

}  // namespace inscrm::detail
