# ctest: the Windows zip runs on its own. Makes the package with CPack, unzips it into an empty
# directory, and in a fresh Wine prefix (nothing of the build tree on any path) runs
# sessionctl.exe --version and the console's screenshot mode under Xvfb (Qt's windows platform).
#   cmake -DBUILD_DIR=<build> -DWORK_DIR=<empty dir> -DWINE=<wine64> -DWINESERVER=<wineserver>
#         -DXVFB_RUN=<xvfb-run> -DVERSION=<version> -P WindowsPackageTest.cmake
foreach(variable BUILD_DIR WORK_DIR WINE WINESERVER XVFB_RUN VERSION)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "WindowsPackageTest.cmake: ${variable} is not set")
    endif()
endforeach()

function(run)
    cmake_parse_arguments(ARG "" "OUTPUT" "COMMAND" ${ARGN})
    execute_process(COMMAND ${ARG_COMMAND} WORKING_DIRECTORY ${WORK_DIR}
        INPUT_FILE /dev/null OUTPUT_VARIABLE output ERROR_VARIABLE error RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${ARG_COMMAND} failed (${result}):\n${output}\n${error}")
    endif()
    if(ARG_OUTPUT)
        set(${ARG_OUTPUT} "${output}" PARENT_SCOPE)
    endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/unpacked ${WORK_DIR}/prefix)

set(name session-console-${VERSION}-win64)
run(COMMAND ${CMAKE_CPACK_COMMAND} -G ZIP --config ${BUILD_DIR}/CPackConfig.cmake -B ${WORK_DIR})
if(NOT EXISTS ${WORK_DIR}/${name}.zip)
    message(FATAL_ERROR "CPack made no ${name}.zip")
endif()
file(ARCHIVE_EXTRACT INPUT ${WORK_DIR}/${name}.zip DESTINATION ${WORK_DIR}/unpacked)
set(bin ${WORK_DIR}/unpacked/${name}/bin)

set(ENV{WINEPREFIX} ${WORK_DIR}/prefix)
set(ENV{WINEDEBUG} -all)
set(ENV{WINEDLLOVERRIDES} "mscoree,mshtml=")
unset(ENV{WINEPATH})
# No persistent wineserver: whatever happens, this prefix's server ends on its own after the last program.
run(COMMAND ${WINE} wineboot --init)

run(COMMAND ${WINE} ${bin}/sessionctl.exe --version OUTPUT version)
string(REPLACE "\r\n" "\n" version "${version}")
if(NOT version STREQUAL "sessionctl ${VERSION}\n")
    message(FATAL_ERROR "sessionctl.exe --version printed '${version}'")
endif()

run(COMMAND ${XVFB_RUN} --auto-servernum "--server-args=-screen 0 1280x800x24"
    ${WINE} ${bin}/session-console.exe --settings console.ini
    --server demo:rdsh01?sessions=12&latency=0&churn=0 --screenshot window.png)
file(SIZE ${WORK_DIR}/window.png size)
if(size LESS 10000)
    message(FATAL_ERROR "the screenshot is only ${size} bytes")
endif()

execute_process(COMMAND ${WINESERVER} -w INPUT_FILE /dev/null OUTPUT_QUIET ERROR_QUIET)
message(STATUS "${name}.zip: sessionctl.exe --version and the console's screenshot ran from the unzipped package")
