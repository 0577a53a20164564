# What the Windows executables load besides themselves: Qt's DLLs, the platform plugins and
# the windowsvista style, and the mingw-w64 runtime (libstdc++, libgcc_s, winpthread). They are
# copied beside the executables in the build tree, so that the tests run there under Wine, and
# installed beside them, so that the package runs after unzipping.
include(GNUInstallDirs)

set(sc_runtime_dlls $<TARGET_FILE:Qt6::Core> $<TARGET_FILE:Qt6::Concurrent> $<TARGET_FILE:Qt6::Gui>
    $<TARGET_FILE:Qt6::Widgets>)
foreach(dll libstdc++-6.dll libgcc_s_seh-1.dll libwinpthread-1.dll)
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=${dll}
        OUTPUT_VARIABLE path OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT IS_ABSOLUTE "${path}" OR NOT EXISTS "${path}")
        message(FATAL_ERROR "${CMAKE_CXX_COMPILER} does not know where ${dll} is")
    endif()
    list(APPEND sc_runtime_dlls ${path})
endforeach()
set(sc_platform_plugins $<TARGET_FILE:Qt6::QWindowsIntegrationPlugin> $<TARGET_FILE:Qt6::QOffscreenIntegrationPlugin>)
set(sc_style_plugins $<TARGET_FILE:Qt6::QWindowsVistaStylePlugin>)

set(bin ${CMAKE_RUNTIME_OUTPUT_DIRECTORY})
add_custom_target(windows_runtime ALL
    COMMAND ${CMAKE_COMMAND} -E make_directory ${bin}/platforms ${bin}/styles
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${sc_runtime_dlls} $<TARGET_FILE:Qt6::Test> ${bin}
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${sc_platform_plugins} ${bin}/platforms
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${sc_style_plugins} ${bin}/styles
    COMMENT "Copying the Qt and mingw-w64 runtime DLLs beside the executables"
    VERBATIM)

install(FILES ${sc_runtime_dlls} DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${sc_platform_plugins} DESTINATION ${CMAKE_INSTALL_BINDIR}/platforms)
install(FILES ${sc_style_plugins} DESTINATION ${CMAKE_INSTALL_BINDIR}/styles)
