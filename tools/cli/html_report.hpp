#pragma once
// `inscrm report --html`: one self-contained HTML page (no script, no external file, no font to
// fetch) with the report's charts drawn as inline SVG, so that it opens anywhere, prints, and can
// be mailed as one file.

#include "report_data.hpp"

#include <string>
#include <string_view>

namespace inscrm::cli {

// The colour of each chart's data marks. Fixed, so that a reader learns them and the screenshot
// test can find each chart on the rendered page by its colour.
namespace colours {
inline constexpr std::string_view pareto = "#1f6fb4";      // blue
inline constexpr std::string_view segments = "#2e9e4f";    // green
inline constexpr std::string_view tiers = "#f28e1c";       // orange
inline constexpr std::string_view sla_met = "#2a8f8f";     // teal
inline constexpr std::string_view sla_missed = "#d1495b";  // red
inline constexpr std::string_view month13 = "#7b52ab";     // purple
inline constexpr std::string_view month25 = "#c9b3e6";     // light purple
}  // namespace colours

std::string render_html_report(const ReportData& data);

// Text made safe for HTML element content and attribute values.
std::string html_escape(std::string_view text);

}  // namespace inscrm::cli
