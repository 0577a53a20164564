# sc_wts_declare_missing_sdk_items(target): probes the Windows SDK for the WTS declarations
# that mingw-w64 10 lacks and defines SC_WTS_DECLARE_* on `target` (PUBLIC) for each missing
# one, so that WtsSdkCompat.h declares only those. A complete SDK (MSVC) gets no definitions.
include(CheckCXXSourceCompiles)

function(sc_wts_declare_missing_sdk_items target)
    set(prelude "#define WIN32_LEAN_AND_MEAN\n#include <windows.h>\n#include <wtsapi32.h>\n")
    set(CMAKE_REQUIRED_LIBRARIES wtsapi32)
    set(CMAKE_REQUIRED_QUIET ON)

    check_cxx_source_compiles("${prelude}
        int main() { WTS_SESSION_INFO_1W info{}; return static_cast<int>(info.SessionId); }"
        SC_WTS_SDK_HAS_SESSION_INFO_1)
    check_cxx_source_compiles("${prelude}
        int main() { WTS_TYPE_CLASS type = WTSTypeSessionInfoLevel1; return static_cast<int>(type); }"
        SC_WTS_SDK_HAS_TYPE_CLASS)
    check_cxx_source_compiles("${prelude}
        int main() {
            auto openEx = &WTSOpenServerExW;
            auto enumerateEx = &WTSEnumerateSessionsExW;
            auto freeEx = &WTSFreeMemoryExW;
            return openEx && enumerateEx && freeEx ? 0 : 1;
        }"
        SC_WTS_SDK_HAS_EX_FUNCTIONS)
    check_cxx_source_compiles("${prelude}
        int main() {
            WTS_PROCESS_INFO_EXW info{};
            auto enumerateEx = &WTSEnumerateProcessesExW;
            return enumerateEx && WTS_ANY_SESSION != 0 ? static_cast<int>(info.ProcessId) : 1;
        }"
        SC_WTS_SDK_HAS_PROCESS_INFO_EX)

    foreach(item SESSION_INFO_1 TYPE_CLASS EX_FUNCTIONS PROCESS_INFO_EX)
        if(NOT SC_WTS_SDK_HAS_${item})
            target_compile_definitions(${target} PUBLIC SC_WTS_DECLARE_${item})
        endif()
    endforeach()
endfunction()
