#pragma once

#include <inscrm/core/result.hpp>
#include <inscrm/crm/customers.hpp>  // RowError, ImportMode
#include <inscrm/crm/service_base.hpp>
#include <inscrm/domain/interaction.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/storage/service_records.hpp>

#include <cstddef>
#include <vector>

namespace inscrm {

struct InteractionImportReport {
  std::size_t imported = 0;
  std::vector<RowError> errors;
  std::vector<InteractionId> ids;  // in input order, for the imported rows
};

// domain.md C4: the interaction log — every contact with a customer. Append-only.
class InteractionService : detail::ServiceBase {
 public:
  // Validates the entry (validate_interaction) and that the customer, agent and org unit it names
  // exist (NotFound naming the field), stores it and emits interaction.logged. Defaults: started_at
  // = now when left at the epoch; org_unit = the customer's. id, version and created_at are ignored.
  Result<Interaction> log(const Actor& actor, Interaction draft) const;
  // Bulk path (a call-centre day, a CRM migration): every row checked first; AllOrNothing writes
  // nothing if any row is bad, SkipBadRows writes the good ones; one interaction.imported event.
  // An external_ref twice in the batch is a row error (AlreadyExists); one already stored fails the
  // whole call with the store's AlreadyExists (the port has no lookup by external_ref to pre-check).
  Result<InteractionImportReport> import(const Actor& actor, std::vector<Interaction> drafts,
                                         ImportMode mode = ImportMode::AllOrNothing) const;
  Result<std::vector<Interaction>> list(const Actor& actor, const storage::InteractionQuery& query = {}) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
