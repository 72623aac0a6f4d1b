// Payments module: record a premium, list a policy's payments, its schedule.

#include "policies.hpp"

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

#include <inscrm/crm.hpp>

using namespace inscrm;

namespace inscrm::capi {

Result<PaymentInput> payment_input(const inscrm_payment_input& in) {
  PaymentInput out;
  INSCRM_TRY(out.due, date(in.due, "due"));
  INSCRM_TRY(out.paid, opt_date(in.paid, "paid"));
  INSCRM_TRY(out.amount, opt_money(in.amount, "amount"));
  INSCRM_TRY(out.channel, enum_named(in.channel, PayChannel::BankCounter, "channel"));
  return out;
}

void fill_payment(inscrm_payment& o, Arena& a, const Payment& p) {
  o.id = p.id.value;
  o.policy = p.policy.value;
  o.due_date = a.date(p.due_date);
  o.paid_on = a.date(p.paid_on);
  o.amount = to_c(p.amount);
  o.policy_year = p.policy_year;
  o.kind = name_of(p.kind());
  o.channel = name_of(p.channel);
  o.recorded_at_unix_micros = to_c(p.recorded_at);
}

}  // namespace inscrm::capi

namespace {

void fill_line(inscrm_schedule_line& o, capi::Arena& a, const PolicyService::ScheduleLine& line) {
  o.due_date = a.date(line.instalment.due_date);
  o.policy_year = line.instalment.policy_year;
  o.amount = capi::to_c(line.instalment.amount);
  if (line.payment) {
    auto* payment = a.one<inscrm_payment>();
    capi::fill_payment(*payment, a, *line.payment);
    o.payment = payment;
  }
}

}  // namespace

inscrm_status inscrm_payment_input_init(inscrm_payment_input* input, unsigned version) {
  return capi::guard([&]() { return capi::init_struct(input, version, "input"); });
}

inscrm_status inscrm_payment_record(inscrm_db* db, const inscrm_actor* actor, int64_t policy_id,
                                    const inscrm_payment_input* input, inscrm_payment** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto in, capi::read_struct(input, "input"));
    INSCRM_TRY(auto payment_in, capi::payment_input(in));
    INSCRM_TRY(auto payment, capi::from_handle(db).crm.policies().record_payment(who, PolicyId{policy_id}, payment_in));
    if (out)
      *out = capi::make_output<inscrm_payment>([&](inscrm_payment& o, capi::Arena& a) { capi::fill_payment(o, a, payment); });
    return ok();
  });
}

void inscrm_payment_free(inscrm_payment** payment) {
  capi::guard_void([&] { capi::free_output(payment); });
}

inscrm_status inscrm_policy_payments(inscrm_db* db, const inscrm_actor* actor, int64_t policy_id,
                                     inscrm_payment_list** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto payments, capi::from_handle(db).crm.policies().payments(who, PolicyId{policy_id}));
    *out = capi::make_output<inscrm_payment_list>([&](inscrm_payment_list& l, capi::Arena& a) {
      capi::fill_list<inscrm_payment_list, inscrm_payment>(l, a, payments, capi::fill_payment);
    });
    return ok();
  });
}

void inscrm_payment_list_free(inscrm_payment_list** list) {
  capi::guard_void([&] { capi::free_output(list); });
}

inscrm_status inscrm_policy_schedule(inscrm_db* db, const inscrm_actor* actor, int64_t policy_id, const char* through,
                                     inscrm_schedule** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRY(auto until, capi::date(through, "through"));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto lines, capi::from_handle(db).crm.policies().schedule(who, PolicyId{policy_id}, until));
    *out = capi::make_output<inscrm_schedule>([&](inscrm_schedule& s, capi::Arena& a) {
      capi::fill_list<inscrm_schedule, inscrm_schedule_line>(s, a, lines, fill_line);
    });
    return ok();
  });
}

void inscrm_schedule_free(inscrm_schedule** schedule) {
  capi::guard_void([&] { capi::free_output(schedule); });
}
