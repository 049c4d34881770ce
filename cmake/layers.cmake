# The layers of keytrail, enforced by the build.
#
# keytrail_library(<folder> DEPS <targets...>) makes one static library of the
# non-test sources of <folder> (and its sub-folders) and records which other
# keytrail libraries it links. keytrail_check_layers(), called once every
# library exists, reads every source file of every library and fails the
# configure when a file includes a header of a keytrail folder that its
# library does not (transitively) link: an include that points up or
# sideways. So the direction base <- domain <- eventstore <- projections <-
# app, audit <- routes -> http -> base is a fact of the build, not a
# convention.

set_property(GLOBAL PROPERTY KEYTRAIL_LAYERS "")

function(keytrail_library name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  add_library(${name} STATIC ${sources})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  get_property(layers GLOBAL PROPERTY KEYTRAIL_LAYERS)
  set(layer_deps "")
  foreach(dep ${ARG_DEPS})
    if(dep IN_LIST layers)
      list(APPEND layer_deps ${dep})
    endif()
  endforeach()
  set_property(GLOBAL PROPERTY KEYTRAIL_LAYER_${name} ${layer_deps})
  set_property(GLOBAL APPEND PROPERTY KEYTRAIL_LAYERS ${name})
endfunction()

# The layers <name> may include from: itself and everything it links.
function(keytrail_layer_closure name out)
  set(closure ${name})
  set(pending ${name})
  while(pending)
    list(POP_FRONT pending current)
    get_property(deps GLOBAL PROPERTY KEYTRAIL_LAYER_${current})
    foreach(dep ${deps})
      if(NOT dep IN_LIST closure)
        list(APPEND closure ${dep})
        list(APPEND pending ${dep})
      endif()
    endforeach()
  endwhile()
  set(${out} ${closure} PARENT_SCOPE)
endfunction()

function(keytrail_check_layers)
  get_property(layers GLOBAL PROPERTY KEYTRAIL_LAYERS)
  set(violations "")
  foreach(layer ${layers})
    keytrail_layer_closure(${layer} allowed)
    file(GLOB_RECURSE files ${PROJECT_SOURCE_DIR}/${layer}/*.h
         ${PROJECT_SOURCE_DIR}/${layer}/*.cc)
    foreach(file ${files})
      file(STRINGS ${file} includes REGEX "^#include \"[a-z_]+/")
      foreach(line ${includes})
        string(REGEX REPLACE "^#include \"([a-z_]+)/.*" "\\1" folder "${line}")
        if(folder IN_LIST layers AND NOT folder IN_LIST allowed)
          file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${file})
          list(APPEND violations "${rel}: ${line} (${layer} may include: ${allowed})")
        endif()
      endforeach()
    endforeach()
  endforeach()
  if(violations)
    list(JOIN violations "\n  " text)
    message(FATAL_ERROR "keytrail layers: includes against the direction:\n  ${text}")
  endif()
endfunction()
