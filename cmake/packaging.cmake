# Debian package of keytrail: `cpack -G DEB` in a build directory.
#
# Installs /usr/bin/keytrail (stripped), its manual page, the systemd unit,
# /etc/default/keytrail (a conffile), the copyright file, the Debian
# changelog and every document with docs/verify_export.py under
# /usr/share/doc/keytrail. postinst creates the system user `keytrail`, the
# data directory /var/lib/keytrail (0700) and the key files in /etc/keytrail.
# A RelWithDebInfo build also makes keytrail-dbgsym (the debug symbols,
# found through the binary's build id). `lintian` on the .deb is clean
# (docs/deploy.md says how to build and check it).
# `cpack` packs what the build made (the binary and the compressed files
# below) instead of building every target, tests and benchmarks included.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)
set(keytrail_doc_dir share/doc/keytrail)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/keytrail.service
        DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/keytrail.default
        DESTINATION /etc/default RENAME keytrail)
file(GLOB keytrail_docs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${keytrail_docs}
              ${PROJECT_SOURCE_DIR}/docs/verify_export.py
              ${PROJECT_SOURCE_DIR}/packaging/copyright
        DESTINATION ${keytrail_doc_dir})

# The changelog and the manual page, compressed as Debian wants them
# (gzip -9n: no name, no time stamp, so the package is reproducible).
set(keytrail_gz_dir ${CMAKE_BINARY_DIR}/packaging)
foreach(pair "changelog;changelog.Debian.gz" "keytrail.1;keytrail.1.gz")
  list(GET pair 0 source)
  list(GET pair 1 target)
  add_custom_command(
    OUTPUT ${keytrail_gz_dir}/${target}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${keytrail_gz_dir}
    COMMAND sh -c "gzip -9nc '${PROJECT_SOURCE_DIR}/packaging/${source}' > '${keytrail_gz_dir}/${target}'"
    DEPENDS ${PROJECT_SOURCE_DIR}/packaging/${source}
    VERBATIM)
  list(APPEND keytrail_gz_files ${keytrail_gz_dir}/${target})
endforeach()
add_custom_target(keytrail_package_files ALL DEPENDS ${keytrail_gz_files})
install(FILES ${keytrail_gz_dir}/changelog.Debian.gz
        DESTINATION ${keytrail_doc_dir})
install(FILES ${keytrail_gz_dir}/keytrail.1.gz DESTINATION share/man/man1)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/lintian-overrides
        DESTINATION share/lintian/overrides RENAME keytrail)
# The binary as shipped: no .comment section (compiler versions); CPack
# strips the symbols after this (CPACK_STRIP_FILES).
install(CODE "execute_process(COMMAND objcopy --remove-section=.comment
  \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/bin/keytrail\")")

set(CPACK_PACKAGE_NAME keytrail)
set(CPACK_PACKAGE_VENDOR "keytrail")
set(CPACK_PACKAGE_CONTACT
    "keytrail maintainers <maintainers@keytrail.example.org>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "API tokens as an immutable, tamper-evident event log")
# The extended description (CPack puts the summary above it).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "keytrail manages API tokens over HTTP (create, rename, disable, regenerate,
revoke), verifies them on a hot path, also for nginx auth_request, and
records every action as an event in an append-only log with a Merkle tree
and signed tree heads, so that auditors can verify the whole history and
incident responders can read each token's timeline.")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://keytrail.example.org/")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
if(CMAKE_BUILD_TYPE MATCHES "RelWithDebInfo|Debug")
  set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
endif()
# Shared-library dependencies (librocksdb, Boost, spdlog, OpenSSL) found by
# dpkg-shlibdeps from the binary.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, systemd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/postinst
    ${PROJECT_SOURCE_DIR}/packaging/prerm
    ${PROJECT_SOURCE_DIR}/packaging/postrm
    ${PROJECT_SOURCE_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
