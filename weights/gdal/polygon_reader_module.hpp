#pragma once
// The contract between read_polygon_layer (polygon_layer.cpp) and the module that does the reading
// through GDAL/OGR: polygon_reader_module.cpp, built on its own as the shared module spillover_gdal.so
// and loaded with dlopen the first time a polygon file is read.
//
// Why a module: libgdal pulls in about a hundred shared libraries (PROJ, GEOS, curl, HDF5, netCDF,
// Poppler, ...) whose loading and symbol binding cost ~0.1 s at every start of the program when it is
// linked in, while most commands never read a polygon file.
//
// The module exports one function with C linkage under polygon_reader_symbol. It has the contract of
// read_polygon_layer (polygon_layer.hpp), writes the layer into `out`, and reports bad input by
// throwing InputError, which crosses the module boundary as any C++ exception does between a program
// and a library built by the same compiler (the module is built with the program, never on its own).
//
// WARNING: the symbol's suffix is the version of this contract, which includes the memory layout of
// PolygonLayer. Change the suffix whenever either changes, so that a module left over from an older
// build fails to load with a message instead of filling a layer of another layout.

#include <string>

#include "weights/polygon_layer.hpp"

namespace spillover {

/// The module's file name; the program looks for it next to its executable (polygon_layer.cpp).
inline constexpr const char* polygon_reader_module_name = "spillover_gdal.so";

/// The name of the entry point in the module.
inline constexpr const char* polygon_reader_symbol = "spillover_read_polygon_layer_v1";

/// The type of the entry point.
using PolygonReaderEntry = void (*)(const std::string& path, const std::string& id_field, const std::string& layer,
                                    PolygonLayer& out);

}  // namespace spillover
