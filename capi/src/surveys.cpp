// Surveys module (domain.md C6): record a response, list them, NPS and mean satisfaction.

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>

using namespace inscrm;

namespace {

Result<SurveyResponse> to_response(const inscrm_survey_input& in) {
  SurveyResponse r;
  r.customer = CustomerId{in.customer};
  INSCRM_TRY(r.kind, capi::enum_named(in.kind, SurveyKind::Service, "kind"));
  r.dimension = capi::text_or_empty(in.dimension);
  r.score = in.score;
  INSCRM_TRY(r.channel, capi::enum_named(in.channel, Channel::Sms, "channel"));
  INSCRM_TRY(auto answered, capi::opt_date(in.answered_on, "answered_on"));
  if (answered) r.answered_on = *answered;  // else left unset: the facade's "today"
  r.comment = capi::text_or_empty(in.comment);
  r.complaint = capi::opt_id<ComplaintId>(in.complaint);
  return r;
}

void fill_response(inscrm_survey_response& o, capi::Arena& a, const SurveyResponse& r) {
  o.id = r.id.value;
  o.customer = r.customer.value;
  o.kind = capi::name_of(r.kind);
  o.dimension = a.str(r.dimension);
  o.score = r.score;
  o.channel = capi::name_of(r.channel);
  o.answered_on = a.date(r.answered_on);
  o.comment = a.str(r.comment);
  o.complaint = r.complaint ? r.complaint->value : 0;
  o.created_at_unix_micros = capi::to_c(r.created_at);
}

void fill_report(inscrm_satisfaction_report& o, capi::Arena& a, const SatisfactionReport& r) {
  auto* kinds = a.array<inscrm_satisfaction_mean>(r.by_kind.size());
  for (std::size_t i = 0; i < r.by_kind.size(); ++i)
    kinds[i] = {capi::name_of(r.by_kind[i].kind), "", r.by_kind[i].responses, r.by_kind[i].mean};
  o.kind_means = kinds;
  o.kind_mean_count = r.by_kind.size();
  auto* dimensions = a.array<inscrm_satisfaction_mean>(r.by_dimension.size());
  for (std::size_t i = 0; i < r.by_dimension.size(); ++i) {
    const auto& d = r.by_dimension[i];
    dimensions[i] = {capi::name_of(d.kind), a.str(d.dimension), d.responses, d.mean};
  }
  o.dimension_means = dimensions;
  o.dimension_mean_count = r.by_dimension.size();
  o.complaint_handling_responses = r.complaint_handling_responses;
  o.complaint_handling_mean = capi::double_out(a, r.complaint_handling_mean);
  o.complaint_close_scores = r.complaint_close_scores;
  o.complaint_close_mean = capi::double_out(a, r.complaint_close_mean);
}

}  // namespace

inscrm_status inscrm_survey_input_init(inscrm_survey_input* input, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(input, version, "input"); });
}

inscrm_status inscrm_survey_query_init(inscrm_survey_query* query, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(query, version, "query"); });
}

inscrm_status inscrm_survey_record(inscrm_db* db, const inscrm_actor* actor, const inscrm_survey_input* input,
                                   inscrm_survey_response** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto in, capi::read_struct(input, "input"));
    INSCRM_TRY(auto draft, to_response(in));
    INSCRM_TRY(auto response, capi::from_handle(db).crm.surveys().record(who, std::move(draft)));
    if (out)
      *out = capi::make_output<inscrm_survey_response>(
          [&](inscrm_survey_response& o, capi::Arena& a) { fill_response(o, a, response); });
    return ok();
  });
}

void inscrm_survey_response_free(inscrm_survey_response** response) {
  capi::guard_void([&] { capi::free_output(response); });
}

inscrm_status inscrm_surveys_list(inscrm_db* db, const inscrm_actor* actor, const inscrm_survey_query* query,
                                  inscrm_survey_response_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    inscrm_survey_query q = capi::Versioned<inscrm_survey_query>::defaults;  // NULL: the first page
    if (query) {
      INSCRM_TRY(q, capi::read_struct(query, "query"));
    }
    INSCRM_TRYV(capi::require(out, "out"));
    storage::SurveyQuery sq;
    sq.customer = capi::opt_id<CustomerId>(q.customer);
    if (q.kind != nullptr) {
      INSCRM_TRY(sq.kind, capi::enum_named(q.kind, SurveyKind::Service, "query.kind"));
    }
    INSCRM_TRY(sq.from, capi::opt_date(q.from, "query.from"));
    INSCRM_TRY(sq.to, capi::opt_date(q.to, "query.to"));
    sq.after = SurveyResponseId{q.after};
    sq.limit = q.limit;
    INSCRM_TRY(auto responses, capi::from_handle(db).crm.surveys().list(who, sq));
    *out = capi::make_output<inscrm_survey_response_list>([&](inscrm_survey_response_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_survey_response_list, inscrm_survey_response>(l, a, responses, fill_response);
    });
    return ok();
  });
}

void inscrm_survey_response_list_free(inscrm_survey_response_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_survey_nps(inscrm_db* db, const inscrm_actor* actor, const char* from, const char* to,
                                inscrm_nps** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto first, capi::date(from, "from"));
    INSCRM_TRY(auto end, capi::date(to, "to"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto summary, capi::from_handle(db).crm.surveys().nps(who, first, end));
    *out = capi::make_output<inscrm_nps>([&](inscrm_nps& o, capi::Arena&) {
      o.responses = summary.responses;
      o.promoters = summary.promoters;
      o.passives = summary.passives;
      o.detractors = summary.detractors;
      o.score = summary.score;
    });
    return ok();
  });
}

void inscrm_nps_free(inscrm_nps** nps) {
  capi::guard_void([&] { capi::free_output(nps); });
}

inscrm_status inscrm_survey_satisfaction(inscrm_db* db, const inscrm_actor* actor, const char* from, const char* to,
                                         inscrm_satisfaction_report** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto first, capi::date(from, "from"));
    INSCRM_TRY(auto end, capi::date(to, "to"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto report, capi::from_handle(db).crm.surveys().satisfaction(who, first, end));
    *out = capi::make_output<inscrm_satisfaction_report>(
        [&](inscrm_satisfaction_report& o, capi::Arena& a) { fill_report(o, a, report); });
    return ok();
  });
}

void inscrm_satisfaction_report_free(inscrm_satisfaction_report** report) {
  capi::guard_void([&] { capi::free_output(report); });
}
