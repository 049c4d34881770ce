# keytrail_embed(<target> NAME <name> BASE <dir> FILES <files...>): compiles
# <files> (paths relative to <dir>) into <target> as byte arrays, so the
# binary reads nothing from disk at run time. The generated source defines
#   std::span<const keytrail::EmbeddedFile> keytrail::embedded::<name>();
# (base/embedded_file.h), one entry per file in the order given, each with
# its path relative to <dir>. The source is regenerated when a file changes.
# The one mechanism for shipped data files: the OpenAPI document, the
# console's assets.
set(KEYTRAIL_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_files.cmake)

function(keytrail_embed target)
  cmake_parse_arguments(ARG "" "NAME;BASE" "FILES" ${ARGN})
  set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded_${ARG_NAME}.cc)
  set(absolute "")
  foreach(file ${ARG_FILES})
    list(APPEND absolute ${ARG_BASE}/${file})
  endforeach()
  string(REPLACE ";" "," files_arg "${ARG_FILES}")
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DNAME=${ARG_NAME} -DBASE=${ARG_BASE}
            "-DFILES=${files_arg}" -DOUTPUT=${output}
            -P ${KEYTRAIL_EMBED_SCRIPT}
    DEPENDS ${absolute} ${KEYTRAIL_EMBED_SCRIPT}
    COMMENT "Embedding ${ARG_NAME}"
    VERBATIM)
  target_sources(${target} PRIVATE ${output})
endfunction()
