#pragma once
// Keeps the cached customer stage (domain.md C3) in step with the facts, inside the caller's
// transaction; a change is saved with the customer's version check and announced as an event.

#include <inscrm/domain/customer.hpp>
#include <inscrm/domain/customer_stage.hpp>
#include <inscrm/domain/policy.hpp>

#include "crm/engine.hpp"

#include <span>

namespace inscrm::detail {

// Adds one of the customer's (held) policies to the facts.
void add_policy_facts(CustomerFacts& facts, const Policy& p);

// Re-derives the stage from the facts; saves and emits customer.stage_changed when it moved.
// Returns whether it changed.
Result<bool> apply_stage(Engine& engine, storage::Transaction& tx, const Actor& actor, Customer& customer,
                         const CustomerFacts& facts, Date today);

// Loads the customer and the policies they hold, then apply_stage.
Result<bool> refresh_stage(Engine& engine, storage::Transaction& tx, const Actor& actor, CustomerId id, Date today);

}  // namespace inscrm::detail
