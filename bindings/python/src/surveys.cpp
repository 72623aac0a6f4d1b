// crm.surveys: survey responses (domain.md C6), the net promoter score and mean satisfaction for a
// period.

#include "common.hpp"

#include <inscrm/crm/surveys.hpp>

namespace inscrm::python {

void register_surveys(py::module_& m) {
  const SurveyResponse defaults{};
  py::class_<SurveysHandle>(m, "SurveyService", "crm.surveys: satisfaction surveys and NPS.")
      .def(
          "record",
          [](const SurveysHandle& h, py::object customer, py::object kind, int score, std::string dimension, py::object channel,
             py::object answered_on, std::string comment, py::object complaint, py::object actor) {
            SurveyResponse r;
            r.customer = to_id<CustomerId>(customer, "customer");
            r.kind = to_enum<SurveyKind>(kind, "kind");
            r.score = score;
            r.dimension = std::move(dimension);
            r.channel = to_enum<Channel>(channel, "channel");
            if (auto day = to_optional_date(answered_on, "answered_on")) r.answered_on = *day;
            r.comment = std::move(comment);
            r.complaint = to_optional_id<ComplaintId>(complaint, "complaint");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.surveys().record(who, std::move(r)); });
          },
          py::arg("customer"), py::arg("kind"), py::arg("score"), py::kw_only(), py::arg("dimension") = "",
          py::arg("channel") = from_enum(defaults.channel), py::arg("answered_on") = py::none(), py::arg("comment") = "",
          py::arg("complaint") = py::none(), py::arg("actor") = py::none(),
          "Records one answer: kind 'nps' scores 0..10, the satisfaction kinds 1..5. A 'complaint_handling'\n"
          "answer may name the complaint it judges. answered_on defaults to today.")
      .def(
          "list",
          [](const SurveysHandle& h, py::object customer, py::object kind, py::object answered_from, py::object answered_to,
             std::int64_t after, std::size_t limit, py::object actor) {
            storage::SurveyQuery q;
            q.customer = to_optional_id<CustomerId>(customer, "customer");
            if (!is_missing(kind)) q.kind = to_enum<SurveyKind>(kind, "kind");
            q.from = to_optional_date(answered_from, "answered_from");
            q.to = to_optional_date(answered_to, "answered_to");
            q.after = SurveyResponseId{after};
            q.limit = limit;
            return to_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.surveys().list(who, q); }));
          },
          py::kw_only(), py::arg("customer") = py::none(), py::arg("kind") = py::none(), py::arg("answered_from") = py::none(),
          py::arg("answered_to") = py::none(), py::arg("after") = 0, py::arg("limit") = 1000, py::arg("actor") = py::none(),
          "One page of responses in id order; answered_from ≤ answered_on < answered_to when given.")
      .def(
          "nps",
          [](const SurveysHandle& h, py::object start, py::object end, py::object actor) {
            const auto from = to_date(start, "start");
            const auto to = to_date(end, "end");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.surveys().nps(who, from, to); });
          },
          py::arg("start"), py::arg("end"), py::kw_only(), py::arg("actor") = py::none(),
          "NPS over the responses answered in [start, end).")
      .def(
          "satisfaction",
          [](const SurveysHandle& h, py::object start, py::object end, py::object actor) {
            const auto from = to_date(start, "start");
            const auto to = to_date(end, "end");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.surveys().satisfaction(who, from, to); });
          },
          py::arg("start"), py::arg("end"), py::kw_only(), py::arg("actor") = py::none(),
          "Mean satisfaction per kind and dimension over [start, end), and with complaint handling.")
      .def("__repr__", [](const SurveysHandle& h) { return "<inscrm.SurveyService of " + repr_text(h.state->uri) + ">"; });
}

}  // namespace inscrm::python
