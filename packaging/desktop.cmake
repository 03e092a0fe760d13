# The studio's desktop integration: the desktop entry, AppStream metainfo, the scalable
# icon and hicolor PNGs rendered from it at build time.

install(TARGETS berth-studio RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(resources ${PROJECT_SOURCE_DIR}/resources)
install(FILES ${resources}/berth-studio.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
configure_file(${resources}/berth-studio.metainfo.xml
               ${CMAKE_CURRENT_BINARY_DIR}/berth-studio.metainfo.xml @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/berth-studio.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

set(icon_svg ${resources}/icons/berth.svg)
install(FILES ${icon_svg} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME berth-studio.svg)

find_program(RSVG_CONVERT rsvg-convert)
if(NOT RSVG_CONVERT)
  message(FATAL_ERROR "rsvg-convert not found: it renders the studio's icons "
                      "(apt-get install librsvg2-bin, or run packaging/setup.sh deps)")
endif()
set(icon_pngs)
foreach(size 16 22 24 32 48 64 128 256)
  set(png ${CMAKE_CURRENT_BINARY_DIR}/icons/${size}/berth-studio.png)
  add_custom_command(OUTPUT ${png}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/icons/${size}
    COMMAND ${RSVG_CONVERT} --width ${size} --height ${size} --output ${png} ${icon_svg}
    DEPENDS ${icon_svg}
    COMMENT "Rendering the ${size}x${size} icon")
  list(APPEND icon_pngs ${png})
  install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()
add_custom_target(berth_icons ALL DEPENDS ${icon_pngs})
