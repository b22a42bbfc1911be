#include "weights/symmetric_similar.hpp"

#include <cmath>
#include <stdexcept>

namespace spillover {

bool has_symmetric_similar(const SpatialWeights& w) {
    return w.symmetric_scaling().size() == w.n() || w.is_symmetric();
}

SymmetricSparse symmetric_similar(const SpatialWeights& w) {
    if (!has_symmetric_similar(w))
        throw std::invalid_argument("W is neither symmetric nor a row-standardised symmetric matrix");
    // Scale the values in place (t_ij = w_ij sqrt(d_i / d_j)) rather than through diagonal products,
    // whose expression templates cost minutes at 10^5 units.
    SpatialWeights::Matrix t = w.matrix();
    const Eigen::VectorXd& d = w.symmetric_scaling();
    if (d.size() == w.n()) {
        const Eigen::VectorXd root = d.array().sqrt();
        for (SpatialWeights::Index i = 0; i < t.outerSize(); ++i)
            for (SpatialWeights::Matrix::InnerIterator it(t, i); it; ++it)
                it.valueRef() *= root[i] / root[it.index()];
    }
    // A row-major matrix's arrays read as column-major are its transpose: average the two.
    const Eigen::Map<const SymmetricSparse> transpose(t.rows(), t.cols(), t.nonZeros(), t.outerIndexPtr(),
                                                      t.innerIndexPtr(), t.valuePtr());
    const SymmetricSparse as_columns(t);
    return SymmetricSparse(0.5 * (as_columns + transpose));
}

}  // namespace spillover
