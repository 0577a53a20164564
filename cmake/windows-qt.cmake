# Toolchain of the windows preset: mingw-w64 with the Qt that scripts/build-qt-mingw.sh
# cross-built into its cache ($SC_CACHE_DIR, default /var/cache/session-console). Qt's own
# qt.toolchain.cmake is what its bin/qt-cmake uses; it chains the cache's mingw toolchain.
if(DEFINED ENV{SC_CACHE_DIR} AND NOT "$ENV{SC_CACHE_DIR}" STREQUAL "")
    set(SC_QT_MINGW_PREFIX "$ENV{SC_CACHE_DIR}/qt6-mingw-6.4.2")
else()
    set(SC_QT_MINGW_PREFIX /var/cache/session-console/qt6-mingw-6.4.2)
endif()
if(NOT EXISTS ${SC_QT_MINGW_PREFIX}/lib/cmake/Qt6/qt.toolchain.cmake)
    message(FATAL_ERROR "No Qt for mingw-w64 in ${SC_QT_MINGW_PREFIX}: run scripts/build-qt-mingw.sh first")
endif()
include(${SC_QT_MINGW_PREFIX}/lib/cmake/Qt6/qt.toolchain.cmake)
# Only qtbase is cross-built: the host tools are the host Qt's (the same 6.4.2), found through the
# QT_HOST_PATH that Qt was built with (/usr). That covers LinguistTools too: Qt6Config looks a
# *Tools component up there, so the catalogues are made by the host's lupdate and lrelease.

# ctest runs every test command (and GoogleTest's discovery) under Wine.
find_program(SC_WINE64 NAMES wine64 PATHS /usr/lib/wine)
if(SC_WINE64)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${SC_WINE64})
endif()
