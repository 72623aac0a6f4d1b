#pragma once
// Normalisation of the text a host's files carry (domain.md C13): what a clerk typed in a
// spreadsheet on a Chinese input method — full-width digits and letters, ideographic blanks,
// dates written 2024年3月14日 or 2024/3/14 — brought to the one form the validators check.

#include <inscrm/core/date.hpp>
#include <inscrm/core/money.hpp>
#include <inscrm/core/result.hpp>

#include <string>
#include <string_view>

namespace inscrm {

// Full-width ASCII forms (U+FF01–U+FF5E) become their ASCII letters, digits and signs, and the
// ideographic space U+3000 a plain space; everything else (Chinese text) passes unchanged.
// Invalid UTF-8 passes through byte for byte.
std::string to_half_width(std::string_view text);

// to_half_width, then trim.
std::string normalize_text(std::string_view text);

// A civil date in the forms Chinese records use: 2024-03-14, 2024/3/14, 2024.3.14, 20240314 and
// 2024年3月14日 (full-width digits too; a time after the date, "2024-03-14 00:00:00", is ignored).
// Errors name field "date".
Result<Date> parse_date_cn(std::string_view text);

// An amount in major units ("12000", "12,000.50", "￥12000.5") as minor units (fen). At most two
// decimals; negative amounts keep their sign. Errors name field "amount".
Result<std::int64_t> parse_amount_minor(std::string_view text);

}  // namespace inscrm
