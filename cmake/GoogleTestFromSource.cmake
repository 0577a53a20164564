include_guard(GLOBAL)
# GoogleTest for cross builds: there is no mingw-w64 build of it to find, so it is built with
# the tests from the sources Debian's googletest package ships.
set(SC_GOOGLETEST_SOURCE_DIR /usr/src/googletest CACHE PATH
    "GoogleTest sources to build with the tests (Debian's googletest package ships them here)")
if(NOT EXISTS ${SC_GOOGLETEST_SOURCE_DIR}/CMakeLists.txt)
    message(FATAL_ERROR "No GoogleTest sources in ${SC_GOOGLETEST_SOURCE_DIR} (scripts/install-deps.sh wts)")
endif()
set(CMAKE_POLICY_DEFAULT_CMP0077 NEW)
set(BUILD_GMOCK OFF)
set(INSTALL_GTEST OFF)
set(gtest_force_shared_crt ON)
add_subdirectory(${SC_GOOGLETEST_SOURCE_DIR} ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL)
if(NOT TARGET GTest::gtest)
    add_library(GTest::gtest ALIAS gtest)
endif()
if(NOT TARGET GTest::gtest_main)
    add_library(GTest::gtest_main ALIAS gtest_main)
endif()
