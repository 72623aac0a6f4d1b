#include <inscrm/crm/duplicates.hpp>

#include <inscrm/core/normalize.hpp>
#include <inscrm/domain/customer.hpp>
#include <inscrm/security/permissions.hpp>

#include "crm/engine.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace inscrm {
namespace {

// UTF-8 → code points; a broken sequence yields its bytes one by one (names are compared, not
// validated, here).
std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; ok && k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      ok = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (!ok) {
      out.push_back(b);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::u32string name_key(std::string_view name) {
  std::u32string out;
  for (char32_t c : code_points(to_half_width(name))) {
    if (c == U' ' || c == U'\t' || c == U'\u00B7' || c == U'\u30FB' || c == U'.' || c == U'-') continue;
    if (c >= U'A' && c <= U'Z') c = c - U'A' + U'a';
    out.push_back(c);
  }
  return out;
}

// Whether two strings are at most one edit (insert, delete, substitute) apart.
bool within_one_edit(const std::u32string& a, const std::u32string& b) {
  if (a.size() > b.size()) return within_one_edit(b, a);
  if (b.size() - a.size() > 1) return false;
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.size() == b.size()) return std::equal(a.begin() + static_cast<std::ptrdiff_t>(std::min(i + 1, a.size())), a.end(),
                                              b.begin() + static_cast<std::ptrdiff_t>(std::min(i + 1, b.size())));
  return std::equal(a.begin() + static_cast<std::ptrdiff_t>(i), a.end(), b.begin() + static_cast<std::ptrdiff_t>(i + 1));
}

bool similar_keys(const std::u32string& a, const std::u32string& b) {
  if (a.empty() || b.empty()) return false;
  if (a == b) return true;
  return a.size() >= 2 && b.size() >= 2 && within_one_edit(a, b);
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

bool similar_names(std::string_view a, std::string_view b) { return similar_keys(name_key(a), name_key(b)); }

Result<std::vector<DuplicateCandidate>> DuplicateService::candidates(const Actor& actor,
                                                                     const DuplicateOptions& options) const {
  INSCRM_TRYV(engine_->allow(actor, Entity::Customer, Action::Read));
  auto& engine = *engine_;
  return engine.recorded(actor, engine.read([&](storage::Transaction& tx) -> Result<std::vector<DuplicateCandidate>> {
    // Group the in-scope customers by each matching key.
    std::unordered_map<std::string, std::vector<std::int64_t>> by_identity, by_phone, by_email;
    std::map<int, std::vector<std::pair<std::int64_t, std::u32string>>> by_birth;  // epoch day → (id, name key)
    storage::CustomerQuery query;
    query.limit = 2000;
    for (;;) {
      INSCRM_TRY(auto page, tx.customers(query));
      for (const Customer& c : page) {
        if (auto scoped = engine.in_scope(tx, actor, c); !scoped) {
          if (scoped.error().code() != Errc::PermissionDenied) return scoped.error();
          continue;
        }
        const auto id = c.id.value;
        if (c.identity && !c.identity->number.empty())
          by_identity[std::string{to_string(c.identity->type)} + ":" + c.identity->number].push_back(id);
        std::set<std::string> phones, emails;  // a customer listing one number twice is not its own duplicate
        for (const Phone& p : c.phones)
          if (!p.number.empty()) phones.insert(p.number);
        // Local parts are case-insensitive at every mail provider a customer is likely to use.
        for (const Email& e : c.emails)
          if (!e.address.empty()) emails.insert(lower_ascii(e.address));
        for (const auto& p : phones) by_phone[p].push_back(id);
        for (const auto& e : emails) by_email[e].push_back(id);
        if (c.birth_date) by_birth[to_epoch_days(*c.birth_date)].emplace_back(id, name_key(c.name));
      }
      if (page.size() < query.limit) break;
      query.after = page.back().id;
    }

    std::map<std::pair<std::int64_t, std::int64_t>, std::set<MatchReason>> pairs;
    auto add = [&](std::int64_t a, std::int64_t b, MatchReason why) {
      if (a == b) return;
      pairs[{std::min(a, b), std::max(a, b)}].insert(why);
    };
    auto pair_up = [&](const auto& groups, MatchReason why) {
      for (const auto& [key, ids] : groups) {
        if (ids.size() < 2 || ids.size() > options.max_group) continue;
        for (std::size_t i = 0; i < ids.size(); ++i)
          for (std::size_t k = i + 1; k < ids.size(); ++k) add(ids[i], ids[k], why);
      }
    };
    pair_up(by_identity, MatchReason::IdentityNumber);
    pair_up(by_phone, MatchReason::Phone);
    pair_up(by_email, MatchReason::Email);
    for (const auto& [day, people] : by_birth) {
      if (people.size() < 2 || people.size() > options.max_group) continue;
      for (std::size_t i = 0; i < people.size(); ++i)
        for (std::size_t k = i + 1; k < people.size(); ++k)
          if (similar_keys(people[i].second, people[k].second))
            add(people[i].first, people[k].first, MatchReason::NameAndBirthDate);
    }

    std::vector<DuplicateCandidate> out;
    out.reserve(pairs.size());
    for (const auto& [ids, reasons] : pairs)
      out.push_back({CustomerId{ids.first}, CustomerId{ids.second}, {reasons.begin(), reasons.end()}});
    return out;
  }));
}

}  // namespace inscrm
