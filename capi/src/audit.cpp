// The C API's audit chain verification (inscrm.h "Audit chain").
#include <inscrm.h>

#include <inscrm/crm.hpp>

#include "guard.hpp"
#include "handle.hpp"
#include "input.hpp"
#include "output.hpp"

using namespace inscrm;

extern "C" {

inscrm_status inscrm_db_verify_audit(inscrm_db* db, const inscrm_actor* actor, inscrm_audit_verification** out) {
  return capi::guard([&]() -> Result<void> {
    capi::reset(out);
    INSCRM_TRYV(capi::require(db, "db"));
    INSCRM_TRY(auto who, capi::actor(actor));
    INSCRM_TRYV(capi::require(out, "out"));
    INSCRM_TRY(auto v, capi::from_handle(db).crm.verify_audit(who));
    *out = capi::make_output<inscrm_audit_verification>([&](inscrm_audit_verification& o, capi::Arena& a) {
      o.checked = v.checked;
      o.broken_seq = v.broken ? v.broken->seq : 0;
      o.reason = v.broken ? a.str(v.broken->reason) : nullptr;
    });
    return ok();
  });
}

void inscrm_audit_verification_free(inscrm_audit_verification** verification) {
  capi::guard_void([&] { capi::free_output(verification); });
}

}  // extern "C"
