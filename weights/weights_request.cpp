#include "weights/weights_request.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "engine/read_table.hpp"
#include "weights/attribute_weights.hpp"
#include "weights/distance_band.hpp"
#include "weights/graph.hpp"
#include "weights/knn.hpp"
#include "weights/point_set.hpp"
#include "weights/polygon_layer.hpp"

namespace spillover {

namespace {

bool needs_points(WeightsMethod m) {
    return m == WeightsMethod::Knn || m == WeightsMethod::DistanceBand || m == WeightsMethod::InverseDistance ||
           m == WeightsMethod::Exponential || m == WeightsMethod::Kernel || m == WeightsMethod::NestedProduct ||
           m == WeightsMethod::NestedMix;
}

bool needs_attribute(WeightsMethod m) {
    return m == WeightsMethod::Economic || m == WeightsMethod::NestedProduct || m == WeightsMethod::NestedMix ||
           m == WeightsMethod::Block;
}

void require(bool condition, const std::string& message) {
    if (!condition) throw InputError(message);
}

}  // namespace

void WeightsRequest::validate() const {
    if (method == WeightsMethod::Contiguity) {
        require(!shapes_path.empty(), "contiguity weights need polygons: --shapes FILE");
        contiguity.validate();
    }
    if (needs_points(method))
        require(!shapes_path.empty() || (!data_path.empty() && !x_column.empty() && !y_column.empty()),
                "distance-based weights need points: --data FILE --coords X,Y, or --shapes FILE (centroids)");
    if (needs_attribute(method)) {
        require(!data_path.empty() && !attribute_column.empty(), "attribute weights need --data FILE and the attribute column");
        require(!id_column.empty() || method == WeightsMethod::Block || method == WeightsMethod::Economic,
                "nested weights need --id COLUMN to match the attribute to the points");
    }
    if (method == WeightsMethod::Knn) require(k >= 1, fmt::format("--knn needs k >= 1, got {}", k));
    if (method == WeightsMethod::DistanceBand)
        require(band > 0 && std::isfinite(band), fmt::format("--distance-band needs a positive distance, got {}", band));
    if (cutoff) require(*cutoff > 0, fmt::format("--cutoff must be positive, got {}", *cutoff));
    require(power > 0 && std::isfinite(power), fmt::format("the distance power must be positive, got {}", power));
    require(scale > 0 && std::isfinite(scale), fmt::format("the exponential scale must be positive, got {}", scale));
    if (method == WeightsMethod::Kernel) kernel.validate();
    if (method == WeightsMethod::NestedMix) require(phi >= 0 && phi <= 1, fmt::format("--phi must be in [0, 1] for the mix, got {}", phi));
    if (method == WeightsMethod::NestedProduct) require(phi > 0 && std::isfinite(phi), fmt::format("--phi (the distance power) must be positive, got {}", phi));
    require(order >= 1, fmt::format("--order must be >= 1, got {}", order));
    csv.validate();
}

WeightsTransform WeightsRequest::effective_transform() const {
    if (transform) return *transform;
    return method == WeightsMethod::Kernel ? WeightsTransform::None : WeightsTransform::Row;
}

namespace {

/// The request and its data table, read once however many parts of a method need it.
class Inputs {
public:
    explicit Inputs(const WeightsRequest& request) : request(request) {}
    const WeightsRequest& request;
    const DataTable& table() {
        if (table_) return *table_;
        // Every column the request names, checked against the header before any cell is read.
        const std::vector<std::string> used{request.x_column, request.y_column, request.id_column,
                                            request.attribute_column};
        CsvOptions csv = request.csv;
        csv.required_columns = used;
        table_ = read_table(request.data_path, csv);
        table_->require_columns(used);  // a .dta file is checked once read
        return *table_;
    }

private:
    std::optional<DataTable> table_;
};

PointSet load_points(Inputs& in) {
    const WeightsRequest& r = in.request;
    if (r.data_path.empty()) {
        const PolygonLayer layer = read_polygon_layer(r.shapes_path, r.id_field);
        Eigen::MatrixX2d xy(static_cast<Eigen::Index>(layer.centroids.size()), 2);
        for (std::size_t i = 0; i < layer.centroids.size(); ++i)
            xy.row(static_cast<Eigen::Index>(i)) << layer.centroids[i].x, layer.centroids[i].y;
        PointSet points{layer.ids, xy, r.lonlat};
        points.validate();
        return points;
    }
    const DataTable& table = in.table();
    return PointSet::from_table(table, r.x_column, r.y_column, r.id_column, r.lonlat);
}

SpatialWeights all_pairs_decay(const PointSet& points, DistanceDecay decay, double power, double scale,
                               std::optional<double> cutoff) {
    DistanceBandOptions band;
    band.upper = cutoff.value_or(std::numeric_limits<double>::infinity());
    DistanceWeightsOptions weights;
    weights.decay = decay;
    weights.power = power;
    weights.scale = scale;
    return distance_weights(points, band, weights);
}

UnitMeans attribute_means(Inputs& in) {
    const WeightsRequest& r = in.request;
    const DataTable& table = in.table();
    if (r.id_column.empty()) {
        UnitMeans m;
        const auto& values = table.numeric(r.attribute_column);
        m.means = Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
        for (std::size_t i = 0; i < values.size(); ++i) m.ids.push_back(std::to_string(i + 1));
        return m;
    }
    return unit_means(table, r.id_column, r.attribute_column);
}

SpatialWeights block_from_table(Inputs& in) {
    const WeightsRequest& r = in.request;
    const DataTable& table = in.table();
    std::vector<std::string> ids;
    if (r.id_column.empty())
        for (std::size_t i = 0; i < table.rows(); ++i) ids.push_back(std::to_string(i + 1));
    else
        ids = table.ids(r.id_column);
    const Column& group = table.column(r.attribute_column);
    std::vector<std::string> groups;
    for (std::size_t i = 0; i < table.rows(); ++i) {
        if (group.missing[i])
            throw InputError(table.source(), table.source_line(i), group.position,
                             fmt::format("missing group in column '{}' for unit \"{}\"", group.name, ids[i]));
        groups.emplace_back(group.text[i]);
    }
    return block_weights(ids, groups);
}

SpatialWeights build_raw(const WeightsRequest& r, std::vector<std::string>& notes) {
    Inputs in(r);
    switch (r.method) {
        case WeightsMethod::Contiguity: {
            notes.push_back(fmt::format("{} contiguity (spdep poly2nb rule), snap {}", to_string(r.contiguity.rule), r.contiguity.snap));
            return contiguity_weights(read_polygon_layer(r.shapes_path, r.id_field), r.contiguity);
        }
        case WeightsMethod::Knn: {
            KnnOptions o;
            o.k = r.k;
            notes.push_back(fmt::format("{} nearest neighbours (spdep knearneigh)", r.k));
            return knn_weights(load_points(in), o);
        }
        case WeightsMethod::DistanceBand: {
            DistanceBandOptions o;
            o.upper = r.band;
            notes.push_back(fmt::format("distance band 0 <= d <= {} (spdep dnearneigh)", r.band));
            return distance_band_weights(load_points(in), o);
        }
        case WeightsMethod::InverseDistance:
            notes.push_back(fmt::format("inverse distance 1/d^{}{}", r.power, r.cutoff ? fmt::format(", d <= {}", *r.cutoff) : ", every pair"));
            return all_pairs_decay(load_points(in), DistanceDecay::Inverse, r.power, r.scale, r.cutoff);
        case WeightsMethod::Exponential:
            notes.push_back(fmt::format("exponential exp(-d/{}){}", r.scale, r.cutoff ? fmt::format(", d <= {}", *r.cutoff) : ", every pair"));
            return all_pairs_decay(load_points(in), DistanceDecay::Exponential, r.power, r.scale, r.cutoff);
        case WeightsMethod::Kernel:
            notes.push_back(fmt::format("{} kernel (PySAL conventions, K(0) on the diagonal)", to_string(r.kernel.function)));
            return kernel_weights(load_points(in), r.kernel);
        case WeightsMethod::Economic:
            notes.push_back(fmt::format("economic distance 1/|mean_i - mean_j| of '{}'", r.attribute_column));
            return economic_distance_weights(attribute_means(in));
        case WeightsMethod::NestedProduct:
            notes.push_back(fmt::format("nested (product): (1/d^{}) * mean_j/mean of '{}'", r.phi, r.attribute_column));
            return nested_product_weights(all_pairs_decay(load_points(in), DistanceDecay::Inverse, r.phi, 1.0, r.cutoff),
                                          attribute_means(in));
        case WeightsMethod::NestedMix:
            notes.push_back(fmt::format("nested (mix): {} * row(1/d^{}) + {} * row(economic distance of '{}')", r.phi,
                                        r.power, 1.0 - r.phi, r.attribute_column));
            return nested_mix_weights(all_pairs_decay(load_points(in), DistanceDecay::Inverse, r.power, 1.0, r.cutoff),
                                      economic_distance_weights(attribute_means(in)), r.phi);
        case WeightsMethod::Block:
            notes.push_back(fmt::format("block weights: same '{}'", r.attribute_column));
            return block_from_table(in);
    }
    throw std::logic_error("unknown weights method");
}

}  // namespace

BuiltWeights build_weights(const WeightsRequest& request) {
    request.validate();
    BuiltWeights out;
    SpatialWeights w = build_raw(request, out.notes);
    if (request.symmetrise) {
        w = symmetrised(w, *request.symmetrise);
        out.notes.push_back(*request.symmetrise == SymmetriseRule::Union ? "symmetrised: union of links (spdep make.sym.nb)"
                                                                         : "symmetrised: (W + W')/2");
    }
    if (request.order > 1) {
        w = higher_order(w, request.order, request.cumulative ? NeighbourOrder::Cumulative : NeighbourOrder::Exclusive);
        out.notes.push_back(fmt::format("neighbours of order {} (spdep {})", request.order,
                                        request.cumulative ? "nblag_cumul: orders 1 to k" : "nblag: exactly k steps"));
    }
    out.binary_links = (Eigen::Map<const Eigen::VectorXd>(w.matrix().valuePtr(), w.links()).array() == 1.0).all();
    const auto islands = w.islands();
    if (!islands.empty()) {
        std::string list;
        for (std::size_t i = 0; i < std::min<std::size_t>(islands.size(), 10); ++i)
            list += (i ? ", " : "") + w.ids()[static_cast<std::size_t>(islands[i])];
        if (islands.size() > 10) list += ", ...";
        if (!request.allow_islands)
            throw InputError(fmt::format("{} units have no neighbour ({}); widen the band or allow islands", islands.size(), list));
        out.notes.push_back(fmt::format("WARNING: {} islands ({}): their rows stay zero (spdep zero.policy = TRUE)", islands.size(), list));
    }
    const WeightsTransform t = request.effective_transform();
    out.weights = transformed(w, t);
    out.notes.push_back(fmt::format("transform: {}{}", to_string(t), request.transform ? "" : " (the default)"));
    return out;
}

}  // namespace spillover
