#pragma once
// domain.md C13/C12: export of customers as CSV or JSON, in the columns ImportService reads (so an
// export imports again). What the actor sees is what it gets: records outside its scope are left
// out, and a role without the right to read personal data gets the masked values
// (security/masking.hpp) — the export goes through the same read path as CustomerService::list,
// so it records the read of personal data in the audit chain the same way.

#include <inscrm/core/result.hpp>
#include <inscrm/crm/imports.hpp>
#include <inscrm/crm/service_base.hpp>
#include <inscrm/security/actor.hpp>
#include <inscrm/storage/store.hpp>

#include <string>

namespace inscrm {

class ExportService : detail::ServiceBase {
 public:
  // Every customer the query selects (all pages from query.after on; query.limit is the page size),
  // in id order. Read page by page: a book being changed meanwhile may show a later state of
  // later pages. JSON: an array of objects with string values.
  Result<std::string> customers(const Actor& actor, ImportFormat format, storage::CustomerQuery query = {}) const;

 private:
  friend class Crm;
  using ServiceBase::ServiceBase;
};

}  // namespace inscrm
