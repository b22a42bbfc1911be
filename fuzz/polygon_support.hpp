#pragma once
// What the two polygon harnesses (fuzz_geojson.cpp, fuzz_shapefile.cpp) share: the GDAL module's entry
// point, compiled into them (fuzz/CMakeLists.txt), GDAL limited to the one driver a harness fuzzes, and
// the checks a user's run makes of a layer: its promises (polygon_layer.hpp) and contiguity weights
// built from it, queen and rook (weights/contiguity.hpp), checked as every W (fuzz_support.hpp).
#include <gdal_priv.h>

#include <set>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "weights/contiguity.hpp"
#include "weights/polygon_layer.hpp"

// weights/gdal/polygon_reader_module.cpp: what read_polygon_layer calls through dlopen.
extern "C" void spillover_read_polygon_layer_v1(const std::string& path, const std::string& id_field,
                                                const std::string& layer, spillover::PolygonLayer& out);

namespace spillover::fuzz {

inline PolygonLayer read_layer(const std::string& path, const std::string& id_field) {
    PolygonLayer layer;
    spillover_read_polygon_layer_v1(path, id_field, "", layer);
    return layer;
}

/// Registers GDAL's drivers the way the module does (its first read), then deregisters all but
/// `driver`, so that the bytes reach the format the harness is about rather than GDAL's ~200 others.
inline void keep_only_driver(const char* driver) {
    (void)accepted([] { (void)read_layer("/vsimem/nothing-here", ""); });
    GDALDriverManager* manager = GetGDALDriverManager();
    for (int i = manager->GetDriverCount() - 1; i >= 0; --i) {
        GDALDriver* d = manager->GetDriver(i);
        if (std::string(d->GetDescription()) == driver) continue;
        manager->DeregisterDriver(d);
        GDALDestroyDriver(d);  // deregistering alone leaves the driver to LeakSanitizer
    }
    require(manager->GetDriverCount() == 1, std::string("GDAL has no driver ") + driver);
}

inline void check_layer(const PolygonLayer& layer) {
    const std::size_t n = layer.size();
    require(n > 0, "a layer without a feature");
    require(layer.ids.size() == n && layer.centroids.size() == n, "ids, shapes and centroids differ in number");
    std::set<std::string> ids;
    for (const std::string& id : layer.ids) {
        require(!id.empty(), "an empty id");
        require(ids.insert(id).second, "id '" + id + "' twice");
    }
    for (const ContiguityRule rule : {ContiguityRule::Queen, ContiguityRule::Rook}) {
        ContiguityOptions options;
        options.rule = rule;
        SpatialWeights w;
        if (!accepted([&] { w = contiguity_weights(layer, options); })) continue;
        require(w.n() == static_cast<SpatialWeights::Index>(n), "contiguity W is not one unit per feature");
        require(w.ids() == layer.ids, "contiguity W's ids are not the layer's");
        check_weights(w);
    }
}

}  // namespace spillover::fuzz
