#pragma once
// SLA values across the boundary, shared by the complaint and service-request modules and the
// service settings: policies in, rows, clocks and deadlines out.

#include <inscrm.h>

#include "output.hpp"

#include <inscrm/core/result.hpp>
#include <inscrm/crm/deadlines.hpp>
#include <inscrm/domain/sla.hpp>

namespace inscrm::capi {

// Field paths are the policy's own ("rows[1].calendar", "fallback.calendar"); callers that hold
// the policy under a name prefix them (Error::within).
Result<SlaPolicy> sla_policy_in(const inscrm_sla_policy& policy);

void fill_sla_row(inscrm_sla_row& o, Arena& a, const SlaRow& row);
void fill_sla_policy(inscrm_sla_policy& o, Arena& a, const SlaPolicy& policy);
const inscrm_sla_clock* sla_clock_out(Arena& a, const SlaClock& clock);
inscrm_deadlines* deadlines_output(const Deadlines& d);

}  // namespace inscrm::capi
