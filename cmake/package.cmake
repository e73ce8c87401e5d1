# Debian package of the seslint binary: `cpack -G DEB` in the build folder writes
# seslint_<version>_<arch>.deb. Runtime dependencies (libyaml-cpp, libsimdjson, libpugixml, libstdc++)
# are computed by dpkg-shlibdeps from the binary, so the package installs on the Debian release it
# was built on. The binary goes to /usr/bin, README.md to /usr/share/doc/seslint.
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/seslint)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME seslint)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Predicts Amazon SES 554 Access denied sending failures in Terraform, CloudFormation and IAM policies")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/seslint/seslint")
set(CPACK_PACKAGE_CONTACT "seslint maintainers <https://github.com/seslint/seslint/issues>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# `cpack` installs what is built; it does not build the test suite first (the package test runs
# cpack from inside that suite).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
include(CPack)
