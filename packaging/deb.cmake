# CPack settings for the Debian package berth_<version>_amd64.deb. Its dependencies come
# from the shared libraries the programs link (dpkg-shlibdeps), plus adduser for the
# maintainer scripts that create the berth group and libqt6svg6, whose plugins draw the
# studio's SVG icons and which no program links.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME berth)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Berth authors")
set(CPACK_PACKAGE_CONTACT "${BERTH_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "desktop container studio with a Docker-compatible engine")
set(CPACK_PACKAGE_DESCRIPTION "\
Berth Studio runs containers with their volumes and port forwards, opens a
shell in them, browses and copies their files, imports and builds images,
and draws which containers share volumes and link to each other.
.
Its engine, berthd, serves the Docker Engine API on a unix socket, so the
docker command line and other Docker clients work with it. The package
starts it through systemd socket activation (berth.socket). Members of the
berth group may use the engine's socket, which makes them as powerful as
root.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, libqt6svg6")
# The studio's own translations are built into berth-studio; Qt's (standard buttons, file
# dialogs) and QScintilla's come from Qt's translations directory, which these packages fill.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n, libqscintilla2-qt6-l10n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/postinst
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/prerm
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
# The studio keeps registry passwords in the desktop keyring through QtKeychain, which loads
# libsecret at run time; without libsecret it keeps them in config.json.
string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libqt6keychain1")
string(APPEND CPACK_DEBIAN_PACKAGE_RECOMMENDS ", libsecret-1-0")
include(CPack)
