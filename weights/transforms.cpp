#include "weights/transforms.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "weights/spectrum.hpp"

namespace spillover {

using Matrix = SpatialWeights::Matrix;
using Index = SpatialWeights::Index;

Eigen::VectorXd row_sums(const SpatialWeights& w) { return w.matrix() * Eigen::VectorXd::Ones(w.n()); }

namespace {

/// `values` by value: callers pass taken(m), since std::move(m) would copy (spatial_weights.hpp).
SpatialWeights with_values(const SpatialWeights& w, Matrix values, WeightsTransform transform,
                           Eigen::VectorXd symmetric_scaling) {
    SpatialWeights out(w.ids(), taken(values), transform);
    out.set_symmetric_scaling(std::move(symmetric_scaling));
    return out;
}

SpatialWeights binary(const SpatialWeights& w) {
    Matrix m = w.matrix();
    for (Index k = 0; k < m.nonZeros(); ++k) m.valuePtr()[k] = 1.0;
    // A binary matrix is itself symmetric or not; no scaling to remember.
    return with_values(w, taken(m), WeightsTransform::Binary, {});
}

SpatialWeights row_standardised(const SpatialWeights& w) {
    const Eigen::VectorXd sums = row_sums(w);
    Matrix m = w.matrix();
    double* values = m.valuePtr();
    bool overflow = false;
    for (Index i = 0; i < m.outerSize(); ++i) {
        const Index begin = m.outerIndexPtr()[i], end = m.outerIndexPtr()[i + 1];
        if (std::isfinite(sums(i))) {
            for (Index k = begin; k < end; ++k) values[k] /= sums(i);
            continue;
        }
        // Finite weights whose sum overflows (1e308 + 1e308): w / inf would be 0, an island made of a
        // unit with neighbours. Divide by the row's largest weight first, then by that sum (<= n).
        overflow = true;
        const double largest = *std::max_element(values + begin, values + end);
        double sum = 0.0;
        for (Index k = begin; k < end; ++k) sum += values[k] / largest;
        for (Index k = begin; k < end; ++k) values[k] = values[k] / largest / sum;
    }
    // W = D⁻¹B with B the input: remember d when B is symmetric (islands get 1: their row is 0), and
    // can be written down (no row sum overflowed).
    Eigen::VectorXd scaling;
    if (w.transform() == WeightsTransform::Row)
        scaling = w.symmetric_scaling();
    else if (w.is_symmetric() && !overflow)
        scaling = (sums.array() > 0).select(sums, 1.0);
    return with_values(w, taken(m), WeightsTransform::Row, std::move(scaling));
}

SpatialWeights scaled(const SpatialWeights& w, double divisor, WeightsTransform transform) {
    if (!(divisor > 0))
        throw InputError(fmt::format("cannot apply the {} transform: the scale is {} (W has no links?)",
                                     to_string(transform), divisor));
    // An infinite scale (a row sum of finite weights that overflows) would divide every weight to 0.
    if (!std::isfinite(divisor))
        throw InputError(fmt::format("cannot apply the {} transform: the scale is {} (weights so large that "
                                     "their sums overflow)",
                                     to_string(transform), divisor));
    Matrix m = w.matrix() / divisor;
    return with_values(w, taken(m), transform, w.symmetric_scaling());
}

}  // namespace

SpatialWeights transformed(const SpatialWeights& w, WeightsTransform transform) {
    switch (transform) {
        case WeightsTransform::None: return w;
        case WeightsTransform::Binary: return binary(w);
        case WeightsTransform::Row: return row_standardised(w);
        case WeightsTransform::Spectral: {
            const ExtremeEigenvalues ev = extreme_eigenvalues(w);
            return scaled(w, std::max(std::fabs(ev.smallest), std::fabs(ev.largest)), transform);
        }
        case WeightsTransform::MinMax: {
            const Eigen::RowVectorXd cols = Eigen::RowVectorXd::Ones(w.n()) * w.matrix();
            return scaled(w, std::min(row_sums(w).maxCoeff(), cols.maxCoeff()), transform);
        }
    }
    return w;
}

SpatialWeights with_inferred_transform(SpatialWeights w) {
    if (w.transform() != WeightsTransform::None || w.links() == 0) return w;
    const Matrix& m = w.matrix();
    const Eigen::Map<const Eigen::VectorXd> values(m.valuePtr(), m.nonZeros());
    // Mark w rather than build it again (same ids, same values); clear the scaling, which a W built
    // again would not have.
    if ((values.array() == 1.0).all()) {
        w.set_transform(WeightsTransform::Binary);
        w.set_symmetric_scaling({});
        return w;
    }
    const Eigen::VectorXd sums = row_sums(w);
    for (Index i = 0; i < w.n(); ++i)
        if (w.cardinality(i) > 0 && std::fabs(sums(i) - 1.0) > 1e-12) return w;
    Eigen::VectorXd cardinality(w.n());
    bool equal_rows = w.is_pattern_symmetric();
    for (Index i = 0; i < w.n() && equal_rows; ++i) {
        cardinality(i) = w.cardinality(i) > 0 ? static_cast<double>(w.cardinality(i)) : 1.0;
        for (Matrix::InnerIterator it(m, i); it && equal_rows; ++it)
            equal_rows = std::fabs(it.value() * cardinality(i) - 1.0) <= 1e-12;
    }
    w.set_transform(WeightsTransform::Row);
    w.set_symmetric_scaling(equal_rows ? std::move(cardinality) : Eigen::VectorXd());
    return w;
}

SpatialWeights symmetrised(const SpatialWeights& w, SymmetriseRule rule) {
    const Matrix t = Matrix(w.matrix().transpose());
    if (rule == SymmetriseRule::Average) return SpatialWeights(w.ids(), Matrix(0.5 * (w.matrix() + t)), w.transform());
    Matrix pattern = w.matrix() + t;
    for (Index k = 0; k < pattern.nonZeros(); ++k) pattern.valuePtr()[k] = 1.0;
    return SpatialWeights(w.ids(), taken(pattern), WeightsTransform::Binary);
}

}  // namespace spillover
