# Fails unless every symbol libinscrm_c.so exports is an inscrm_* function of the C ABI: the
# statically linked C++ library and its dependencies (fmt, SOCI, Boost, libstdc++ inline code)
# must stay hidden (inscrm_c.map), or hosts could bind to them and two copies could collide.
#   cmake -DNM=nm -DLIBRARY=path/libinscrm_c.so -P check-exports.cmake
if(NOT NM OR NOT LIBRARY)
  message(FATAL_ERROR "usage: cmake -DNM=<nm> -DLIBRARY=<libinscrm_c.so> -P check-exports.cmake")
endif()
execute_process(COMMAND ${NM} -D --defined-only ${LIBRARY}
                OUTPUT_VARIABLE listing ERROR_VARIABLE errors RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed (${rc}): ${errors}")
endif()

string(REPLACE "\n" ";" lines "${listing}")
set(exported 0)
set(strays "")
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  # "0000000000012345 T inscrm_open@@INSCRM_C_0"
  if(NOT line MATCHES "^[0-9a-fA-F]* *([A-Za-z]) ([^@ ]+)")
    list(APPEND strays "${line}")
    continue()
  endif()
  set(type "${CMAKE_MATCH_1}")
  set(name "${CMAKE_MATCH_2}")
  if(name MATCHES "^inscrm_" AND type STREQUAL "T")
    math(EXPR exported "${exported} + 1")
  elseif(type STREQUAL "A" AND name MATCHES "^INSCRM_C_[0-9.]+$")
    # The version node of inscrm_c.map: a marker the linker defines, not code or data.
  else()
    list(APPEND strays "${type} ${name}")
  endif()
endforeach()

if(strays)
  list(JOIN strays "\n  " text)
  message(FATAL_ERROR "libinscrm_c exports symbols outside the C ABI:\n  ${text}")
endif()
if(exported EQUAL 0)
  message(FATAL_ERROR "libinscrm_c exports no inscrm_* functions at all")
endif()
message(STATUS "${exported} exported functions, all inscrm_*")
