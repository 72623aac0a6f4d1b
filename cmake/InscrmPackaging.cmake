# A Debian package of the installed tree (cpack -G DEB, or the test package/deb): the `inscrm`
# tool, the C ABI's shared library, the headers, the static C++ library and the CMake and
# pkg-config files, under /usr. The version is project(VERSION), like everything else.
set(CPACK_PACKAGE_NAME inscrm)
set(CPACK_PACKAGE_VENDOR "inscrm")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "inscrm maintainers <inscrm@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Insurance-CRM domain library: customers, policies and their lifecycle, service and complaints,\n\
loyalty, segmentation and analytics, with a stable C ABI and the inscrm command-line tool.")
# The run-time dependencies of the tool and the shared library, found by dpkg-shlibdeps (dpkg-dev);
# the headers need Boost and fmt to compile against.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libboost-dev (>= 1.74), libfmt-dev")
# zstd rather than xz: the static library with its debug info is large (hundreds of MB in a debug
# build), and the test builds the package; dpkg in Debian 12 reads zstd.
set(CPACK_DEBIAN_COMPRESSION_TYPE zstd)
set(CPACK_THREADS 0)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/")
include(CPack)
