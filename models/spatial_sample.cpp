#include "models/spatial_sample.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "engine/input_error.hpp"

namespace spillover {

SpatialSample::SpatialSample(const SpatialWeights& w) : w_(&w), shape_(SampleShape::cross_section(w.n())) {}

SpatialSample::SpatialSample(const SpatialWeights& w, SampleShape shape) : w_(&w), shape_(shape) {
    shape_.validate();
    if (shape_.units != w.n())
        throw std::invalid_argument(fmt::format("spatial sample: {} units in the shape, {} in W", shape_.units, w.n()));
}

Eigen::VectorXd SpatialSample::lag(const Eigen::VectorXd& x) const {
    if (shape_.periods == 1) return w_->lag(x);
    return stacked(w_->lag(blocks(x)), 1);
}

Eigen::MatrixXd SpatialSample::lag(const Eigen::MatrixXd& x) const {
    if (shape_.periods == 1) return w_->lag(x);
    return stacked(w_->lag(blocks(x)), x.cols());
}

Eigen::MatrixXd SpatialSample::blocks(const Eigen::MatrixXd& x) const {
    if (x.rows() != rows())
        throw std::invalid_argument(fmt::format("spatial sample: {} rows for {} units in {} periods", x.rows(), units(), periods()));
    // Column-major storage: column j's periods are contiguous blocks of N, so the reshape is a view.
    return Eigen::Map<const Eigen::MatrixXd>(x.data(), units(), periods() * x.cols());
}

Eigen::MatrixXd SpatialSample::stacked(Eigen::MatrixXd blocks, Eigen::Index columns) const {
    blocks.resize(rows(), columns);  // same coefficients, reinterpreted (no copy)
    return blocks;
}

Eigen::VectorXd SpatialSample::lag_of_solve(const SpatialSolver& solver, const Eigen::VectorXd& v) const {
    return stacked(w_->lag(solver.solve(blocks(v))), 1);
}

void SpatialSample::check_rows(const DesignMatrix& design) const {
    if (design.n() != rows())
        throw InputError(fmt::format("W has {} units but the data {} rows{}", units(), design.n(),
                                     periods() > 1 ? fmt::format(" (for {} periods)", periods()) : ""));
    const auto& row_ids = design.ids;
    if (row_ids.empty()) return;
    if (static_cast<Eigen::Index>(row_ids.size()) != rows())
        throw std::invalid_argument(fmt::format("the design has {} ids for {} rows", row_ids.size(), rows()));
    const auto& ids = w_->ids();
    for (std::size_t r = 0; r < row_ids.size(); ++r) {
        const std::size_t unit = r % ids.size();
        if (row_ids[r] != ids[unit])
            throw InputError(fmt::format("row {} of the data has id '{}' but unit {} of the weights has id '{}': the "
                                         "rows must follow W's units (read W with the data's ids)",
                                         r + 1, row_ids[r], unit + 1, ids[unit]));
    }
}

}  // namespace spillover
