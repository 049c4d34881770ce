# Debian package of keytrail: `cpack -G DEB` in a build directory.
#
# Installs /usr/bin/keytrail, the systemd unit, /etc/default/keytrail (a
# conffile) and docs; postinst creates the system user `keytrail`. The data
# directory is systemd's StateDirectory (/var/lib/keytrail), created with
# the right owner when the unit starts.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/keytrail.service
        DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/keytrail.default
        DESTINATION /etc/default RENAME keytrail)
install(FILES ${PROJECT_SOURCE_DIR}/README.md
              ${PROJECT_SOURCE_DIR}/docs/deploy.md
        DESTINATION share/doc/keytrail)

set(CPACK_PACKAGE_NAME keytrail)
set(CPACK_PACKAGE_VENDOR "keytrail")
set(CPACK_PACKAGE_CONTACT "keytrail maintainers <keytrail@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "API tokens as an immutable, tamper-evident event log")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
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
