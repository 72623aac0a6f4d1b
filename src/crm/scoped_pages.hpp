#pragma once
// Lists under row-level scope (Engine::in_scope) keep the paging contract of the store's queries:
// a page holds `limit` records unless the list is exhausted, so a host that stops at a short page
// does not stop early because some records on the way were outside the actor's scope.

#include <inscrm/core/result.hpp>

#include "crm/engine.hpp"

#include <utility>
#include <vector>

namespace inscrm::detail {

// Reads the store's pages from `query` on (fetch(query) → Result<vector<Rec>>, in id order) and
// keeps the records `in_scope(rec)` (→ Result<void>; PermissionDenied drops the record, any other
// error ends the call) until `query.limit` are kept or the store has no more.
template <class Query, class Fetch, class InScope>
auto scoped_page(Query query, Fetch&& fetch, InScope&& in_scope) -> decltype(fetch(query)) {
  using Page = typename decltype(fetch(query))::value_type;
  Page out;
  const auto limit = query.limit;
  if (limit == 0) return out;
  for (;;) {
    INSCRM_TRY(auto page, fetch(query));
    const bool last = page.size() < query.limit;
    if (!page.empty()) query.after = page.back().id;
    for (auto& rec : page) {
      if (auto scoped = in_scope(rec); !scoped) {
        if (scoped.error().code() != Errc::PermissionDenied) return scoped.error();
        continue;
      }
      out.push_back(std::move(rec));
      if (out.size() == limit) return out;
    }
    if (last) return out;
  }
}

}  // namespace inscrm::detail
