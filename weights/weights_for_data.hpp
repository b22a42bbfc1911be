#pragma once
// W for a data set: read from a file with the data's unit ids as its unit order, then transformed as
// the model asks. Every id must be in the file and the file may hold no other unit (the file's
// reader says which id is missing or extra); the transform is applied unless the file's weights
// already have it — row-standardised by default, as spdep's nb2listw default style "W"; "none"
// keeps the file's weights.

#include <string>
#include <vector>

#include "weights/spatial_weights.hpp"

namespace spillover {

/// W from `path` with the units in the order of `unit_ids` (distinct ids, one per unit), transformed
/// by `transform` (a name as in weights/spatial_weights.hpp). `description` receives one line saying
/// what W is: the file, units, links, symmetry and the transform applied.
SpatialWeights read_weights_for(const std::vector<std::string>& unit_ids, const std::string& path,
                                const std::string& transform, std::string* description = nullptr);

}  // namespace spillover
