include_guard(GLOBAL)
# Tests of cross builds run under Wine (CMAKE_CROSSCOMPILING_EMULATOR): one prefix in the build
# tree and one persistent wineserver for the whole ctest run, kept by the fixture `wine`.
# SC_WINE_ENVIRONMENT is what every Wine test runs with; the presets set the same variables,
# for GoogleTest's discovery, which runs before any fixture.
find_program(SC_WINESERVER NAMES wineserver PATHS /usr/lib/wine REQUIRED)
set(SC_WINE_PREFIX ${CMAKE_BINARY_DIR}/wineprefix)
set(SC_WINE_ENVIRONMENT
    WINEPREFIX=${SC_WINE_PREFIX}
    WINEDEBUG=-all
    # No prompts to install Wine Mono or Gecko, which the tests do not need.
    WINEDLLOVERRIDES=mscoree,mshtml=)

foreach(action start stop)
    add_test(NAME wine_${action}
        COMMAND ${CMAKE_COMMAND} -DACTION=${action} -DWINE=${CMAKE_CROSSCOMPILING_EMULATOR}
                -DWINESERVER=${SC_WINESERVER} -P ${PROJECT_SOURCE_DIR}/cmake/WtsWine.cmake)
endforeach()
set_tests_properties(wine_start PROPERTIES FIXTURES_SETUP wine TIMEOUT 300)
set_tests_properties(wine_stop PROPERTIES FIXTURES_CLEANUP wine TIMEOUT 60)
set_tests_properties(wine_start wine_stop PROPERTIES ENVIRONMENT "${SC_WINE_ENVIRONMENT}")
