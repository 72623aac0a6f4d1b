#include "html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace inscrm::cli {

namespace {

constexpr double kWidth = 560;
constexpr double kHeight = 300;
// Plot area inside the chart: room on the left for labels, at the bottom for the axis.
constexpr double kLeft = 120;
constexpr double kRight = 20;
constexpr double kTop = 20;
constexpr double kBottom = 40;

std::string percent(double share) { return fmt::format("{:.1f} %", 100.0 * share); }

std::string svg_open(std::string_view label) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" "
      "aria-label=\"{}\">\n",
      kWidth, kHeight, kWidth, kHeight, html_escape(label));
}

std::string text(double x, double y, std::string_view content, std::string_view anchor = "start",
                 std::string_view extra = "") {
  return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" {}>{}</text>\n", x, y, anchor, extra,
                     html_escape(content));
}

std::string empty_chart(std::string_view label, std::string_view why) {
  return svg_open(label) + text(kWidth / 2, kHeight / 2, why, "middle", "class=\"note\"") + "</svg>\n";
}

// Horizontal bars, one per row, scaled to the largest count.
std::string horizontal_bars(std::string_view label, const std::vector<NamedCount>& rows, std::string_view colour) {
  if (rows.empty()) return empty_chart(label, "nothing to show yet");
  std::int64_t largest = 1;
  for (const auto& r : rows) largest = std::max(largest, r.count);
  const double plot_width = kWidth - kLeft - kRight - 50;  // room for the count after the bar
  const double slot = (kHeight - kTop - kBottom) / static_cast<double>(rows.size());
  const double bar = std::min(36.0, slot * 0.7);
  std::string svg = svg_open(label);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double y = kTop + slot * static_cast<double>(i) + (slot - bar) / 2;
    const double w = plot_width * static_cast<double>(rows[i].count) / static_cast<double>(largest);
    svg += text(kLeft - 8, y + bar / 2 + 5, rows[i].name, "end");
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>\n", kLeft, y,
                       w, bar, colour);
    svg += text(kLeft + w + 6, y + bar / 2 + 5, fmt::format("{}", rows[i].count));
  }
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" class=\"axis\"/>\n", kLeft, kTop,
                     kHeight - kBottom);
  return svg + "</svg>\n";
}

std::string pareto_chart(const ParetoCurve& curve) {
  constexpr std::string_view label = "Pareto curve of profit";
  if (curve.points.size() < 2) return empty_chart(label, "no positive total profit in the period");
  double top = 1.0;
  for (const auto& p : curve.points) top = std::max(top, p.profit_share);
  top = std::ceil(top * 4) / 4;  // the curve may rise above 100 % before loss-makers bring it back
  const double pw = kWidth - 60 - kRight;
  const double ph = kHeight - kTop - kBottom;
  auto x = [&](double share) { return 60 + pw * share; };
  auto y = [&](double share) { return kTop + ph * (1 - share / top); };
  std::string svg = svg_open(label);
  for (int tick = 0; tick <= static_cast<int>(top * 4); ++tick) {  // every 25 %
    const double s = tick / 4.0;
    svg += fmt::format("<line x1=\"60\" y1=\"{0:.1f}\" x2=\"{1:.1f}\" y2=\"{0:.1f}\" class=\"grid\"/>\n", y(s),
                       x(1));
    svg += text(54, y(s) + 4, fmt::format("{:.0f} %", 100 * s), "end");
  }
  for (int tick = 0; tick <= 4; ++tick)
    svg += text(x(tick / 4.0), kHeight - kBottom + 18, fmt::format("{:.0f} %", 25.0 * tick), "middle");
  svg += text(x(0.5), kHeight - 4, "share of customers, most profitable first", "middle", "class=\"note\"");
  // The line of equality: every customer contributing alike.
  svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" class=\"reference\"/>\n", x(0),
                     y(0), x(1), y(1));
  // At most about 400 vertices: a screen cannot show more, and the page stays small for big books.
  const std::size_t step = std::max<std::size_t>(1, curve.points.size() / 400);
  std::string path;
  for (std::size_t i = 0; i < curve.points.size(); i += step)
    path += fmt::format("{:.1f},{:.1f} ", x(curve.points[i].customer_share), y(curve.points[i].profit_share));
  path += fmt::format("{:.1f},{:.1f}", x(curve.points.back().customer_share), y(curve.points.back().profit_share));
  svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"4\"/>\n", path,
                     colours::pareto);
  if (const auto share = curve.share_of_top(0.2)) {
    svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"7\" fill=\"{}\"/>\n", x(0.2), y(*share),
                       colours::pareto);
    svg += text(x(0.2) + 12, y(*share) + 18, fmt::format("top 20 %: {} of profit", percent(*share)));
  }
  return svg + "</svg>\n";
}

// Compliance bars: the in-time part and the missed part of the decided deadlines, side by side.
std::string sla_chart(const ReportData& d) {
  constexpr std::string_view label = "Complaint SLA compliance";
  if (d.acknowledge_decided == 0 && d.resolve_decided == 0)
    return empty_chart(label, "no complaint deadline decided in the period");
  struct Row {
    const char* name;
    int decided;
    int in_time;
  };
  const Row rows[] = {{"acknowledge", d.acknowledge_decided, d.acknowledged_in_time},
                      {"resolve", d.resolve_decided, d.resolved_in_time}};
  const double pw = kWidth - kLeft - kRight - 60;
  std::string svg = svg_open(label);
  for (int i = 0; i < 2; ++i) {
    const auto& r = rows[i];
    const double y = kTop + 30 + 110.0 * i;
    svg += text(kLeft - 8, y + 25, r.name, "end");
    if (r.decided == 0) {
      svg += text(kLeft, y + 25, "none decided", "start", "class=\"note\"");
      continue;
    }
    const double met = pw * r.in_time / r.decided;
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"40\" fill=\"{}\"/>\n", kLeft, y, met,
                       colours::sla_met);
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"40\" fill=\"{}\"/>\n", kLeft + met,
                       y, pw - met, colours::sla_missed);
    svg += text(kLeft + pw + 6, y + 25, percent(static_cast<double>(r.in_time) / r.decided));
    svg += text(kLeft, y + 60, fmt::format("{} of {} in time", r.in_time, r.decided), "start", "class=\"note\"");
  }
  return svg + "</svg>\n";
}

std::string persistency_chart(const std::vector<PersistencyRow>& rows) {
  constexpr std::string_view label = "Persistency, 13th and 25th month";
  bool any = false;
  for (const auto& r : rows) any = any || r.month13.rate || r.month25.rate;
  if (!any) return empty_chart(label, "no instalment of the 13th or 25th month fell due in the period");
  const double pw = kWidth - 60 - kRight;
  const double ph = kHeight - kTop - kBottom;
  const double slot = pw / static_cast<double>(rows.size());
  const double bar = std::min(40.0, slot * 0.35);
  auto y = [&](double share) { return kTop + ph * (1 - share); };
  std::string svg = svg_open(label);
  for (int tick = 0; tick <= 4; ++tick) {
    svg += fmt::format("<line x1=\"60\" y1=\"{0:.1f}\" x2=\"{1:.1f}\" y2=\"{0:.1f}\" class=\"grid\"/>\n",
                       y(tick / 4.0), 60 + pw);
    svg += text(54, y(tick / 4.0) + 4, fmt::format("{} %", 25 * tick), "end");
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double x0 = 60 + slot * static_cast<double>(i) + slot / 2 - bar;
    const std::pair<const KpiRate*, std::string_view> bars[] = {{&rows[i].month13, colours::month13},
                                                                {&rows[i].month25, colours::month25}};
    for (int b = 0; b < 2; ++b) {
      const auto& rate = *bars[b].first;
      if (!rate.rate) continue;  // nothing fell due: no bar, rather than a misleading zero
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"><title>{} "
                         "of {}</title></rect>\n",
                         x0 + bar * b, y(*rate.rate), bar, ph * *rate.rate, bars[b].second, rate.achieved,
                         rate.eligible);
    }
    svg += text(60 + slot * static_cast<double>(i) + slot / 2, kHeight - kBottom + 18, rows[i].unit, "middle");
  }
  svg += fmt::format(
      "<rect x=\"70\" y=\"{0}\" width=\"12\" height=\"12\" fill=\"{1}\"/>\n"
      "<text x=\"86\" y=\"{2}\">13th month</text>\n"
      "<rect x=\"180\" y=\"{0}\" width=\"12\" height=\"12\" fill=\"{3}\"/>\n"
      "<text x=\"196\" y=\"{2}\">25th month</text>\n",
      kHeight - 16, colours::month13, kHeight - 6, colours::month25);
  return svg + "</svg>\n";
}

std::string figure(std::string_view title, std::string_view caption, const std::string& svg) {
  return fmt::format("<figure>\n<h2>{}</h2>\n{}<figcaption>{}</figcaption>\n</figure>\n", html_escape(title), svg,
                     html_escape(caption));
}

}  // namespace

std::string html_escape(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (char c : in) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string render_html_report(const ReportData& d) {
  const auto& p = d.pareto;
  const std::string pareto_caption =
      p.points.size() < 2
          ? std::string("Profit per customer = premium received − claims paid − servicing cost, over the period.")
          : fmt::format("{} customers, total profit {}.{:02} {}; {} lose money. Profit per customer = premium "
                        "received − claims paid − servicing cost.",
                        p.customers, p.total_profit.minor / 100, std::abs(p.total_profit.minor % 100),
                        p.total_profit.currency.view(), p.loss_makers);
  std::string html = fmt::format(R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>inscrm report as of {0}</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px; color: #222; background: #fff; }}
h1 {{ font-size: 22px; margin: 0 0 4px; }}
p.meta {{ color: #555; margin: 0 0 16px; }}
main {{ display: grid; grid-template-columns: repeat(2, 580px); gap: 16px; }}
figure {{ margin: 0; padding: 8px; border: 1px solid #ddd; border-radius: 4px; }}
h2 {{ font-size: 16px; margin: 0 0 6px; }}
figcaption {{ font-size: 12px; color: #555; }}
svg text {{ font-size: 12px; fill: #222; }}
svg text.note {{ fill: #777; }}
svg .axis {{ stroke: #999; }}
svg .grid {{ stroke: #e4e4e4; }}
svg .reference {{ stroke: #aaa; stroke-dasharray: 4 4; }}
</style>
</head>
<body>
<h1>inscrm report as of {0}</h1>
<p class="meta">Period {1} to {0} · {2} customers · {3} policies · storage {4}</p>
<main>
)",
                                 to_string(d.as_of), to_string(d.period_from), d.customers, d.policies,
                                 html_escape(d.storage));
  html += figure("Pareto curve of profit", pareto_caption, pareto_chart(p));
  html += figure("Segment sizes", "Members of each segment's latest snapshot.",
                 horizontal_bars("Segment sizes", d.segments, colours::segments));
  html += figure("Loyalty tier distribution", "Customers per loyalty tier, as last evaluated.",
                 horizontal_bars("Loyalty tier distribution", d.tiers, colours::tiers));
  html += figure("Complaint SLA compliance",
                 fmt::format("{} complaints received in the period; shares of the deadlines decided (met or missed).",
                             d.complaints_received),
                 sla_chart(d));
  html += figure("Persistency", "Share of regular-premium policies paying the instalment due 12 (24) months after "
                                "the effective date, among those due in the period.",
                 persistency_chart(d.persistency));
  html += "</main>\n</body>\n</html>\n";
  return html;
}

}  // namespace inscrm::cli
