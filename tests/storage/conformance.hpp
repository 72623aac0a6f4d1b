#pragma once
// What the conformance suite's source files share: how values print when a check fails, MUST and
// code_of for results, and the value helpers. Included after doctest.

#include <doctest/doctest.h>

#include <inscrm/storage/store.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// ---- how values print when a check fails ------------------------------------------------------

namespace doctest {

template <>
struct StringMaker<inscrm::Date> {
  static String convert(const inscrm::Date& d) { return inscrm::to_string(d).c_str(); }
};
template <>
struct StringMaker<inscrm::Instant> {
  static String convert(const inscrm::Instant& t) { return inscrm::to_string(t).c_str(); }
};
template <>
struct StringMaker<inscrm::Money> {
  static String convert(const inscrm::Money& m) {
    return fmt::format("{} {}", m.minor, m.currency.view()).c_str();
  }
};
template <class Tag>
struct StringMaker<inscrm::StrongId<Tag>> {
  static String convert(const inscrm::StrongId<Tag>& id) { return fmt::format("#{}", id.value).c_str(); }
};
template <class T>
struct StringMaker<std::optional<T>> {
  static String convert(const std::optional<T>& o) {
    return o ? toString(*o) : String("nullopt");
  }
};
template <class T>
struct StringMaker<std::vector<T>> {
  static String convert(const std::vector<T>& v) {
    String out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ", ";
      out += toString(v[i]);
    }
    out += "]";
    return out;
  }
};

}  // namespace doctest

// doctest prints an enum as its number unless overload resolution finds a better toString; these
// non-template overloads, found by argument-dependent lookup, print the stable text name instead.
namespace inscrm {
#define INSCRM_CONFORMANCE_PRINT_ENUM(E) \
  inline doctest::String toString(E e) { return std::string{to_string(e)}.c_str(); }
INSCRM_CONFORMANCE_PRINT_ENUM(Errc)
INSCRM_CONFORMANCE_PRINT_ENUM(OrgUnitKind)
INSCRM_CONFORMANCE_PRINT_ENUM(LineOfBusiness)
INSCRM_CONFORMANCE_PRINT_ENUM(ProductTerm)
INSCRM_CONFORMANCE_PRINT_ENUM(PartyKind)
INSCRM_CONFORMANCE_PRINT_ENUM(Gender)
INSCRM_CONFORMANCE_PRINT_ENUM(IdType)
INSCRM_CONFORMANCE_PRINT_ENUM(MaritalStatus)
INSCRM_CONFORMANCE_PRINT_ENUM(Source)
INSCRM_CONFORMANCE_PRINT_ENUM(RelationKind)
INSCRM_CONFORMANCE_PRINT_ENUM(CustomerStage)
INSCRM_CONFORMANCE_PRINT_ENUM(PolicyStatus)
INSCRM_CONFORMANCE_PRINT_ENUM(Frequency)
INSCRM_CONFORMANCE_PRINT_ENUM(PayChannel)
INSCRM_CONFORMANCE_PRINT_ENUM(PolicyEvent)
INSCRM_CONFORMANCE_PRINT_ENUM(Channel)
INSCRM_CONFORMANCE_PRINT_ENUM(Direction)
INSCRM_CONFORMANCE_PRINT_ENUM(InteractionPurpose)
INSCRM_CONFORMANCE_PRINT_ENUM(InteractionOutcome)
INSCRM_CONFORMANCE_PRINT_ENUM(VisitKind)
INSCRM_CONFORMANCE_PRINT_ENUM(ComplaintCategory)
INSCRM_CONFORMANCE_PRINT_ENUM(ComplaintSeverity)
INSCRM_CONFORMANCE_PRINT_ENUM(ComplaintStatus)
INSCRM_CONFORMANCE_PRINT_ENUM(ComplaintEvent)
INSCRM_CONFORMANCE_PRINT_ENUM(RootCause)
INSCRM_CONFORMANCE_PRINT_ENUM(ClaimType)
INSCRM_CONFORMANCE_PRINT_ENUM(ClaimStatus)
INSCRM_CONFORMANCE_PRINT_ENUM(ClaimEvent)
INSCRM_CONFORMANCE_PRINT_ENUM(ServiceKind)
INSCRM_CONFORMANCE_PRINT_ENUM(ServiceStatus)
INSCRM_CONFORMANCE_PRINT_ENUM(ServiceEvent)
INSCRM_CONFORMANCE_PRINT_ENUM(SurveyKind)
#undef INSCRM_CONFORMANCE_PRINT_ENUM
}  // namespace inscrm

namespace inscrm::conformance {

// ---- results ------------------------------------------------------------------------------------

// The value of a Result that must succeed; otherwise the test case stops with the error's text.
template <class T>
T must(Result<T>&& result, const char* expression) {
  if (!result) FAIL(expression << " failed: " << result.error().to_string());
  return std::move(result).value();
}
#define MUST(...) ::inscrm::conformance::must((__VA_ARGS__), #__VA_ARGS__)

template <class T>
Errc code_of(const Result<T>& result) {
  return result ? Errc::Ok : result.error().code();
}

// ---- values -------------------------------------------------------------------------------------

inline Date day(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}
inline Instant micros(std::int64_t us) { return from_epoch_micros(us); }
inline Currency currency(const char (&code)[4]) { return Currency{{code[0], code[1], code[2]}}; }

// Text a bulk path (COPY, multi-row VALUES, CSV) must escape: COPY's NULL marker \N and end-of-data
// marker \., tab and newline (its separators), backslash, quotes and commas, and a 4-byte emoji.
inline constexpr const char* kAwkwardText = "tab\there\nnew line \\N \\. back\\slash 'q' \"qq\" a,b;c 😀";

}  // namespace inscrm::conformance
