#include "models/spatial_fit.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace spillover {

void SpatialFitOptions::validate() const {
    logdet.validate();
    search.validate();
    traces.validate();
    if (!(rank_tolerance > 0 && rank_tolerance < 1))
        throw std::invalid_argument(fmt::format("rank_tolerance must be in (0, 1), got {}", rank_tolerance));
    if (lr_refit_limit < 0) throw std::invalid_argument("lr_refit_limit must be >= 0");
    if (reorder_min_units < 0) throw std::invalid_argument("reorder_min_units must be >= 0");
}

SpatialFit as_spatial_fit(const OlsFit& ols) {
    SpatialFit fit;
    static_cast<EstimationResult&>(fit) = ols;
    fit.beta = ols.beta;
    fit.covariance = ols.covariance;
    fit.fitted = ols.fitted;
    fit.residuals = ols.residuals;
    fit.ids = ols.ids;
    fit.shape = SampleShape::cross_section(ols.fitted.size());
    return fit;
}

}  // namespace spillover
