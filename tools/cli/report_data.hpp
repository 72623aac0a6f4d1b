#pragma once
// What `inscrm report` shows, gathered from a Crm in plain numbers, so that rendering
// (html_report.hpp) is a pure function that tests can feed by hand.

#include <inscrm/analytics/kpis.hpp>
#include <inscrm/analytics/pareto.hpp>
#include <inscrm/core/date.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/crm.hpp>
#include <inscrm/security/actor.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace inscrm::cli {

struct NamedCount {
  std::string name;
  std::int64_t count = 0;
};

struct PersistencyRow {
  std::string unit;  // "company" or a branch code
  KpiRate month13;
  KpiRate month25;
};

struct ReportData {
  Date as_of{};
  Date period_from{};  // the KPI and complaint period [from, as_of]
  std::string storage;
  std::int64_t customers = 0;
  std::int64_t policies = 0;

  // domain.md C8: profit of the period per customer, ranked.
  ParetoCurve pareto;
  // domain.md C8: each segment's latest snapshot size (segments never run are left out).
  std::vector<NamedCount> segments;
  // domain.md C7: customers per loyalty tier, in programme order.
  std::vector<NamedCount> tiers;
  // domain.md C5: complaint SLA compliance over the complaints received in the period.
  int complaints_received = 0;
  int acknowledge_decided = 0;
  int acknowledged_in_time = 0;
  int resolve_decided = 0;
  int resolved_in_time = 0;
  // domain.md C11: 13th / 25th-month persistency for the company and each branch.
  std::vector<PersistencyRow> persistency;
};

// The servicing cost model the report's profit uses (the same a mid-sized insurer might book).
ServicingCostModel report_cost_model();

// Reads everything the report shows as of `as_of`, over the twelve months to it. Needs read rights
// on customers, policies, service records, segments, loyalty and analytics (analyst or administrator).
Result<ReportData> gather_report(const Crm& crm, const Actor& actor, Date as_of);

}  // namespace inscrm::cli
