#pragma once
// domain.md C13: the merge of two customer records found to be one person. The survivor keeps its
// id; every record that hangs off the merged-away customer is re-pointed to the survivor, and the
// merged-away record is kept, marked `merged_into` the survivor, so that the merge can be undone.
// A merge record keeps who merged, when, the survivorship result and the exact ids of every
// record that moved, per table: an undo re-points exactly those back, never a record created for
// the survivor since.

#include <inscrm/core/date.hpp>
#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/domain/customer.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace inscrm {

using MergeId = StrongId<struct MergeTag>;

// Which record's field wins when both are filled (a field one record leaves empty always takes
// the other's value):
// - SurvivorFirst: the survivor's — the clerk chose the survivor as the better record.
// - MostRecent: the record updated last (updated_at; the survivor on a tie) — the fresher facts.
enum class Survivorship { SurvivorFirst, MostRecent };
INSCRM_ENUM_TEXT(Survivorship, "survivor_first", "most_recent")

// The tables whose rows name a customer and move with a merge (policies: as holder; policy_insured
// and policy_beneficiaries: the policy's insured and beneficiaries).
enum class MergedTable { Policies, Claims, Interactions, Complaints, ServiceRequests, SurveyResponses, Consents,
                         CareTasks, CampaignMembers, PointsEntries, PolicyInsured, PolicyBeneficiaries };
INSCRM_ENUM_TEXT(MergedTable, "policies", "claims", "interactions", "complaints", "service_requests",
                 "survey_responses", "consents", "care_tasks", "campaign_members", "points_entries", "policy_insured",
                 "policy_beneficiaries")

// The rows of one table that moved, ascending: record ids — for campaign members the campaign ids,
// for a policy's insured and beneficiaries the policy ids. Where the survivor already holds such a
// row (a campaign both are members of, a policy naming both), the merged-away customer's row stays
// where it is, so that the undo can tell the two apart.
struct MovedRecords {
  MergedTable table = MergedTable::Policies;
  std::vector<std::int64_t> ids;
};

struct CustomerMerge {
  MergeId id;
  CustomerId survivor;
  CustomerId merged_away;
  Survivorship rule = Survivorship::SurvivorFirst;
  // The survivorship result: the fields (names as in survivor_fields()) whose value the survivor
  // took from the merged-away record. Every other field kept the survivor's value.
  std::vector<std::string> taken_fields;
  std::vector<MovedRecords> moved;  // only tables with at least one moved row, in enum order
  std::string actor;                // who merged
  Instant merged_at{};
  std::optional<Instant> undone_at;
  std::string undone_by;
  // The survivor as it was before the merge, for the undo. Personal data: the SQL adapters seal it
  // under a data key of its own, erasure of either customer destroys it, and the services hand
  // merge records out without it.
  std::optional<Customer> survivor_before;
};

// The customer fields survivorship decides, in a fixed order (their names are what taken_fields
// holds): every fact about the person; never the id, the version, external_ref (the host's key
// stays with its record), the org unit, agent, stage or timestamps.
const std::vector<std::string>& survivor_fields();

// The survivor after the merge under `rule`: starts from `survivor` and takes each field of
// survivor_fields() from `merged_away` where the rule says so; `taken` receives those fields'
// names. Pure: the caller validates and saves the result.
Customer apply_survivorship(const Customer& survivor, const Customer& merged_away, Survivorship rule,
                            std::vector<std::string>& taken);

// Undoes the survivorship of a merge on the survivor as it is now: each field in `taken` that
// still holds the value the merge gave it (the merged-away record's) returns to its value in
// `before`; a field changed since the merge keeps the later change.
Customer revert_survivorship(const Customer& current, const Customer& before, const Customer& merged_away,
                             const std::vector<std::string>& taken);

}  // namespace inscrm
