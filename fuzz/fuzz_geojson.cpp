// Polygons from GeoJSON through GDAL (weights/polygon_layer.hpp, weights/gdal/): the module's reader
// on the input as /vsimem/ file, with only GDAL's GeoJSON driver, then the checks of polygon_support.hpp.
//
// Input: the first byte picks the id field: none (ids 1..n), "name", "code" or "id" (the fields of
// tests/fixtures/weights/shapes.geojson, the seed); the rest is the file.
#include <cpl_vsi.h>

#include "fuzz/polygon_support.hpp"

using namespace spillover;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::keep_only_driver("GeoJSON");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    if (size == 0) return 0;
    static const char* const id_fields[] = {"", "name", "code", "id"};
    const std::string path = "/vsimem/fuzz.geojson";
    std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    VSILFILE* file = VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(bytes.data()), bytes.size(), FALSE);
    fuzz::require(file != nullptr, "cannot make " + path);
    VSIFCloseL(file);
    PolygonLayer layer;
    const bool read = fuzz::accepted([&] { layer = fuzz::read_layer(path, id_fields[data[0] & 3]); });
    VSIUnlink(path.c_str());
    if (read) fuzz::check_layer(layer);
    return 0;
}
