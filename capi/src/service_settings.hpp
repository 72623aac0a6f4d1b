#pragma once
// The service settings across the boundary: read at open, replaced and read back while the
// database is open. Field paths are the C++ ones ("calendar.hours[1][0]", "assignment[0].mode").

#include <inscrm.h>

#include <inscrm/core/result.hpp>
#include <inscrm/crm/service_settings.hpp>

namespace inscrm::capi {

Result<ServiceSettings> service_settings_in(const inscrm_service_settings& in);

}  // namespace inscrm::capi
