#pragma once
// domain.md C13: duplicate detection. Candidate pairs of customers that are probably one person:
// the same identity number, phone or e-mail, or a similar name with the same birth date — each
// pair with every reason it matched, so a clerk can judge it. Read-only: the pairs are candidates
// for a merge, not a merge.

#include <inscrm/core/enum_text.hpp>
#include <inscrm/core/id.hpp>
#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/security/actor.hpp>

#include <cstddef>
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

class DuplicateService : detail::ServiceBase {
 public:
  // Every candidate pair among the customers in the actor's scope, ordered by (first, second).
  // Needs the right to read customers; the pairs carry ids and reasons only, no personal data, so
  // a role without the right to personal data may run it too.
  Result<std::vector<DuplicateCandidate>> candidates(const Actor& actor, const DuplicateOptions& options = {}) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
