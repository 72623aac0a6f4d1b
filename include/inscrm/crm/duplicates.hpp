#pragma once
// domain.md C13: duplicate detection. Candidate pairs of customers that are probably one person:
// the same identity number, phone or e-mail, or a similar name with the same birth date — each
// pair with every reason it matched, so a clerk can judge it. The pairs are candidates; merge()
// joins two records that the clerk found to be one person, and undo() takes a merge back
// (domain/customer_merge.hpp).

#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/customer_merge.hpp>
#include <inscrm/security/actor.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inscrm {

enum class MatchReason { IdentityNumber, Phone, Email, NameAndBirthDate };
INSCRM_ENUM_TEXT(MatchReason, "identity_number", "phone", "email", "name_and_birth_date")

struct DuplicateCandidate {
  CustomerId first;   // the lower id
  CustomerId second;  // the higher id
  std::vector<MatchReason> reasons;  // in enum order, each once
};

struct DuplicateOptions {
  // A value shared by more customers than this (a company switchboard, a shared family e-mail)
  // says little about any two of them and would yield n² pairs: such groups are skipped.
  std::size_t max_group = 50;
};

// Names that are the same person's: equal after normalisation (half-width, ASCII lower case, no
// blanks or middle dots), or — for names of at least two characters — one character apart (a
// typo or a homophone character: 张伟 / 张玮). Compares Unicode code points, not bytes.
bool similar_names(std::string_view a, std::string_view b);

struct MergeOptions {
  // Which record's field wins when both are filled (domain/customer_merge.hpp). The default keeps
  // the survivor's: the clerk picked the survivor as the better record.
  Survivorship rule = Survivorship::SurvivorFirst;
};

class DuplicateService : detail::ServiceBase {
 public:
  // Every candidate pair among the customers in the actor's scope, ordered by (first, second).
  // Needs the right to read customers; the pairs carry ids and reasons only, no personal data, so
  // a role without the right to personal data may run it too.
  Result<std::vector<DuplicateCandidate>> candidates(const Actor& actor, const DuplicateOptions& options = {}) const;

  // Merges `merged_away` into `survivor`, in one transaction: the survivor's fields per the
  // survivorship rule; every policy (as holder), claim (as claimant), interaction, complaint,
  // service request, survey response, consent, care task, campaign membership and points entry
  // of the merged-away customer re-pointed to the survivor (a campaign both are in keeps both
  // memberships apart); both loyalty balances re-summed from their ledgers, so the survivor's is
  // the sum of both; the merged-away record kept with merged_into set, out of lists, lookups and
  // candidates; the survivor's stage re-derived; the history row, the audit record and the
  // "customer.merged" event. Needs the right to update customers and both in scope.
  // InvalidArgument "merged_away" for a customer merged into itself; IllegalTransition "survivor" /
  // "merged_away" for an erased customer or one merged already; NotFound for an unknown one.
  // Returns the merge record (without survivor_before).
  Result<CustomerMerge> merge(const Actor& actor, CustomerId survivor, CustomerId merged_away,
                              const MergeOptions& options = {}) const;

  // Takes a merge back, in one transaction: exactly the rows that moved return to the merged-away
  // customer (rows created for the survivor since stay), the merged-away record is restored as it
  // was (merged_into cleared; its version moves on), the survivor's fields the merge filled return
  // to their earlier values unless changed since, both balances are re-summed, and the
  // "customer.merge_undone" event and audit record are written. IllegalTransition "merge" when it
  // is undone already; Conflict "survivor" when the survivor was merged into another since;
  // IllegalTransition "survivor" / "merged_away" when either was erased since.
  Result<CustomerMerge> undo(const Actor& actor, MergeId merge) const;

  // The merges a customer took part in (survivor or merged away), or every merge of customers in
  // the actor's scope, in id order, without survivor_before. Needs the right to read customers.
  Result<std::vector<CustomerMerge>> history(const Actor& actor, std::optional<CustomerId> customer = std::nullopt) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
