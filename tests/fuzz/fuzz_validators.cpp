// Fuzz harness: the validators of personal data (identity numbers, mobiles, e-mails). The input
// is one candidate text. Each validator either fails with InvalidArgument naming its field, or
// returns a normalised value that (a) passes the same validator again unchanged — normalising is
// idempotent — and (b) has the documented shape (18 characters with the check digit recomputed,
// 11 digits starting 1[3-9], one '@' with a lower-case domain).

#include <inscrm/core/validation.hpp>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace inscrm;
using namespace std::chrono_literals;

namespace {

[[noreturn]] void fail(std::string_view input, const char* what) {
  std::fprintf(stderr, "fuzz_validators: %s\ninput: %.*s\n", what, static_cast<int>(input.size()), input.data());
  std::abort();
}

template <class T>
void expect_field(std::string_view input, const Result<T>& r, const char* field) {
  if (r.error().code() != Errc::InvalidArgument || r.error().field() != field) fail(input, "unexpected error kind");
}

char check_character(std::string_view first17) {
  static constexpr int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[static_cast<std::size_t>(i)] - '0') * weights[i];
  return "10X98765432"[sum % 11];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  constexpr Date today = 2026y / 11 / 23;

  if (const auto id = parse_resident_id(text, today); !id) {
    expect_field(text, id, "number");
  } else {
    const auto& n = id.value().number;
    if (n.size() != 18 || n[17] != check_character(n)) fail(text, "accepted an identity number with a wrong check character");
    if (id.value().region_code != n.substr(0, 6)) fail(text, "region code is not the first six digits");
    if (id.value().birth_date > today) fail(text, "accepted a birth date after today");
    const auto again = parse_resident_id(n, today);
    if (!again || again.value().number != n || again.value().birth_date != id.value().birth_date ||
        again.value().gender != id.value().gender)
      fail(text, "the normalised identity number does not parse to the same facts");
  }

  if (const auto m = normalize_mobile(text); !m) {
    expect_field(text, m, "number");
  } else {
    const auto& d = m.value();
    if (d.size() != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9') fail(text, "accepted a malformed mobile");
    for (char c : d)
      if (c < '0' || c > '9') fail(text, "a normalised mobile holds a non-digit");
    if (const auto again = normalize_mobile(d); !again || again.value() != d) fail(text, "mobile normalising is not idempotent");
  }

  if (const auto e = normalize_email(text); !e) {
    expect_field(text, e, "email");
  } else {
    const auto& s = e.value();
    const auto at = s.find('@');
    if (at == std::string::npos || s.find('@', at + 1) != std::string::npos || at == 0) fail(text, "accepted a malformed e-mail");
    for (std::size_t i = at + 1; i < s.size(); ++i)
      if (std::isupper(static_cast<unsigned char>(s[i]))) fail(text, "the domain is not lower-cased");
    if (const auto again = normalize_email(s); !again || again.value() != s) fail(text, "e-mail normalising is not idempotent");
  }
  return 0;
}
