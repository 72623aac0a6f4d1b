// `inscrm`: the command-line tool over the C++ facade, for operators and scripts — create and
// migrate a database, export, run segments, read KPIs, verify the audit chain, and write the HTML
// report. Every command is one or more facade calls as the actor the options name; errors print as
// "inscrm: <code>: <message> (field …)" and exit 1; usage errors exit 2.

#include "arguments.hpp"
#include "export.hpp"
#include "html_report.hpp"
#include "report_data.hpp"
#include "sample_book.hpp"

#include <inscrm/crm.hpp>
#include <inscrm/security/permissions.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>

namespace cli = inscrm::cli;
using inscrm::Result;
using inscrm::to_string;

namespace {

constexpr const char* kUsage = R"(usage: inscrm [--uri URI] [--key-file FILE] [--user NAME] [--role ROLE[,ROLE…]] [--today YYYY-MM-DD] COMMAND …

Commands:
  init [--sample N] [--seed S]     create a new database at the current schema; --sample loads a
                                   deterministic book of N customers with a month of history
  migrate                          bring an existing database to the current schema version
  import customers|policies|payments FILE [--format csv|json] [--mode skip-bad-rows|all-or-nothing]
         [--batch N] [--errors FILE] [--quiet]
                                   load a CSV or JSON file with a progress bar and a per-row error
                                   report (exit 1 when any row was rejected)
  export customers|policies [--format csv|json] [--output FILE]
  segment list
  segment define NAME RULE [--kind demographic|geographic|needs|behavioural|value] [--description TEXT]
  segment run NAME [--as-of YYYY-MM-DD]
  kpi [--period 2026|2026Q3|2026-09 | --from YYYY-MM-DD --to YYYY-MM-DD]
      [--org-unit CODE] [--agent CODE] [--segment NAME] [--json]
  care run [--day YYYY-MM-DD]      produce the care calendar's tasks due that day (idempotent)
  audit verify                     walk the audit hash chain; exit 1 when a link is broken
  report --html FILE [--as-of YYYY-MM-DD]
                                   one self-contained HTML page with the report's charts
  permissions                      the role table (who may read / create / update what), as Markdown
  version

URI: memory:, sqlite:path/file.db (default sqlite:crm.db, or $INSCRM_URI), postgresql://user@host/db
The actor defaults to $USER as administrator; --today pins the clock (UTC midnight of that day).
--key-file names the master key of personal data (default for SQLite: the file's ".key" beside it).
)";

int fail(const inscrm::Error& e) {
  std::fprintf(stderr, "inscrm: %s\n", e.to_string().c_str());
  return e.code() == inscrm::Errc::InvalidArgument ? 2 : 1;
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "inscrm: %s\n%s", message.c_str(), kUsage);
  return 2;
}

Result<inscrm::Date> date_option(const cli::Arguments& args, std::string_view name, inscrm::Date fallback) {
  const auto text = args.option(name);
  if (!text) return fallback;
  const auto d = inscrm::parse_date(*text);
  if (!d) return inscrm::Error::invalid_argument(std::string(name), fmt::format("'{}' is not a YYYY-MM-DD date", *text));
  return *d;
}

// What every command runs with: the database, who is asking, and today.
struct Session {
  std::string uri;
  inscrm::Actor actor;
  std::shared_ptr<inscrm::Clock> clock;
  std::optional<inscrm::Date> pinned_today;

  inscrm::Date today() const { return clock->today(); }
  std::string key_file;
  Result<inscrm::Crm> open() const { return inscrm::Crm::open(uri, {.clock = clock, .keys = {.key_file = key_file}}); }
};

Result<Session> make_session(const cli::Arguments& args) {
  Session s;
  if (auto uri = args.option("uri")) s.uri = *uri;
  else if (const char* env = std::getenv("INSCRM_URI"); env && *env) s.uri = env;
  else s.uri = "sqlite:crm.db";
  s.key_file = args.option("key-file").value_or("");
  const char* user = std::getenv("USER");
  s.actor.user = args.option("user").value_or(user && *user ? user : "cli");
  const auto roles = args.option("role").value_or("administrator");
  for (std::size_t start = 0; start <= roles.size();) {
    const auto end = std::min(roles.find(',', start), roles.size());
    const auto name = std::string_view(roles).substr(start, end - start);
    const auto role = inscrm::enum_from_string<inscrm::Role>(name);
    if (!role) return inscrm::Error::invalid_argument("role", fmt::format("unknown role '{}'", name));
    s.actor.roles.push_back(*role);
    start = end + 1;
  }
  if (args.option("today")) {
    INSCRM_TRY(const auto day, date_option(args, "today", {}));
    s.pinned_today = day;
    s.clock = std::make_shared<inscrm::ManualClock>(inscrm::start_of(day));
  } else {
    s.clock = std::make_shared<inscrm::SystemClock>();
  }
  return s;
}

std::optional<std::filesystem::path> sqlite_path(std::string_view uri) {
  if (!uri.starts_with("sqlite:")) return std::nullopt;
  uri.remove_prefix(7);
  if (uri.starts_with("//")) uri.remove_prefix(2);
  return std::filesystem::path(uri);
}

// A progress bar that redraws itself on a terminal. Elsewhere (a pipe, a log, a test) it stays
// quiet, unless `lines` asks for one plain line per step, so that a log shows how far an import got.
void progress(std::string_view what, std::size_t done, std::size_t total, bool lines = false) {
  if (!isatty(STDERR_FILENO)) {
    if (lines) fmt::print(stderr, "{}: {}/{} rows\n", what, done, total);
    return;
  }
  const int width = 30;
  const auto filled = total ? static_cast<int>(width * done / total) : width;
  fmt::print(stderr, "\r{} [{}{}] {}/{}", what, std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(width - filled), ' '), done, total);
  if (done == total) fmt::print(stderr, "\n");
}

int cmd_init(const cli::Arguments& args, const Session& s) {
  if (auto r = args.expect_only({"uri", "key-file", "user", "role", "today", "sample", "seed"}); !r) return fail(r.error());
  if (const auto path = sqlite_path(s.uri); path && std::filesystem::exists(*path))
    return fail(inscrm::Error::already_exists("uri", fmt::format("{} exists already: use `inscrm migrate` to upgrade it",
                                                                 path->string())));
  std::size_t sample = 0;
  if (const auto n = args.option("sample")) {
    const auto [end, ec] = std::from_chars(n->data(), n->data() + n->size(), sample);
    if (ec != std::errc{} || end != n->data() + n->size() || sample == 0)
      return fail(inscrm::Error::invalid_argument("sample", "--sample needs a positive number of customers"));
  }
  if (sample == 0) {
    auto crm = s.open();
    if (!crm) return fail(crm.error());
    fmt::print("created {} ({}, schema version {})\n", s.uri, crm.value().storage_kind(), crm.value().schema_version());
    return 0;
  }
  // The sample book runs its own calendar month on a manual clock, with the demo's service settings.
  inscrm::sample::Options options;
  options.customers = sample;
  options.policies = 2 * sample;
  if (const auto seed = args.option("seed")) options.seed = std::strtoull(seed->c_str(), nullptr, 10);
  auto clock = std::make_shared<inscrm::ManualClock>(inscrm::start_of(options.as_of));
  auto crm = inscrm::Crm::open(s.uri, {.clock = clock, .service = inscrm::sample::service_settings(),
                                       .keys = {.key_file = s.key_file}});
  if (!crm) return fail(crm.error());
  const auto days = static_cast<std::size_t>(
      (std::chrono::sys_days{options.horizon} - std::chrono::sys_days{options.as_of}).count() + 1);
  std::size_t done = 0;
  auto run = inscrm::sample::load_sample_book(crm.value(), s.actor, clock, options,
                                               [&](inscrm::Date) { progress("calendar", ++done, days); });
  if (!run) return fail(run.error());
  const auto& r = run.value();
  fmt::print("created {} ({}, schema version {}) with a sample book: {} customers, {} policies, {} payments, "
             "{} complaints, {} claims; {} lapsed; {} to {}\n",
             s.uri, crm.value().storage_kind(), crm.value().schema_version(), r.customers, r.policies, r.payments,
             r.service.complaints, r.service.claims_reported, r.daily.lapsed, to_string(options.as_of),
             to_string(options.horizon));
  return 0;
}

int cmd_migrate(const cli::Arguments& args, const Session& s) {
  if (auto r = args.expect_only({"uri", "key-file", "user", "role", "today"}); !r) return fail(r.error());
  // Opening migrates; a missing SQLite file would be created, which is `init`'s job, not this one's.
  if (const auto path = sqlite_path(s.uri); path && !std::filesystem::exists(*path))
    return fail(inscrm::Error::not_found("uri", fmt::format("{} does not exist: use `inscrm init` to create it",
                                                            path->string())));
  auto crm = s.open();
  if (!crm) return fail(crm.error());
  fmt::print("{} is at schema version {}, the current one\n", s.uri, crm.value().schema_version());
  return 0;
}

int cmd_export(const cli::Arguments& args, const Session& s) {
  if (auto r = args.expect_only({"uri", "key-file", "user", "role", "today", "format", "output"}); !r) return fail(r.error());
  if (args.words().size() != 2) return usage_error("export needs what to export: customers or policies");
  const auto& what = args.words()[1];
  if (what != "customers" && what != "policies") return usage_error(fmt::format("cannot export '{}'", what));
  const auto format_text = args.option("format").value_or("csv");
  if (format_text != "csv" && format_text != "json")
    return fail(inscrm::Error::invalid_argument("format", "--format is csv or json"));
  const auto format = format_text == "csv" ? cli::ExportFormat::Csv : cli::ExportFormat::Json;
  auto crm = s.open();
  if (!crm) return fail(crm.error());
  std::ofstream file;
  const auto output = args.option("output");
  if (output) {
    file.open(*output, std::ios::binary | std::ios::trunc);
    if (!file) return fail(inscrm::Error::invalid_argument("output", fmt::format("cannot write {}", *output)));
  }
  std::ostream& out = output ? file : std::cout;
  auto n = what == "customers" ? cli::export_customers(crm.value(), s.actor, format, out)
                               : cli::export_policies(crm.value(), s.actor, format, out);
  if (!n) return fail(n.error());
  if (output) fmt::print(stderr, "exported {} {} to {}\n", n.value(), what, *output);
  return 0;
}

int cmd_segment(const cli::Arguments& args, const Session& s) {
  const auto& w = args.words();
  if (w.size() < 2) return usage_error("segment needs a subcommand: list, define or run");
  auto crm = s.open();
  if (!crm) return fail(crm.error());
  const auto segments = crm.value().segments();
  if (w[1] == "list") {
    if (auto r = args.expect_only({"uri", "key-file", "user", "role", "today"}); !r) return fail(r.error());
    auto list = segments.list(s.actor);
    if (!list) return fail(list.error());
    for (const auto& seg : list.value())
      fmt::print("{:<20} {:<12} v{}  {}\n", seg.name, to_string(seg.kind), seg.rule_version, seg.rule);
    return 0;
  }
  if (w[1] == "define") {
    if (auto r = args.expect_only({"uri", "key-file", "user", "role", "today", "kind", "description"}); !r) return fail(r.error());
    if (w.size() != 4) return usage_error("segment define needs a NAME and a RULE");
    const auto kind = inscrm::enum_from_string<inscrm::SegmentKind>(args.option("kind").value_or("demographic"));
    if (!kind) return fail(inscrm::Error::invalid_argument("kind", "unknown segment kind"));
    auto defined = segments.define(s.actor, {w[2], *kind, args.option("description").value_or(""), w[3]});
    if (!defined) return fail(defined.error());
    fmt::print("defined {} (rule version {})\n", defined.value().name, defined.value().rule_version);
    return 0;
  }
  if (w[1] == "run") {
    if (auto r = args.expect_only({"uri", "key-file", "user", "role", "today", "as-of"}); !r) return fail(r.error());
    if (w.size() != 3) return usage_error("segment run needs the segment's NAME");
    auto as_of = date_option(args, "as-of", s.today());
    if (!as_of) return fail(as_of.error());
    auto run = segments.run(s.actor, w[2], as_of.value());
    if (!run) return fail(run.error());
    fmt::print("{}: {} members as of {} (rule version {}, snapshot {})\n", w[2], run.value().member_count,
               to_string(run.value().as_of), run.value().rule_version, run.value().id.value);
    return 0;
  }
  return usage_error(fmt::format("unknown segment subcommand '{}'", w[1]));
}

int cmd_care(const cli::Arguments& args, const Session& s) {
  if (auto r = args.expect_only({"uri", "key-file", "user", "role", "today", "day"}); !r) return fail(r.error());
  if (args.words().size() != 2 || args.words()[1] != "run") return usage_error("care has one subcommand: run");
  auto day = date_option(args, "day", s.today());
  if (!day) return fail(day.error());
  auto crm = s.open();
  if (!crm) return fail(crm.error());
  // Idempotent for a day (domain.md C7): a second run finds each occasion's task already produced.
  auto run = crm.value().care().run(s.actor, day.value());
  if (!run) return fail(run.error());
  const auto& r = run.value();
  fmt::print("care calendar {}: {} tasks produced, {} already produced, {} skipped without consent\n",
             to_string(r.day), r.produced, r.already_produced, r.without_consent);
  for (auto kind : inscrm::enum_values<inscrm::CareKind>())
    if (const auto n = r.by_kind[static_cast<std::size_t>(kind)]; n > 0) fmt::print("  {:<20} {:>6}\n", to_string(kind), n);
  return 0;
}

// Per-row errors go to stderr (the first few) and, with --errors FILE, all of them to a CSV file a
// clerk can fix the source from. CSV rows are also given as file lines (header = line 1).
int cmd_import(const cli::Arguments& args, const Session& s) {
  if (auto r = args.expect_only({"uri", "key-file", "user", "role", "today", "format", "mode", "batch", "errors",
                                 "quiet"});
      !r)
    return fail(r.error());
  const auto& w = args.words();
  if (w.size() != 3) return usage_error("import needs what and a FILE: import customers|policies|payments FILE");
  const auto& what = w[1];
  const auto& path = w[2];
  if (what != "customers" && what != "policies" && what != "payments")
    return usage_error(fmt::format("cannot import '{}'", what));
  auto format_text = args.option("format");
  if (!format_text) format_text = std::filesystem::path(path).extension() == ".json" ? "json" : "csv";
  const auto format = inscrm::enum_from_string<inscrm::ImportFormat>(*format_text);
  if (!format) return fail(inscrm::Error::invalid_argument("format", "--format is csv or json"));
  inscrm::ImportOptions options;
  const auto mode = args.option("mode").value_or("skip-bad-rows");
  if (mode == "all-or-nothing") options.mode = inscrm::ImportMode::AllOrNothing;
  else if (mode == "skip-bad-rows") options.mode = inscrm::ImportMode::SkipBadRows;
  else return fail(inscrm::Error::invalid_argument("mode", "--mode is skip-bad-rows or all-or-nothing"));
  // Batches keep a large file from holding one transaction open, and give the progress bar steps.
  options.batch = std::strtoull(args.option("batch").value_or("1000").c_str(), nullptr, 10);
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(inscrm::Error::not_found("file", fmt::format("cannot read {}", path)));
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!args.flag("quiet"))
    options.progress = [&](std::size_t done, std::size_t total) { progress("import " + what, done, total, true); };
  auto crm = s.open();
  if (!crm) return fail(crm.error());
  const auto imports = crm.value().imports();
  auto report = what == "customers" ? imports.customers(s.actor, *format, text, options)
                : what == "policies" ? imports.policies(s.actor, *format, text, options)
                                     : imports.payments(s.actor, *format, text, options);
  if (!report) return fail(report.error());
  const auto& r = report.value();
  const bool csv = *format == inscrm::ImportFormat::Csv;
  auto where = [&](std::size_t row) {
    return csv ? fmt::format("row {} (line {})", row + 1, row + 2) : fmt::format("row {}", row + 1);
  };
  constexpr std::size_t kShown = 10;
  for (std::size_t i = 0; i < r.errors.size() && i < kShown; ++i)
    fmt::print(stderr, "  {}: {}\n", where(r.errors[i].row), r.errors[i].error.to_string());
  if (r.errors.size() > kShown) fmt::print(stderr, "  … and {} more rows rejected\n", r.errors.size() - kShown);
  if (const auto file = args.option("errors")) {
    std::ofstream out(*file, std::ios::binary | std::ios::trunc);
    out << "row,line,field,code,message\r\n";
    for (const auto& e : r.errors)
      out << e.row + 1 << ',' << (csv ? std::to_string(e.row + 2) : std::string()) << ',' << cli::csv_field(e.error.field())
          << ',' << to_string(e.error.code()) << ',' << cli::csv_field(e.error.message()) << "\r\n";
    if (!out) return fail(inscrm::Error::invalid_argument("errors", fmt::format("cannot write {}", *file)));
  }
  fmt::print("imported {} of {} {} from {} ({} rejected{})\n", r.imported, r.rows, what, path, r.errors.size(),
             r.errors.empty() || r.imported > 0 ? "" : "; nothing written");
  // A script must notice rejected rows even when the good ones went in.
  return r.errors.empty() ? 0 : 1;
}

// --period: a year (2026), a quarter (2026Q3) or a month (2026-09); [from, to) in days.
Result<std::pair<inscrm::Date, inscrm::Date>> parse_period(std::string_view text) {
  using namespace std::chrono;
  const auto bad = inscrm::Error::invalid_argument("period", fmt::format("'{}' is not 2026, 2026Q3 or 2026-09", text));
  int y = 0;
  if (text.size() < 4 || std::from_chars(text.data(), text.data() + 4, y).ptr != text.data() + 4) return bad;
  const auto rest = text.substr(4);
  if (rest.empty()) return std::pair{inscrm::Date{year{y}, January, day{1}}, inscrm::Date{year{y + 1}, January, day{1}}};
  unsigned first = 0, months = 0;
  if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4') {
    first = 3 * static_cast<unsigned>(rest[1] - '1') + 1;
    months = 3;
  } else if (rest.size() == 3 && rest[0] == '-') {
    if (std::from_chars(rest.data() + 1, rest.data() + 3, first).ptr != rest.data() + 3 || first < 1 || first > 12)
      return bad;
    months = 1;
  } else {
    return bad;
  }
  const inscrm::Date from{year{y}, month{first}, day{1}};
  return std::pair{from, inscrm::add_months(from, static_cast<int>(months))};
}

std::string rate_text(const inscrm::KpiRate& r) {
  return r.rate ? fmt::format("{:6.1f} %  ({} of {})", 100.0 * *r.rate, r.achieved, r.eligible)
                : fmt::format("{:>8}  (none eligible)", "n/a");
}

std::string json_rate(const inscrm::KpiRate& r) {
  return fmt::format(R"({{"rate": {}, "achieved": {}, "eligible": {}}})", r.rate ? fmt::format("{:.6f}", *r.rate) : "null",
                     r.achieved, r.eligible);
}

template <class T>
std::string json_number(const std::optional<T>& v) {
  return v ? fmt::format("{}", *v) : "null";
}

int cmd_kpi(const cli::Arguments& args, const Session& s) {
  if (auto r = args.expect_only({"uri", "key-file", "user", "role", "today", "period", "from", "to", "org-unit", "agent",
                                 "segment", "json"});
      !r)
    return fail(r.error());
  auto crm = s.open();
  if (!crm) return fail(crm.error());
  inscrm::KpiQuery query;
  if (const auto period = args.option("period")) {
    auto p = parse_period(*period);
    if (!p) return fail(p.error());
    std::tie(query.from, query.to) = p.value();
  } else {
    // Default: the twelve months to today.
    const auto after = inscrm::add_days(s.today(), 1);
    auto from = date_option(args, "from", inscrm::add_years(after, -1));
    auto to = date_option(args, "to", after);
    if (!from) return fail(from.error());
    if (!to) return fail(to.error());
    query.from = from.value();
    query.to = to.value();
  }
  std::string scope = "company";
  if (const auto code = args.option("org-unit")) {
    auto units = crm.value().organisation().units(s.actor);
    if (!units) return fail(units.error());
    for (const auto& u : units.value())
      if (u.code == *code) query.org_unit = u.id;
    if (!query.org_unit) return fail(inscrm::Error::not_found("org_unit", fmt::format("no org unit '{}'", *code)));
    scope = "org unit " + *code;
  }
  if (const auto code = args.option("agent")) {
    auto agents = crm.value().organisation().agents(s.actor);
    if (!agents) return fail(agents.error());
    for (const auto& a : agents.value())
      if (a.code == *code) query.agent = a.id;
    if (!query.agent) return fail(inscrm::Error::not_found("agent", fmt::format("no agent '{}'", *code)));
    scope += ", agent " + *code;
  }
  if (const auto name = args.option("segment")) {
    // The segment's latest snapshot: the members as they were last run, not re-evaluated here.
    auto snapshots = crm.value().segments().snapshots(s.actor, *name);
    if (!snapshots) return fail(snapshots.error());
    if (snapshots.value().empty())
      return fail(inscrm::Error::not_found("segment", fmt::format("segment '{}' has not been run yet", *name)));
    auto latest = crm.value().segments().snapshot(s.actor, snapshots.value().back().id);
    if (!latest) return fail(latest.error());
    query.customers = latest.value().members;
    scope += fmt::format(", segment {} ({} members as of {})", *name, latest.value().member_count,
                         to_string(latest.value().as_of));
  }
  auto k = crm.value().kpis(s.actor, query);
  if (!k) return fail(k.error());
  const auto& v = k.value();
  if (args.flag("json")) {
    fmt::print(
        R"({{"from": "{}", "to": "{}", "renewal": {}, "persistency_13th_month": {}, "persistency_25th_month": {}, )"
        R"("referral": {}, "churn": {}, "nps": {}, "nps_responses": {}, "satisfaction": {}, "complaints": {}, )"
        R"("complaints_per_10000_policies": {}, "sla_acknowledge_compliance": {}, "sla_resolve_compliance": {}, )"
        R"("policies_in_force": {}, "campaigns": {}, "campaign_cost": {}, "campaign_premium": {}, "campaign_roi": {}}})"
        "\n",
        to_string(v.from), to_string(v.to), json_rate(v.renewal), json_rate(v.persistency_13th_month),
        json_rate(v.persistency_25th_month), json_rate(v.referral), json_rate(v.churn),
        v.nps.responses ? fmt::format("{:.2f}", v.nps.score) : "null", v.nps.responses, json_number(v.satisfaction),
        v.complaints, json_number(v.complaints_per_10000_policies), json_number(v.sla_acknowledge_compliance),
        json_number(v.sla_resolve_compliance), v.policies_in_force, v.campaign_roi.campaigns,
        v.campaign_roi.cost.minor, v.campaign_roi.premium.minor, json_number(v.campaign_roi.roi));
    return 0;
  }
  auto share = [](const std::optional<double>& x) { return x ? fmt::format("{:6.1f} %", 100 * *x) : std::string("n/a"); };
  fmt::print("KPIs {} to {} (exclusive), {}\n", to_string(v.from), to_string(v.to), scope);
  fmt::print("  renewal rate            {}\n", rate_text(v.renewal));
  fmt::print("  13th-month persistency  {}\n", rate_text(v.persistency_13th_month));
  fmt::print("  25th-month persistency  {}\n", rate_text(v.persistency_25th_month));
  fmt::print("  referral rate           {}\n", rate_text(v.referral));
  fmt::print("  churn rate              {}\n", rate_text(v.churn));
  fmt::print("  NPS                     {}  ({} answers)\n",
             v.nps.responses ? fmt::format("{:+.1f}", v.nps.score) : "n/a", v.nps.responses);
  fmt::print("  satisfaction            {}  ({} answers)\n",
             v.satisfaction ? fmt::format("{:.2f} / 5", *v.satisfaction) : "n/a", v.satisfaction_responses);
  fmt::print("  complaints              {}  ({} per 10,000 policies in force of {})\n", v.complaints,
             v.complaints_per_10000_policies ? fmt::format("{:.1f}", *v.complaints_per_10000_policies) : "n/a",
             v.policies_in_force);
  fmt::print("  SLA acknowledge / resolve  {} / {}\n", share(v.sla_acknowledge_compliance),
             share(v.sla_resolve_compliance));
  fmt::print("  campaign ROI            {}  ({} campaigns ended; cost {}, first-year premium {} of {} policies, fen)\n",
             share(v.campaign_roi.roi), v.campaign_roi.campaigns, v.campaign_roi.cost.minor,
             v.campaign_roi.premium.minor, v.campaign_roi.policies);
  return 0;
}

int cmd_audit(const cli::Arguments& args, const Session& s) {
  if (auto r = args.expect_only({"uri", "key-file", "user", "role", "today"}); !r) return fail(r.error());
  if (args.words().size() != 2 || args.words()[1] != "verify") return usage_error("audit has one subcommand: verify");
  auto crm = s.open();
  if (!crm) return fail(crm.error());
  auto v = crm.value().verify_audit(s.actor);
  if (!v) return fail(v.error());
  if (v.value().ok()) {
    fmt::print("audit chain intact: {} records verified\n", v.value().checked);
    return 0;
  }
  fmt::print("audit chain BROKEN at record {}: {} ({} records read)\n", v.value().broken->seq,
             v.value().broken->reason, v.value().checked);
  return 1;
}

int cmd_report(const cli::Arguments& args, const Session& s) {
  if (auto r = args.expect_only({"uri", "key-file", "user", "role", "today", "html", "as-of"}); !r) return fail(r.error());
  const auto file = args.option("html");
  if (!file) return usage_error("report needs --html FILE");
  auto as_of = date_option(args, "as-of", s.today());
  if (!as_of) return fail(as_of.error());
  auto crm = s.open();
  if (!crm) return fail(crm.error());
  auto data = cli::gather_report(crm.value(), s.actor, as_of.value());
  if (!data) return fail(data.error());
  std::ofstream out(*file, std::ios::binary | std::ios::trunc);
  out << cli::render_html_report(data.value());
  out.close();
  if (!out) return fail(inscrm::Error::invalid_argument("html", fmt::format("cannot write {}", *file)));
  fmt::print("wrote {} (report as of {}: {} customers, {} segments, {} complaints)\n", *file,
             to_string(as_of.value()), data.value().customers, data.value().segments.size(),
             data.value().complaints_received);
  return 0;
}

// The role table as Markdown: docs/security.md carries this output verbatim (a test compares them).
int cmd_permissions() {
  const auto roles = inscrm::enum_values<inscrm::Role>();
  fmt::print("| entity |");
  for (auto r : roles) fmt::print(" {} |", to_string(r));
  fmt::print("\n|---|");
  for (std::size_t i = 0; i < roles.size(); ++i) fmt::print("---|");
  fmt::print("\n");
  for (auto e : inscrm::enum_values<inscrm::Entity>()) {
    fmt::print("| {} |", to_string(e));
    for (auto r : roles) {
      std::string cell;
      for (auto a : inscrm::enum_values<inscrm::Action>())
        if (inscrm::role_allows(r, e, a)) cell += to_string(a).substr(0, 1);  // r, c, u
      fmt::print(" {} |", cell.empty() ? "–" : cell);
    }
    fmt::print("\n");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = cli::Arguments::parse(argc, argv);
  if (!parsed) return usage_error(parsed.error().message());
  const auto& args = parsed.value();
  if (args.words().empty() || args.flag("help") || args.words()[0] == "help") {
    std::fputs(kUsage, stdout);
    return args.words().empty() && !args.flag("help") ? 2 : 0;
  }
  const auto& command = args.words()[0];
  if (command == "permissions") return cmd_permissions();
  if (command == "version") {
    fmt::print("inscrm {}\n", inscrm::Crm::library_version());
    return 0;
  }
  auto session = make_session(args);
  if (!session) return fail(session.error());
  const auto& s = session.value();
  if (command == "init") return cmd_init(args, s);
  if (command == "migrate") return cmd_migrate(args, s);
  if (command == "export") return cmd_export(args, s);
  if (command == "segment") return cmd_segment(args, s);
  if (command == "kpi") return cmd_kpi(args, s);
  if (command == "audit") return cmd_audit(args, s);
  if (command == "report") return cmd_report(args, s);
  if (command == "import") return cmd_import(args, s);
  if (command == "care") return cmd_care(args, s);
  return usage_error(fmt::format("unknown command '{}'", command));
}
