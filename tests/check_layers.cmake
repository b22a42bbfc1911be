# Checks that the layers point one way: every file of a layer folder may include headers of its own
# layer and of the layers below it, never of a layer above it or of a sibling (esda and inequality
# stand side by side). The order is the one CMakeLists.txt builds:
#
#   engine <- weights <- solvers <- models <- esda, inequality <- workflow <- cli
#
#   cmake -DSOURCE_DIR=<checkout> -P tests/check_layers.cmake
# Prints each offending include as "FILE includes LAYER/ (a layer above)" and fails if there is any.
set(layers engine weights solvers models esda inequality workflow cli)
set(rank_engine 0)
set(rank_weights 1)
set(rank_solvers 2)
set(rank_models 3)
set(rank_esda 4)
set(rank_inequality 4)
set(rank_workflow 5)
set(rank_cli 6)

if(NOT SOURCE_DIR)
  message(FATAL_ERROR "usage: cmake -DSOURCE_DIR=<checkout> -P check_layers.cmake")
endif()
set(offences 0)
foreach(layer ${layers})
  file(GLOB_RECURSE files ${SOURCE_DIR}/${layer}/*.hpp ${SOURCE_DIR}/${layer}/*.cpp ${SOURCE_DIR}/${layer}/*.h)
  foreach(path ${files})
    file(STRINGS ${path} includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"[a-z_]+/")
    foreach(line ${includes})
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([a-z_]+)/.*" "\\1" target "${line}")
      if(NOT DEFINED rank_${target} OR target STREQUAL layer)
        continue()
      endif()
      if(rank_${target} GREATER rank_${layer})
        set(why "a layer above")
      elseif(rank_${target} EQUAL rank_${layer})
        set(why "a sibling layer")
      else()
        continue()
      endif()
      file(RELATIVE_PATH shown ${SOURCE_DIR} ${path})
      message("${shown} includes ${target}/ (${why})")
      math(EXPR offences "${offences} + 1")
    endforeach()
  endforeach()
endforeach()
if(offences GREATER 0)
  message(FATAL_ERROR "${offences} include(s) point up a layer")
endif()
list(JOIN layers ", " names)
message("layers point one way: ${names}")
