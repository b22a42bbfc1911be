#pragma once
// The `spillover weights build` workflow: which builder, from which source, then symmetrising and
// the transform. The command line fills a WeightsRequest; everything it means lives here, so a test
// runs exactly what the command runs.
//
// Sources
//   polygons   --shapes FILE [--id-field F]: contiguity, or (for point builders) the centroids.
//   points     --data FILE --coords X,Y [--id COL]: coordinate columns of a table.
//   attributes --data FILE --id COL: economic distance (means of a column over the rows of each id,
//              so a long panel works) and blocks (a group column, one row per unit).
// Ids are the data's ids (or the id field), else 1..n in record order.
//
// Defaults the output states: the transform is row-standardisation for every method except kernels
// (kept as PySAL's Kernel: no transform, K(0) on the diagonal); islands are allowed (zero rows, as
// spdep's zero.policy = TRUE) unless `allow_islands` is false.

#include <optional>
#include <string>
#include <vector>

#include "engine/csv_reader.hpp"
#include "weights/contiguity.hpp"
#include "weights/kernel_weights.hpp"
#include "weights/transforms.hpp"

namespace spillover {

enum class WeightsMethod {
    Contiguity,       ///< queen/rook from polygons
    Knn,              ///< k nearest neighbours
    DistanceBand,     ///< binary, 0 ≤ d ≤ band
    InverseDistance,  ///< 1/d^power, every pair or within a cutoff
    Exponential,      ///< exp(−d/scale), every pair or within a cutoff
    Kernel,           ///< kernel of d/h, fixed or adaptive bandwidth
    Economic,         ///< 1/|x̄_i − x̄_j|
    NestedProduct,    ///< (1/d^φ)·(x̄_j/x̄)
    NestedMix,        ///< φ·W_geo + (1 − φ)·W_econ, W_geo = 1/d^power
    Block,            ///< same group
};

struct WeightsRequest {
    WeightsMethod method = WeightsMethod::Contiguity;

    // Sources.
    std::string shapes_path;  ///< polygons (contiguity; centroids for point methods)
    std::string id_field;     ///< id field of the polygons
    std::string data_path;    ///< table with coordinates / attributes
    std::string x_column, y_column;
    std::string id_column;
    CsvOptions csv;
    bool lonlat = false;  ///< coordinates in degrees, distances in km (great circle)

    // Parameters.
    ContiguityOptions contiguity;
    int k = 0;                      ///< kNN
    double band = 0.0;              ///< distance band upper bound
    std::optional<double> cutoff;   ///< inverse distance / exponential: only pairs with d ≤ cutoff
    double power = 1.0;             ///< inverse distance power; the nested mix's geographic power
    double scale = 1.0;             ///< exponential θ
    KernelOptions kernel;
    std::string attribute_column;   ///< economic / nested: the attribute; block: the group
    double phi = 1.0;               ///< nested: the distance power (product) or geography's share (mix)

    int order = 1;            ///< > 1: neighbours of order `order` (spdep nblag), before the transform
    bool cumulative = false;  ///< with order: every order up to `order` (spdep nblag_cumul)
    std::optional<SymmetriseRule> symmetrise;
    std::optional<WeightsTransform> transform;  ///< absent: the method's default (see above)
    bool allow_islands = true;

    void validate() const;
    WeightsTransform effective_transform() const;
};

struct BuiltWeights {
    SpatialWeights weights;
    std::vector<std::string> notes;  ///< what was done, for the user (method, transform, islands)
    bool binary_links = false;       ///< every link weighed 1 before the transform (GAL can hold it)
};

BuiltWeights build_weights(const WeightsRequest& request);

}  // namespace spillover
