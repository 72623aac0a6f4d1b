# inscrm_warnings(target): the project's warning set, applied to our own targets only. Third-party
# headers come in as SYSTEM includes, so -Werror judges only our code.
function(inscrm_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
                              -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough
                              # GCC 12 warns on designated initialisers that leave members at their
                              # defaults, which is exactly how the API is meant to be used.
                              -Wno-missing-field-initializers>
    $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wno-missing-field-initializers>)
  if(INSCRM_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
