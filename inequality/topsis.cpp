#include "inequality/topsis.hpp"

#include <limits>
#include <stdexcept>

#include "engine/input_error.hpp"

namespace spillover {

Eigen::MatrixXd vector_normalise(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Indicator>& indicators) {
    Eigen::MatrixXd r(x.rows(), x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const Indicator& indicator = indicators[static_cast<std::size_t>(j)];
        const double norm = x.col(j).norm();
        if (!(norm > 0.0)) throw InputError("indicator '" + indicator.name + "' is 0 everywhere: no vector normalisation");
        r.col(j) = x.col(j) / (indicator.direction == Direction::Positive ? norm : -norm);
    }
    return r;
}

Eigen::VectorXd topsis_closeness(const Eigen::Ref<const Eigen::MatrixXd>& larger_is_better, const Eigen::VectorXd& w) {
    if (larger_is_better.cols() != w.size())
        throw std::invalid_argument("topsis_closeness: " + std::to_string(larger_is_better.cols()) + " columns for " +
                                    std::to_string(w.size()) + " weights");
    const Eigen::MatrixXd v = larger_is_better * w.asDiagonal();
    const Eigen::RowVectorXd best = v.colwise().maxCoeff(), worst = v.colwise().minCoeff();
    const Eigen::VectorXd to_best = (v.rowwise() - best).rowwise().norm();
    const Eigen::VectorXd to_worst = (v.rowwise() - worst).rowwise().norm();
    Eigen::VectorXd c(v.rows());
    for (Eigen::Index i = 0; i < v.rows(); ++i) {
        const double both = to_best(i) + to_worst(i);
        c(i) = both > 0.0 ? to_worst(i) / both : std::numeric_limits<double>::quiet_NaN();
    }
    return c;
}

}  // namespace spillover
