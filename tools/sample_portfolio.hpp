#pragma once
// A deterministic sample portfolio for the demo and the benchmarks: the same seed gives the same
// customers, policies and payment histories on every machine (std::mt19937_64 with explicit
// arithmetic instead of <random> distributions, whose output differs between standard libraries).

#include <inscrm/crm.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace inscrm::sample {

struct Options {
  std::uint64_t seed = 20261123;
  std::size_t customers = 10'000;
  std::size_t policies = 20'000;
  Date first_issue{std::chrono::year{2018}, std::chrono::month{1}, std::chrono::day{1}};
  Date as_of{std::chrono::year{2026}, std::chrono::month{8}, std::chrono::day{31}};  // the book is loaded as of here
  Date horizon{std::chrono::year{2026}, std::chrono::month{9}, std::chrono::day{30}};  // payments generated up to here
};

// Reference data: head office, branches, teams, agents, and the product catalogue.
struct Organisation {
  std::vector<OrgUnit> units;
  std::vector<Agent> agents;
  std::vector<Product> products;
};
Result<Organisation> create_organisation(const Crm& crm, const Actor& actor);

// Customers with valid resident identity numbers, mobiles and regions, spread over units and agents.
std::vector<Customer> generate_customers(const Options& options, const Organisation& org);

// Policies over the given customers with payment histories up to options.horizon (a payment's
// `paid` date says when it arrives: the demo loads those paid by as_of and records the rest day by
// day). Some holders stop paying at some point, so that the calendar has grace periods and lapses
// to find. Short-term policies are in their current one-year term.
std::vector<PolicyImportRow> generate_policies(const Options& options,
                                               const std::vector<CustomerId>& customers);

// A valid 18-character resident identity number for a region code, birth date and sequence.
std::string resident_id(std::string_view region6, Date birth, int sequence, bool male);

}  // namespace inscrm::sample
