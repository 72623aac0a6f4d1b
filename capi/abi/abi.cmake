# The ABI guard (STABILITY.md): compares libinscrm_c.so with the committed baseline, or writes
# the baseline. Both sides look only at what the exported inscrm_* functions reach, so the C++
# library inside never counts as ABI.
#   cmake -DMODE=check  -DABIDIFF=abidiff -DLIBRARY=… -DHEADERS_DIR=… -DBASELINE=… -DSUPPRESSIONS=… -P abi.cmake
#   cmake -DMODE=update -DABIDW=abidw     -DLIBRARY=… -DHEADERS_DIR=… -DBASELINE=… -P abi.cmake
foreach(var MODE LIBRARY HEADERS_DIR BASELINE)
  if(NOT ${var})
    message(FATAL_ERROR "abi.cmake: ${var} is required")
  endif()
endforeach()

if(MODE STREQUAL "update")
  # --exported-interfaces-only: only what the exported functions reach (else the C++ library's
  # every type lands in the file, 12 MB of it). Location, build-path and DT_NEEDED details are
  # left out: they change with every checkout, header edit or distribution and are not ABI.
  # Hash type ids keep diffs of the file small.
  execute_process(
    COMMAND ${ABIDW} --exported-interfaces-only --headers-dir ${HEADERS_DIR} --drop-private-types --drop-undefined-syms --no-corpus-path
            --no-comp-dir-path --no-show-locs --no-elf-needed --type-id-style hash --out-file ${BASELINE} ${LIBRARY}
    RESULT_VARIABLE rc ERROR_VARIABLE errors)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "abidw failed (${rc}): ${errors}")
  endif()
  message(STATUS "wrote ${BASELINE}")
  return()
endif()

if(NOT MODE STREQUAL "check")
  message(FATAL_ERROR "abi.cmake: MODE must be check or update, not '${MODE}'")
endif()

set(suppressions "")
if(SUPPRESSIONS)
  set(suppressions --suppressions ${SUPPRESSIONS})
endif()
# No --headers-dir2 here: the baseline is written without locations, and with a headers
# filter abidiff would count every located-nowhere baseline type as private and hide its changes.
# --exported-interfaces-only already limits both sides to what the inscrm_* functions reach.
# Leaf mode reports each change on the type that changed, which is what the suppressions judge
# (see suppressions.abignore).
set(diff ${ABIDIFF} ${suppressions} --exported-interfaces-only --leaf-changes-only --no-show-locs)
execute_process(COMMAND ${diff} ${BASELINE} ${LIBRARY} OUTPUT_VARIABLE report ERROR_VARIABLE errors RESULT_VARIABLE rc)
if(report)
  message("${report}")
endif()

# abidiff's exit status is a bit field (libabigail manual, "abidiff: Return values"):
#   1 error, 2 usage error, 4 the ABIs differ, 8 the difference is certainly incompatible.
if(NOT rc MATCHES "^[0-9]+$")
  message(FATAL_ERROR "abidiff did not run: ${rc} ${errors}")
endif()
math(EXPR tool_error "${rc} & 3")
math(EXPR changed "${rc} & 4")
math(EXPR incompatible "${rc} & 8")
if(tool_error)
  message(FATAL_ERROR "abidiff failed (exit ${rc}): ${errors}")
endif()
if(incompatible)
  message(FATAL_ERROR "incompatible ABI change against ${BASELINE} (exit ${rc}): within a major version the C "
                      "ABI may only grow (capi/STABILITY.md)")
endif()
if(changed)
  # "Differ" without "incompatible": additions, or changes a human must judge. Additions are
  # allowed in any minor release; anything left once they are hidden needs a review, then a
  # suppression in abi/suppressions.abignore or a deliberate abi/update-baseline.
  execute_process(COMMAND ${diff} --no-added-syms ${BASELINE} ${LIBRARY} OUTPUT_VARIABLE rest RESULT_VARIABLE rc2)
  math(EXPR still_changed "${rc2} & 12")
  if(still_changed)
    message(FATAL_ERROR "ABI changes other than additions against ${BASELINE}: review them (capi/STABILITY.md)")
  endif()
  message(STATUS "ABI compatible with ${BASELINE}: additions only")
else()
  message(STATUS "ABI unchanged against ${BASELINE} (apart from changes STABILITY.md allows)")
endif()
