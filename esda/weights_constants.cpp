#include "esda/weights_constants.hpp"

#include "engine/input_error.hpp"

namespace spillover {

WeightsConstants weights_constants(const SpatialWeights& w) {
    const SpatialWeights::Matrix& W = w.matrix();
    WeightsConstants c;
    c.n_all = static_cast<double>(w.n());
    c.n = c.n_all - static_cast<double>(w.islands().size());
    c.s0 = W.sum();
    if (!(c.s0 > 0.0))
        throw InputError("the weights have no link (every unit is an island): there is no spatial structure to test");
    const SpatialWeights::Matrix Wt = W.transpose();
    c.s1 = W.squaredNorm() + W.cwiseProduct(Wt).sum();
    Eigen::VectorXd both = Eigen::VectorXd::Zero(w.n());
    for (SpatialWeights::Index i = 0; i < W.outerSize(); ++i)
        for (SpatialWeights::Matrix::InnerIterator it(W, i); it; ++it) {
            both[i] += it.value();
            both[it.col()] += it.value();
        }
    c.s2 = both.squaredNorm();
    return c;
}

double lag_cross_product(const SpatialWeights& w, const Eigen::VectorXd& v) {
    const SpatialWeights::Matrix& W = w.matrix();
    double sum = 0.0;
    for (SpatialWeights::Index i = 0; i < W.outerSize(); ++i) {
        double lag = 0.0;
        for (SpatialWeights::Matrix::InnerIterator it(W, i); it; ++it) lag += it.value() * v[it.col()];
        sum += v[i] * lag;
    }
    return sum;
}

}  // namespace spillover
