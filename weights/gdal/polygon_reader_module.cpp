// The GDAL/OGR reader of polygon files behind read_polygon_layer, built as the module
// spillover_gdal.so (polygon_reader_module.hpp says why and what the contract is). Only this file of
// the program includes GDAL.

#include "weights/gdal/polygon_reader_module.hpp"

#include <cmath>
#include <mutex>
#include <optional>
#include <type_traits>
#include <unordered_map>

#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include "engine/input_error.hpp"

namespace spillover {

namespace {

// GDAL prints errors to stderr by default; we report them through InputError instead. The handler
// stack is per thread, so this does not disturb other threads.
class QuietGdalErrors {
public:
    QuietGdalErrors() {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
    }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

void register_gdal_drivers() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

std::string last_gdal_message(const char* fallback) {
    const std::string message = CPLGetLastErrorMsg();
    return message.empty() ? fallback : message;
}

// "feature 3 (FID 2)": the record number counts from 1 in reading order; the FID is the driver's
// own (0-based in shapefiles, the "id" member in GeoJSON) and helps find the feature in a GIS.
std::string feature_name(std::size_t record, GIntBig fid) {
    if (fid == OGRNullFID) return fmt::format("feature {}", record);
    return fmt::format("feature {} (FID {})", record, fid);
}

GDALDatasetUniquePtr open_source(const std::string& path) {
    register_gdal_drivers();
    GDALDatasetUniquePtr dataset(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, nullptr, nullptr, nullptr));
    if (!dataset)
        throw InputError(path, 0, 0,
                         "cannot open as a vector data source: " +
                             last_gdal_message("not a file format GDAL/OGR recognises"));
    return dataset;
}

OGRLayer* find_layer(GDALDataset& dataset, const std::string& path, const std::string& name) {
    if (dataset.GetLayerCount() == 0) throw InputError(path, 0, 0, "the data source has no layer");
    if (name.empty()) return dataset.GetLayer(0);
    if (OGRLayer* layer = dataset.GetLayerByName(name.c_str())) return layer;
    std::string names;
    for (int i = 0; i < dataset.GetLayerCount(); ++i)
        names.append(i == 0 ? "" : ", ").append(dataset.GetLayer(i)->GetName());
    throw InputError(path, 0, 0, fmt::format("no layer named '{}' (layers: {})", name, names));
}

int find_id_field(OGRLayer& layer, const std::string& path, const std::string& id_field) {
    if (id_field.empty()) return -1;
    const OGRFeatureDefn* definition = layer.GetLayerDefn();
    const int index = definition->GetFieldIndex(id_field.c_str());
    if (index >= 0) return index;
    std::string names;
    for (int i = 0; i < definition->GetFieldCount(); ++i)
        names.append(i == 0 ? "" : ", ").append(definition->GetFieldDefn(i)->GetNameRef());
    throw InputError(path, 0, 0,
                     fmt::format("no field named '{}' for the ids (fields: {})", id_field,
                                 names.empty() ? "none" : names));
}

// The id as text. Integer-valued reals (a shapefile N(11,6) column holding 1001) print without
// the decimal part, so that the ids match the same column read from a CSV.
std::string id_text(const OGRFeature& feature, int field) {
    switch (feature.GetFieldDefnRef(field)->GetType()) {
        case OFTInteger: return std::to_string(feature.GetFieldAsInteger(field));
        case OFTInteger64: return std::to_string(feature.GetFieldAsInteger64(field));
        case OFTReal: {
            const double value = feature.GetFieldAsDouble(field);
            if (std::trunc(value) == value && std::fabs(value) < 9007199254740992.0)
                return fmt::format("{:.0f}", value);
            return fmt::format("{}", value);
        }
        default: return feature.GetFieldAsString(field);
    }
}

Ring read_ring(const OGRLinearRing& ring) {
    Ring out(static_cast<std::size_t>(ring.getNumPoints()));
    for (int i = 0; i < ring.getNumPoints(); ++i)
        out[static_cast<std::size_t>(i)] = Point{ring.getX(i), ring.getY(i)};
    return out;
}

Polygon read_polygon(const OGRPolygon& polygon) {
    Polygon out;
    if (polygon.IsEmpty()) return out;
    out.push_back(read_ring(*polygon.getExteriorRing()));
    for (int i = 0; i < polygon.getNumInteriorRings(); ++i)
        out.push_back(read_ring(*polygon.getInteriorRing(i)));
    return out;
}

// The parts of a Polygon or MultiPolygon (2D, Z or M); nullopt for any other geometry type.
std::optional<MultiPolygon> read_shape(const OGRGeometry& geometry) {
    switch (wkbFlatten(geometry.getGeometryType())) {
        case wkbPolygon: return MultiPolygon{read_polygon(*geometry.toPolygon())};
        case wkbMultiPolygon: {
            MultiPolygon parts;
            for (const OGRPolygon* part : *geometry.toMultiPolygon())
                if (!part->IsEmpty()) parts.push_back(read_polygon(*part));
            return parts;
        }
        default: return std::nullopt;
    }
}

// Area-weighted centroid by the shoelace formula, holes subtracted; used only when OGR's
// Centroid() fails (GDAL built without GEOS). Orientation-free: |area| of the exterior, -|area|
// of each hole, whatever the file's winding convention.
Point shoelace_centroid(const MultiPolygon& shape) {
    double area = 0.0, cx = 0.0, cy = 0.0;
    for (const Polygon& polygon : shape) {
        for (std::size_t r = 0; r < polygon.size(); ++r) {
            const Ring& ring = polygon[r];
            double a = 0.0, x = 0.0, y = 0.0;
            for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
                const double cross = ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
                a += cross;
                x += (ring[i].x + ring[i + 1].x) * cross;
                y += (ring[i].y + ring[i + 1].y) * cross;
            }
            // x/(3a) is the ring's centroid whatever the sign of a; weight it by ±|a|/2.
            const double sign = (r == 0 ? 1.0 : -1.0) * (a < 0 ? -1.0 : 1.0);
            area += sign * a / 2.0;
            cx += sign * x / 6.0;
            cy += sign * y / 6.0;
        }
    }
    return Point{cx / area, cy / area};
}

Point centroid_of(const OGRGeometry& geometry, const MultiPolygon& shape) {
    OGRPoint centroid;
    if (geometry.Centroid(&centroid) == OGRERR_NONE && !centroid.IsEmpty())
        return Point{centroid.getX(), centroid.getY()};
    CPLErrorReset();
    return shoelace_centroid(shape);
}

class LayerReader {
public:
    LayerReader(const std::string& path, OGRLayer& layer, int id_field)
        : path_(path), layer_(layer), id_field_(id_field) {
        out_.source = path;
    }

    PolygonLayer read() {
        layer_.ResetReading();
        for (std::size_t record = 1;; ++record) {
            CPLErrorReset();
            OGRFeatureUniquePtr feature(layer_.GetNextFeature());
            if (!feature) {
                // A driver that fails mid-layer returns null too: do not mistake it for the end.
                if (CPLGetLastErrorType() >= CE_Failure)
                    throw InputError(path_, 0, 0,
                                     fmt::format("reading feature {}: {}", record, last_gdal_message("read error")));
                break;
            }
            add(*feature, record);
        }
        if (out_.shapes.empty()) throw InputError(path_, 0, 0, "the layer has no feature");
        return std::move(out_);
    }

private:
    void add(const OGRFeature& feature, std::size_t record) {
        const std::string name = feature_name(record, feature.GetFID());
        const OGRGeometry* geometry = feature.GetGeometryRef();
        if (geometry == nullptr || geometry->IsEmpty())
            throw InputError(path_, 0, 0, name + " has an empty geometry (contiguity needs a polygon for every unit)");
        std::optional<MultiPolygon> shape = read_shape(*geometry);
        if (!shape)
            throw InputError(path_, 0, 0,
                             fmt::format("{} is a {}, not a Polygon or MultiPolygon", name,
                                         OGRGeometryTypeToName(geometry->getGeometryType())));
        add_id(feature, record, name);
        out_.centroids.push_back(centroid_of(*geometry, *shape));
        out_.shapes.push_back(std::move(*shape));
    }

    void add_id(const OGRFeature& feature, std::size_t record, const std::string& name) {
        std::string id = std::to_string(record);
        if (id_field_ >= 0) {
            if (!feature.IsFieldSetAndNotNull(id_field_) || (id = id_text(feature, id_field_)).empty())
                throw InputError(path_, 0, 0,
                                 fmt::format("{} has no value in the id field '{}'", name,
                                             feature.GetFieldDefnRef(id_field_)->GetNameRef()));
        }
        const auto [it, fresh] = first_record_.emplace(id, record);
        if (!fresh)
            throw InputError(path_, 0, 0,
                             fmt::format("{} has the id '{}' of feature {} (ids must be unique)", name, id, it->second));
        out_.ids.push_back(std::move(id));
    }

    const std::string& path_;
    OGRLayer& layer_;
    int id_field_;
    PolygonLayer out_;
    std::unordered_map<std::string, std::size_t> first_record_;
};

PolygonLayer read_with_gdal(const std::string& path, const std::string& id_field, const std::string& layer) {
    const QuietGdalErrors quiet;
    GDALDatasetUniquePtr dataset = open_source(path);
    OGRLayer* source_layer = find_layer(*dataset, path, layer);
    const int field = find_id_field(*source_layer, path, id_field);
    return LayerReader(path, *source_layer, field).read();
}

}  // namespace

}  // namespace spillover

// The entry point (polygon_reader_module.hpp); its type is checked against the contract's.
extern "C" __attribute__((visibility("default"))) void spillover_read_polygon_layer_v1(
    const std::string& path, const std::string& id_field, const std::string& layer, spillover::PolygonLayer& out) {
    out = spillover::read_with_gdal(path, id_field, layer);
}
static_assert(std::is_same_v<decltype(&spillover_read_polygon_layer_v1), spillover::PolygonReaderEntry>);
