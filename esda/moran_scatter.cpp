#include "esda/moran_scatter.hpp"

#include <cmath>

namespace spillover {

namespace {
Eigen::VectorXd standardised(const Eigen::VectorXd& v) {
    const Eigen::VectorXd c = v.array() - v.mean();
    return c / std::sqrt(c.squaredNorm() / static_cast<double>(v.size()));
}
}  // namespace

MoranScatter moran_scatter(const Eigen::VectorXd& x, const SpatialWeights& w, const Eigen::VectorXd& y) {
    MoranScatter s;
    s.ids = w.ids();
    s.values = x;
    s.z = standardised(x);
    s.lag = w.lag(y.size() == 0 ? s.z : standardised(y));
    s.slope = s.z.dot(s.lag) / s.z.squaredNorm();
    return s;
}

}  // namespace spillover
