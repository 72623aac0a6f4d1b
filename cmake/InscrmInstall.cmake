# Install rules: headers, the static library, a versioned CMake package (find_package(inscrm))
# and a pkg-config file, so a host can use whichever its build speaks.
include(CMakePackageConfigHelpers)

set(INSCRM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/inscrm)

install(TARGETS inscrm EXPORT inscrmTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/inscrm DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/generated/inscrm/version.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/inscrm)
install(EXPORT inscrmTargets NAMESPACE inscrm:: DESTINATION ${INSCRM_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/inscrmConfig.cmake.in
  ${PROJECT_BINARY_DIR}/inscrmConfig.cmake INSTALL_DESTINATION ${INSCRM_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/inscrmConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/inscrmConfig.cmake ${PROJECT_BINARY_DIR}/inscrmConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/FindSOCI.cmake DESTINATION ${INSCRM_CMAKE_DIR})

# The .pc file finds its prefix relative to itself, so the tree works wherever it is installed
# (cmake --install --prefix, a .deb, a staging directory).
file(RELATIVE_PATH INSCRM_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" INSCRM_PC_TO_PREFIX "${INSCRM_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/inscrm.pc.in ${PROJECT_BINARY_DIR}/inscrm.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/inscrm.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The C ABI: the shared library, its two headers (inscrm.h and the generated inscrm_version.h)
# and a pkg-config file of its own, for hosts that speak C.
if(TARGET inscrm_c)
  install(TARGETS inscrm_c EXPORT inscrmTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT Development)
  install(FILES ${PROJECT_SOURCE_DIR}/capi/include/inscrm.h ${PROJECT_BINARY_DIR}/capi/include/inscrm_version.h
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  configure_file(${PROJECT_SOURCE_DIR}/cmake/inscrm_c.pc.in ${PROJECT_BINARY_DIR}/inscrm_c.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/inscrm_c.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
