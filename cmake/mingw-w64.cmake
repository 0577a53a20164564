# Cross-compiles for 64-bit Windows with Debian's mingw-w64 (posix threads) and runs the
# results under Wine: ctest prefixes every test command with CMAKE_CROSSCOMPILING_EMULATOR.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(SC_MINGW_PREFIX x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${SC_MINGW_PREFIX}-gcc-posix)
set(CMAKE_CXX_COMPILER ${SC_MINGW_PREFIX}-g++-posix)
set(CMAKE_RC_COMPILER ${SC_MINGW_PREFIX}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${SC_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Static runtime: the executables run under Wine without mingw's DLLs on its path.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

# Debian installs wine64 and wineserver under /usr/lib/wine; the wine package adds wrappers to PATH.
find_program(SC_WINE64 NAMES wine64 PATHS /usr/lib/wine)
if(SC_WINE64)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${SC_WINE64})
endif()
