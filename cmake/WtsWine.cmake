# ctest fixture for the Wine runs of the WTS tests:
#   cmake -DACTION=start|stop -DWINE=<wine64> -DWINESERVER=<wineserver> -P WtsWine.cmake
# with WINEPREFIX in the environment. `start` keeps one wineserver for the whole run and
# boots the prefix; Wine's service processes outlive the command, so their output goes to
# a log file rather than to ctest's pipe, which ctest would otherwise wait on until they exit.
foreach(variable ACTION WINE WINESERVER)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "WtsWine.cmake: ${variable} is not set")
    endif()
endforeach()
if(NOT DEFINED ENV{WINEPREFIX})
    message(FATAL_ERROR "WtsWine.cmake: WINEPREFIX is not set")
endif()

set(prefix "$ENV{WINEPREFIX}")
set(log "${prefix}.log")

if(ACTION STREQUAL "start")
    file(MAKE_DIRECTORY "${prefix}")
    # GoogleTest's discovery may have just run Wine in this prefix: let that server end first.
    execute_process(COMMAND "${WINESERVER}" -w INPUT_FILE /dev/null OUTPUT_QUIET ERROR_QUIET)
    execute_process(COMMAND "${WINESERVER}" -p
        INPUT_FILE /dev/null OUTPUT_FILE "${log}" ERROR_FILE "${log}"
        RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "wineserver -p failed (${result}); see ${log}")
    endif()
    execute_process(COMMAND "${WINE}" wineboot --init
        INPUT_FILE /dev/null OUTPUT_FILE "${log}.boot" ERROR_FILE "${log}.boot"
        RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "wineboot --init failed (${result}); see ${log}.boot")
    endif()
elseif(ACTION STREQUAL "stop")
    execute_process(COMMAND "${WINESERVER}" -k INPUT_FILE /dev/null OUTPUT_QUIET ERROR_QUIET)
    execute_process(COMMAND "${WINESERVER}" -w INPUT_FILE /dev/null OUTPUT_QUIET ERROR_QUIET)
else()
    message(FATAL_ERROR "WtsWine.cmake: unknown ACTION '${ACTION}'")
endif()
