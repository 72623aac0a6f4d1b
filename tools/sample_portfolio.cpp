#include "sample_portfolio.hpp"

#include "sample_rng.hpp"

#include <fmt/format.h>

#include <array>

namespace inscrm::sample {
namespace {

using namespace std::chrono_literals;

constexpr std::array kSurnames{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
constexpr std::array kGivenNames{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
                                 "超", "秀英", "霞", "平", "刚", "桂英", "志强", "建华"};
// Division codes of the branches' cities: Shanghai, Beijing, Guangzhou, Shenzhen.
constexpr std::array kRegions{"310000", "110000", "440100", "440300"};
constexpr std::array kMobilePrefixes{"138", "139", "136", "137", "150", "151", "158", "186", "188", "135"};
constexpr std::array kOccupations{"teacher", "engineer", "nurse", "accountant", "sales", "civil servant", "driver",
                                  "doctor", "self-employed", "retired"};

struct ProductSpec {
  const char* code;
  const char* name;
  LineOfBusiness line;
  ProductTerm term;
  bool renewable;
  int free_look_days;
  int term_years;
  Frequency frequency;
  std::int64_t premium_yuan;  // typical annual premium
};
constexpr std::array kProducts{
    ProductSpec{"WL-2024", "Whole Life 2024", LineOfBusiness::Life, ProductTerm::LongTerm, false, 15, 30, Frequency::Annual, 12'000},
    ProductSpec{"CI-20", "Critical Illness 20", LineOfBusiness::CriticalIllness, ProductTerm::LongTerm, false, 15, 20, Frequency::Annual, 6'000},
    ProductSpec{"TL-20", "Term Life 20", LineOfBusiness::Life, ProductTerm::LongTerm, false, 15, 20, Frequency::Monthly, 250},
    ProductSpec{"AN-SP", "Annuity Single Premium", LineOfBusiness::Annuity, ProductTerm::LongTerm, false, 15, 10, Frequency::Single, 100'000},
    ProductSpec{"ACC-1", "Personal Accident 1y", LineOfBusiness::Accident, ProductTerm::ShortTerm, true, 0, 1, Frequency::Annual, 300},
    ProductSpec{"MED-1", "Medical 1y", LineOfBusiness::Health, ProductTerm::ShortTerm, true, 0, 1, Frequency::Quarterly, 400},
};

}  // namespace

std::string resident_id(std::string_view region6, Date birth, int sequence, bool male) {
  // Sequence digits: the last of the three is odd for men, even for women (GB 11643).
  int seq = (sequence % 500) * 2 + (male ? 1 : 0);
  auto body = fmt::format("{}{:04}{:02}{:02}{:03}", region6, static_cast<int>(birth.year()),
                          static_cast<unsigned>(birth.month()), static_cast<unsigned>(birth.day()), seq);
  static constexpr std::array<int, 17> kWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
  body.push_back("10X98765432"[sum % 11]);
  return body;
}

Result<Organisation> create_organisation(const Crm& crm, const Actor& actor) {
  Organisation org;
  INSCRM_TRY(auto head, crm.organisation().create_unit(actor, {.code = "HO", .name = "总公司 Head Office",
                                                               .kind = OrgUnitKind::HeadOffice}));
  org.units.push_back(head);
  constexpr std::array branches{std::pair{"SH", "上海分公司"}, std::pair{"BJ", "北京分公司"},
                                std::pair{"GZ", "广州分公司"}, std::pair{"SZ", "深圳分公司"}};
  for (const auto& [code, name] : branches) {
    INSCRM_TRY(auto branch, crm.organisation().create_unit(
                                actor, {.code = code, .name = name, .kind = OrgUnitKind::Branch, .parent = head.id}));
    org.units.push_back(branch);
    for (int a = 1; a <= 10; ++a) {
      INSCRM_TRY(auto agent, crm.organisation().create_agent(
                                 actor, {.code = fmt::format("{}-A{:02}", code, a), .name = fmt::format("{} agent {}", code, a),
                                         .org_unit = branch.id, .hired_on = Date{2015y / 1 / 1}}));
      org.agents.push_back(agent);
    }
  }
  for (const auto& spec : kProducts) {
    INSCRM_TRY(auto product, crm.products().create(actor, {.code = spec.code, .name = spec.name, .line = spec.line,
                                                           .term = spec.term, .renewable = spec.renewable,
                                                           .free_look_days = spec.free_look_days,
                                                           .term_years = spec.term_years}));
    org.products.push_back(product);
  }
  return org;
}

std::vector<Customer> generate_customers(const Options& options, const Organisation& org) {
  Rng rng(options.seed);
  std::vector<Customer> out;
  out.reserve(options.customers);
  for (std::size_t i = 0; i < options.customers; ++i) {
    const std::size_t branch = 1 + rng.below(org.units.size() - 1);
    const auto region = kRegions[(branch - 1) % kRegions.size()];
    const bool male = rng.chance(0.5);
    const Date birth = add_days(Date{1950y / 1 / 1}, static_cast<int>(rng.below(365 * 50)));
    Customer c;
    c.external_ref = fmt::format("CORE-C{:07}", i + 1);
    c.name = std::string{rng.pick(kSurnames)} + rng.pick(kGivenNames);
    c.identity = IdentityDocument{IdType::ResidentId, resident_id(region, birth, static_cast<int>(i), male)};
    // What the identity number says, set here too: a loader that writes through the storage port
    // (the benchmarks) does not derive them as the customer service does.
    c.birth_date = birth;
    c.gender = male ? Gender::Male : Gender::Female;
    c.occupation = rng.pick(kOccupations);
    c.annual_income = Money::cny(static_cast<std::int64_t>(50'000 + rng.below(450'000)) * 100);
    c.region = region;
    c.phones = {{.number = fmt::format("{}{:08}", rng.pick(kMobilePrefixes), rng.below(100'000'000)), .primary = true}};
    c.source = static_cast<Source>(1 + rng.below(enum_count<Source>() - 1));
    c.org_unit = org.units[branch].id;
    c.agent = org.agents[(branch - 1) * 10 + rng.below(10)].id;
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<PolicyImportRow> generate_policies(const Options& options,
                                               const std::vector<CustomerId>& customers) {
  Rng rng(options.seed ^ 0x9e3779b97f4a7c15ULL);
  std::vector<PolicyImportRow> out;
  out.reserve(options.policies);
  const int span_days = days_between(options.first_issue, options.as_of);
  for (std::size_t i = 0; i < options.policies; ++i) {
    // Every customer gets a policy before anyone gets a second, except a share left as prospects.
    const std::size_t holder_index =
        i < customers.size() * 9 / 10 ? i : rng.below(customers.size() * 9 / 10);
    const std::size_t p = rng.below(kProducts.size());
    const auto& spec = kProducts[p];
    // Short-term cover renews every year, so only its current term is in the book.
    const Date effective =
        spec.term == ProductTerm::ShortTerm
            ? add_days(options.as_of, -static_cast<int>(rng.below(365)))
            : add_days(options.first_issue, static_cast<int>(rng.below(static_cast<std::uint64_t>(span_days))));
    const int months = months_between_instalments(spec.frequency);
    const std::int64_t per_instalment = months == 0 ? spec.premium_yuan : spec.premium_yuan * months / 12;
    const std::int64_t scale = 1 + static_cast<std::int64_t>(rng.below(4));

    PolicyImportRow row;
    auto& app = row.application;
    app.product = spec.code;
    app.holder = customers[holder_index];
    app.sum_insured = Money::cny(per_instalment * scale * 100 * (months == 0 ? 2 : 20 * 12 / std::max(months, 1)));
    app.premium = Money::cny(per_instalment * scale * 100);
    app.frequency = spec.frequency;
    app.effective_date = effective;
    app.application_date = add_days(effective, -static_cast<int>(rng.below(20)));
    app.number = fmt::format("{}-{:08}", spec.code, i + 1);
    app.external_ref = fmt::format("CORE-P{:08}", i + 1);
    row.status = PolicyStatus::InForce;

    // Payment behaviour: most pay every instalment; some stop after a while (future lapses);
    // a few pay late within the grace period.
    const bool stops = rng.chance(0.12);
    const Date stop_after = add_days(effective, static_cast<int>(rng.below(static_cast<std::uint64_t>(
                                                    std::max(1, days_between(effective, options.horizon)) + 1))));
    Policy probe;
    probe.effective_date = effective;
    probe.frequency = spec.frequency;
    probe.premium_years = spec.frequency == Frequency::Single ? 0 : spec.term_years;
    probe.premium = app.premium;
    probe.expiry_date = add_years(effective, spec.term_years);
    for (const auto& inst : instalments_through(probe, options.horizon)) {
      if (stops && inst.due_date > stop_after) break;
      const int late = rng.chance(0.1) ? static_cast<int>(rng.below(30)) : 0;
      const Date paid = add_days(inst.due_date, late);
      if (paid > options.horizon) break;
      row.payments.push_back({.due = inst.due_date, .paid = paid,
                              .channel = static_cast<PayChannel>(rng.below(enum_count<PayChannel>()))});
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace inscrm::sample
