#pragma once
// A sample book with a month of history, for `inscrm init --sample` (and whoever needs a small
// database that every chart of the report has something to show for): the deterministic sample
// portfolio loaded as of options.as_of, then the calendar run day by day to options.horizon —
// payments arriving and earning loyalty points, the service desk working its cases, the daily run
// firing lapses and SLA breaches — and finally the standard segments run and loyalty tiers evaluated.

#include "sample_portfolio.hpp"
#include "sample_service.hpp"

#include <inscrm/crm.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <span>

namespace inscrm::sample {

struct BookRun {
  std::size_t customers = 0;
  std::size_t policies = 0;
  std::size_t payments = 0;   // recorded, at load and day by day
  ServiceTally service;
  DailyRunReport daily;       // summed over the days run
};

// The segments every sample book carries (name, kind, rule), one of each kind but value.
struct SampleSegment {
  const char* name;
  SegmentKind kind;
  const char* rule;
};
std::span<const SampleSegment> sample_segments();

// `clock` must be the one `crm` was opened with; it is left at the horizon. `progress` (may be
// empty) is told each day done, for a progress line.
Result<BookRun> load_sample_book(const Crm& crm, const Actor& admin, const std::shared_ptr<ManualClock>& clock,
                                 const Options& options, const std::function<void(Date)>& progress = {});

}  // namespace inscrm::sample
