// crm.segments: segments (domain.md C8) as named, versioned rules over the standard customer facts,
// run where the data lives, with dated membership snapshots and the movement between two of them.
// Member lists cross as NumPy int64 arrays: a segment of a million customers is one buffer copy.

#include "common.hpp"
#include "arrays.hpp"

#include <inscrm/crm/segments.hpp>

namespace inscrm::python {
namespace {

std::string repr_segment(const Segment& s) {
  return "Segment(id=" + std::to_string(s.id.value) + ", name=" + repr_text(s.name) + ", kind='" +
         std::string{to_string(s.kind)} + "', rule=" + repr_text(s.rule) + ", rule_version=" +
         std::to_string(s.rule_version) + ")";
}

}  // namespace

void register_segments(py::module_& m) {
  py::class_<Segment>(m, "Segment", "A named rule over customer facts of one kind (demographic, geographic, needs,\n"
                                    "behavioural, value); the rule's earlier texts stay in rule_history().")
      .def_property_readonly("id", [](const Segment& s) { return s.id.value; })
      .def_readonly("version", &Segment::version)
      .def_readonly("name", &Segment::name)
      .def_property_readonly("kind", [](const Segment& s) { return from_enum(s.kind); })
      .def_readonly("description", &Segment::description)
      .def_readonly("rule", &Segment::rule)
      .def_readonly("rule_version", &Segment::rule_version)
      .def_property_readonly("created_at", [](const Segment& s) { return from_instant(s.created_at); })
      .def_property_readonly("updated_at", [](const Segment& s) { return from_instant(s.updated_at); })
      .def("__repr__", &repr_segment);

  py::class_<rules::StoredRule>(m, "StoredRule", "One version of a stored rule text.")
      .def_readonly("name", &rules::StoredRule::name)
      .def_readonly("version", &rules::StoredRule::version)
      .def_readonly("text", &rules::StoredRule::text)
      .def_property_readonly("created_at", [](const rules::StoredRule& r) { return from_instant(r.created_at); })
      .def("__repr__", [](const rules::StoredRule& r) {
        return "StoredRule(name=" + repr_text(r.name) + ", version=" + std::to_string(r.version) +
               ", text=" + repr_text(r.text) + ")";
      });

  py::class_<SegmentSnapshot>(m, "SegmentSnapshot",
                              "The members of a segment as of a day, as evaluated when the run happened.\n"
                              "members is an int64 array, ascending (empty in snapshots() listings).")
      .def_property_readonly("id", [](const SegmentSnapshot& s) { return s.id.value; })
      .def_property_readonly("segment", [](const SegmentSnapshot& s) { return s.segment.value; })
      .def_readonly("rule_version", &SegmentSnapshot::rule_version)
      .def_property_readonly("as_of", [](const SegmentSnapshot& s) { return from_date(s.as_of); })
      .def_property_readonly("taken_at", [](const SegmentSnapshot& s) { return from_instant(s.taken_at); })
      .def_readonly("member_count", &SegmentSnapshot::member_count)
      .def_property_readonly("members", [](const SegmentSnapshot& s) { return id_array(s.members); })
      .def("__repr__", [](const SegmentSnapshot& s) {
        return "SegmentSnapshot(id=" + std::to_string(s.id.value) + ", segment=" + std::to_string(s.segment.value) +
               ", as_of=" + to_string(s.as_of) + ", rule_version=" + std::to_string(s.rule_version) +
               ", member_count=" + std::to_string(s.member_count) + ")";
      });

  py::class_<SegmentMovement>(m, "SegmentMovement",
                              "Who entered (in `to` only), left (in `from` only) and stayed between two snapshots;\n"
                              "each an ascending int64 array.")
      .def_property_readonly("from_snapshot", [](const SegmentMovement& v) { return v.from.value; })
      .def_property_readonly("to_snapshot", [](const SegmentMovement& v) { return v.to.value; })
      .def_property_readonly("from_day", [](const SegmentMovement& v) { return from_date(v.from_day); })
      .def_property_readonly("to_day", [](const SegmentMovement& v) { return from_date(v.to_day); })
      .def_property_readonly("entered", [](const SegmentMovement& v) { return id_array(v.entered); })
      .def_property_readonly("left", [](const SegmentMovement& v) { return id_array(v.left); })
      .def_property_readonly("stayed", [](const SegmentMovement& v) { return id_array(v.stayed); })
      .def("__repr__", [](const SegmentMovement& v) {
        return "SegmentMovement(from_day=" + to_string(v.from_day) + ", to_day=" + to_string(v.to_day) +
               ", entered=" + std::to_string(v.entered.size()) + ", left=" + std::to_string(v.left.size()) +
               ", stayed=" + std::to_string(v.stayed.size()) + ")";
      });

  py::class_<SegmentsHandle>(m, "SegmentService",
                             "crm.segments: segment definitions with versioned rules, ad hoc evaluation, dated\n"
                             "membership snapshots and the movement between them.")
      .def(
          "define",
          [](const SegmentsHandle& h, std::string name, std::string rule, py::object kind, std::string description,
             py::object actor) {
            SegmentDraft d;
            d.name = std::move(name);
            d.rule = std::move(rule);
            d.kind = to_enum<SegmentKind>(kind, "kind");
            d.description = std::move(description);
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.segments().define(who, std::move(d)); });
          },
          py::arg("name"), py::arg("rule"), py::kw_only(), py::arg("kind") = from_enum(SegmentDraft{}.kind),
          py::arg("description") = "", py::arg("actor") = py::none(),
          "Defines a segment (rule version 1). A rule that does not parse or type-check raises\n"
          "InvalidArgument with field 'rule' and its line and column; a name in use AlreadyExists.")
      .def(
          "change_rule",
          [](const SegmentsHandle& h, std::string name, std::string rule, py::object actor) {
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.segments().change_rule(who, name, std::move(rule));
            });
          },
          py::arg("name"), py::arg("rule"), py::kw_only(), py::arg("actor") = py::none(),
          "A new rule text becomes the next version; the same text again changes nothing.")
      .def(
          "get",
          [](const SegmentsHandle& h, std::string name, py::object actor) {
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.segments().get(who, name); });
          },
          py::arg("name"), py::kw_only(), py::arg("actor") = py::none())
      .def(
          "list",
          [](const SegmentsHandle& h, py::object actor) {
            return to_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.segments().list(who); }));
          },
          py::kw_only(), py::arg("actor") = py::none())
      .def(
          "rule_history",
          [](const SegmentsHandle& h, std::string name, py::object actor) {
            return to_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.segments().rule_history(who, name);
            }));
          },
          py::arg("name"), py::kw_only(), py::arg("actor") = py::none(), "Every version of the segment's rule, oldest first.")
      .def(
          "evaluate",
          [](const SegmentsHandle& h, std::string rule, py::object as_of, py::object actor) {
            const auto day = to_date(as_of, "as_of");
            return id_array(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.segments().evaluate(who, rule, day);
            }));
          },
          py::arg("rule"), py::arg("as_of"), py::kw_only(), py::arg("actor") = py::none(),
          "The customers a rule selects as of a day (int64 array, ascending), storing nothing.")
      .def(
          "run",
          [](const SegmentsHandle& h, std::string name, py::object as_of, py::object actor) {
            const auto day = to_date(as_of, "as_of");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.segments().run(who, name, day); });
          },
          py::arg("name"), py::arg("as_of"), py::kw_only(), py::arg("actor") = py::none(),
          "Evaluates the segment's current rule as of a day and stores the members as a dated snapshot.")
      .def(
          "snapshots",
          [](const SegmentsHandle& h, std::string name, py::object actor) {
            return to_list(call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.segments().snapshots(who, name);
            }));
          },
          py::arg("name"), py::kw_only(), py::arg("actor") = py::none(), "The segment's snapshots in the order taken, without members.")
      .def(
          "snapshot",
          [](const SegmentsHandle& h, py::object id, py::object actor) {
            const auto sid = to_id<SegmentSnapshotId>(id, "id");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.segments().snapshot(who, sid); });
          },
          py::arg("id"), py::kw_only(), py::arg("actor") = py::none(), "One snapshot with its members.")
      .def(
          "movement",
          [](const SegmentsHandle& h, py::object from_snapshot, py::object to_snapshot, py::object actor) {
            const auto from = to_id<SegmentSnapshotId>(from_snapshot, "from_snapshot");
            const auto to = to_id<SegmentSnapshotId>(to_snapshot, "to_snapshot");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) { return crm.segments().movement(who, from, to); });
          },
          py::arg("from_snapshot"), py::arg("to_snapshot"), py::kw_only(), py::arg("actor") = py::none(),
          "Who entered, left and stayed between two snapshots (any two, by id).")
      .def(
          "movement_between",
          [](const SegmentsHandle& h, std::string name, py::object from_day, py::object to_day, py::object actor) {
            const auto from = to_date(from_day, "from");
            const auto to = to_date(to_day, "to");
            return call_service(h.state, actor, [&](const Crm& crm, const Actor& who) {
              return crm.segments().movement(who, name, from, to);
            });
          },
          py::arg("name"), py::arg("from_day"), py::arg("to_day"), py::kw_only(), py::arg("actor") = py::none(),
          "Between the segment's latest snapshots as of two days; NotFound 'from' / 'to' when a day has none.")
      .def("__repr__", [](const SegmentsHandle& h) { return "<inscrm.SegmentService of " + repr_text(h.state->uri) + ">"; });
}

}  // namespace inscrm::python
