#include "weights/weights_for_data.hpp"

#include <fmt/format.h>

#include "weights/transforms.hpp"
#include "weights/weights_io.hpp"

namespace spillover {

SpatialWeights read_weights_for(const std::vector<std::string>& unit_ids, const std::string& path,
                                const std::string& transform, std::string* description) {
    ReadWeightsOptions read_options;
    read_options.ids = unit_ids;
    SpatialWeights w = with_inferred_transform(read_weights(path, read_options));
    const WeightsTransform wanted = parse_weights_transform(transform);
    const WeightsTransform as_read = w.transform();
    if (wanted != WeightsTransform::None && wanted != as_read) w = transformed(w, wanted);
    if (description)
        *description = fmt::format("W: {} ({} units, {} links{}), {}", path, w.n(), w.links(),
                                   w.is_symmetric() ? ", symmetric" : "",
                                   wanted == WeightsTransform::None || wanted == as_read
                                       ? fmt::format("used as read ({})", to_string(as_read))
                                       : fmt::format("transformed {} -> {}", to_string(as_read), to_string(wanted)));
    return w;
}

}  // namespace spillover
