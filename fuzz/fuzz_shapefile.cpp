// Polygons from an ESRI shapefile through GDAL (weights/polygon_layer.hpp, weights/gdal/): the module's
// reader on /vsimem/ files, with only GDAL's "ESRI Shapefile" driver, then the checks of
// polygon_support.hpp.
//
// Input: one selector byte, then the three files of a shapefile one after another, each of the last
// two after a marker line:
//
//     <byte> <.shp bytes> "\nSHX-FOLLOWS\n" <.shx bytes> "\nDBF-FOLLOWS\n" <.dbf bytes>
//
// A file whose marker is missing is not written (GDAL then reports it missing, or rebuilds it). The
// byte's bits 0-1 pick the id field: none (ids 1..n), POLYID (the field of data/columbus, a seed), or
// code or name (the fields of tests/fixtures/weights/shapes.geojson, written as a shapefile, a seed).
#include <cpl_vsi.h>

#include <cstring>
#include <vector>

#include "fuzz/polygon_support.hpp"

using namespace spillover;

namespace {

constexpr std::string_view kShxMarker = "\nSHX-FOLLOWS\n";
constexpr std::string_view kDbfMarker = "\nDBF-FOLLOWS\n";

/// The part of `text` before `marker` (all of it when there is none); `text` becomes what follows it
/// (empty when there is no marker).
std::string_view cut(std::string_view& text, std::string_view marker, bool& found) {
    const std::size_t at = text.find(marker);
    found = at != std::string_view::npos;
    const std::string_view head = text.substr(0, found ? at : text.size());
    text = found ? text.substr(at + marker.size()) : std::string_view();
    return head;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::keep_only_driver("ESRI Shapefile");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view rest = fuzz::as_text(data + 1, size - 1);
    bool has_shx = false, has_dbf = false;
    std::vector<std::pair<std::string, std::string>> files;
    files.emplace_back("/vsimem/fuzz/layer.shp", std::string(cut(rest, kShxMarker, has_shx)));
    if (has_shx) {
        const std::string shx(cut(rest, kDbfMarker, has_dbf));
        files.emplace_back("/vsimem/fuzz/layer.shx", shx);
        if (has_dbf) files.emplace_back("/vsimem/fuzz/layer.dbf", std::string(rest));
    }
    for (auto& [path, bytes] : files) {
        VSILFILE* file = VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(bytes.data()), bytes.size(), FALSE);
        fuzz::require(file != nullptr, "cannot make " + path);
        VSIFCloseL(file);
    }
    PolygonLayer layer;
    static const char* const id_fields[] = {"", "POLYID", "code", "name"};
    const bool read = fuzz::accepted([&] { layer = fuzz::read_layer(files[0].first, id_fields[data[0] & 3]); });
    for (const auto& file : files) VSIUnlink(file.first.c_str());
    VSIUnlink("/vsimem/fuzz");
    if (read) fuzz::check_layer(layer);
    return 0;
}
