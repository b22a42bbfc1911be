# spillover loads GDAL only when it reads a polygon file, from the module spillover_gdal.so
# (weights/gdal/polygon_reader_module.hpp): linking libgdal and its ~100 libraries into the program
# cost ~0.1 s at every start, --help included. This check fails when the program depends on libgdal
# again, directly or through another library, and when the module does not.
#
#   cmake -DPROGRAM=<path of spillover> -DMODULE=<path of spillover_gdal.so> -P tests/check_no_gdal.cmake
file(GET_RUNTIME_DEPENDENCIES EXECUTABLES ${PROGRAM} RESOLVED_DEPENDENCIES_VAR program_libraries
     UNRESOLVED_DEPENDENCIES_VAR unresolved)
list(FILTER program_libraries INCLUDE REGEX "libgdal")
if(program_libraries)
  message(FATAL_ERROR "${PROGRAM} depends on ${program_libraries}: read GDAL through the module")
endif()
# Of the module's own, only libgdal is looked for (resolving all of GDAL's libraries took half a minute).
file(GET_RUNTIME_DEPENDENCIES MODULES ${MODULE} RESOLVED_DEPENDENCIES_VAR module_libraries
     UNRESOLVED_DEPENDENCIES_VAR unresolved PRE_INCLUDE_REGEXES "libgdal" PRE_EXCLUDE_REGEXES ".*")
list(FILTER module_libraries INCLUDE REGEX "libgdal")
if(NOT module_libraries)
  message(FATAL_ERROR "${MODULE} does not depend on libgdal: is this check looking at the right files?")
endif()
message("${PROGRAM} does not load GDAL; ${MODULE} does (${module_libraries})")
