# `cmake --build --preset windows --target package`: session-console-VERSION-win64.zip, the
# executables with everything they load (cmake/WindowsRuntime.cmake) under one top directory.
set(CPACK_GENERATOR ZIP)
set(CPACK_PACKAGE_NAME session-console)
set(CPACK_PACKAGE_FILE_NAME session-console-${PROJECT_VERSION}-win64)
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
