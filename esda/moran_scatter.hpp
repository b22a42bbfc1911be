#pragma once
// The points of a Moran scatterplot (Anselin 1996): the standardised variable z = (x − x̄)/σ (σ the
// population SD, as GeoDa) against its spatial lag Wz — or, bivariate, z_x against W z_y — with the
// ids, and the LISA class of each unit when local statistics were computed. The fitted slope of Wz on
// z is Moran's I for a row-standardised W (I_B for the bivariate). Kept for the figures.

#include <string>
#include <vector>

#include <Eigen/Core>

#include "engine/lisa_class.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

struct MoranScatter {
    std::vector<std::string> ids;
    Eigen::VectorXd values;            ///< the variable as given (a map's values)
    Eigen::VectorXd z;                 ///< horizontal axis
    Eigen::VectorXd lag;               ///< vertical axis: W z (or W z_y)
    std::vector<LisaClass> classes;    ///< LISA class per unit; empty without local statistics
    double slope = 0.0;                ///< least-squares slope of lag on z (through the origin: z has mean 0)
};

/// The scatter of x (bivariate: y empty → univariate) against the lag of y, in W's unit order; a
/// constant variable gives NaN points.
MoranScatter moran_scatter(const Eigen::VectorXd& x, const SpatialWeights& w, const Eigen::VectorXd& y = {});

}  // namespace spillover
