// Normalisation of imported text (core/normalize.hpp): full-width forms, Chinese date forms and
// amounts as the spreadsheets of a Chinese insurer carry them.
#include <inscrm/core/normalize.hpp>

#include <doctest/doctest.h>

using namespace inscrm;
using namespace std::chrono_literals;

TEST_CASE("normalize: full-width digits, letters and blanks become half-width") {
  CHECK_EQ(to_half_width("１３８１２３４５６７８"), "13812345678");
  CHECK_EQ(to_half_width("ＡＢＣ＠ｅｘａｍｐｌｅ．ｃｏｍ"), "ABC@example.com");
  CHECK_EQ(to_half_width("张伟\xE3\x80\x80（先生）"), "张伟 (先生)");
  CHECK_EQ(normalize_text("\xE3\x80\x80 张伟 \xE3\x80\x80"), "张伟");
  // Bytes that are not a full-width form pass through, broken UTF-8 included.
  CHECK_EQ(to_half_width("\xEF\xBC"), "\xEF\xBC");
  CHECK_EQ(to_half_width("上海市"), "上海市");
}

TEST_CASE("normalize: dates in the usual Chinese forms") {
  const Date expected = 2024y / 3 / 14;
  for (const char* text : {"2024-03-14", "2024/3/14", "2024.3.14", "20240314", "2024年3月14日", "2024年03月14日",
                           "２０２４年３月１４日", " 2024-03-14 00:00:00", "2024-3-14T08:00"}) {
    CAPTURE(text);
    auto d = parse_date_cn(text);
    REQUIRE(d);
    CHECK(d.value() == expected);
  }
  for (const char* text : {"", "2024-02-30", "14/03/2024", "2024年3月", "2024-03-14x", "24-3-14", "202403141"}) {
    CAPTURE(text);
    auto d = parse_date_cn(text);
    REQUIRE_FALSE(d);
    CHECK_EQ(d.error().field(), "date");
  }
}

TEST_CASE("normalize: amounts in major units become minor units") {
  CHECK_EQ(parse_amount_minor("12000").value(), 1'200'000);
  CHECK_EQ(parse_amount_minor("12,000.5").value(), 1'200'050);
  CHECK_EQ(parse_amount_minor("￥12000.05").value(), 1'200'005);
  CHECK_EQ(parse_amount_minor("-3.10").value(), -310);
  CHECK_EQ(parse_amount_minor("１２０００").value(), 1'200'000);
  CHECK_EQ(parse_amount_minor("9223372036854775.99").value(), 922'337'203'685'477'599);
  CHECK_FALSE(parse_amount_minor("92233720368547759"));  // times 100 would overflow int64
  for (const char* text : {"", "12.345", "1e5", "abc", "12.", "99999999999999999999"}) {
    CAPTURE(text);
    auto a = parse_amount_minor(text);
    REQUIRE_FALSE(a);
    CHECK_EQ(a.error().field(), "amount");
  }
}
