#include "models/spatial_sample.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>

#include <Eigen/SparseLU>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "engine/numerical_failure.hpp"

namespace spillover {

SpatialSample::SpatialSample(const SpatialWeights& w) : w_(&w), shape_(SampleShape::cross_section(w.n())) {}

std::string_view to_string(LagConvention convention) {
    return convention == LagConvention::DemeanLag ? "demean-lag" : "lag-demeaned";
}

LagConvention parse_lag_convention(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "demean-lag") return LagConvention::DemeanLag;
    if (lower == "lag-demeaned") return LagConvention::LagDemeaned;
    throw InputError(fmt::format("unknown lag convention '{}' (available: demean-lag, the model's own within "
                                 "transformation; lag-demeaned, as SDPDmod)",
                                 name));
}

SpatialSample::SpatialSample(const SpatialWeights& w, SampleShape shape, PanelTransformation transformation)
    : w_(&w), shape_(shape), transformation_(transformation) {
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

Eigen::VectorXd SpatialSample::within(const Eigen::VectorXd& x) const {
    if (!has_fixed_effects()) return x;
    return spillover::within(x, shape_.units, shape_.periods, transformation_.effects);
}

Eigen::MatrixXd SpatialSample::within(const Eigen::MatrixXd& x) const {
    if (!has_fixed_effects()) return x;
    return spillover::within(x, shape_.units, shape_.periods, transformation_.effects);
}

DesignMatrix SpatialSample::within(const DesignMatrix& design) const {
    if (!has_fixed_effects()) return design;
    DesignMatrix out;  // y, X and their names: the row ids stay with the raw design (10^6 strings)
    out.response_name = design.response_name;
    out.column_names = design.column_names;
    out.has_intercept = design.has_intercept;
    out.dropped = design.dropped;
    out.y = within(design.y);
    out.X = within(design.X);
    return out;
}

const DesignMatrix& SpatialSample::within(const DesignMatrix& design, DesignMatrix& storage) const {
    if (!has_fixed_effects()) return design;
    storage = within(design);
    return storage;
}

Eigen::VectorXd SpatialSample::within_lag(const Eigen::VectorXd& x) const {
    if (transformation_.convention == LagConvention::LagDemeaned) return lag(within(x));
    return within(lag(x));
}

Eigen::MatrixXd SpatialSample::within_lag(const Eigen::MatrixXd& x) const {
    if (transformation_.convention == LagConvention::LagDemeaned) return lag(within(x));
    return within(lag(x));
}

SpatialTraces SpatialSample::traces(double parameter, const TraceOptions& options, LogDeterminant& logdet) const {
    SpatialTraces traces = spatial_traces(*w_, parameter, options, &logdet);
    if (shape_.unit_root != 0.0) {
        // The shape's rule m·t + c·f(1) takes 1/(1 − ρ)² off T3; the transformed model takes ‖Gᵀι‖²/N.
        const double at_one = 1.0 / (1.0 - parameter);
        traces.wa_cross.value += at_one * at_one - unit_transformation_column_term(parameter);
    }
    return traces;
}

double SpatialSample::unit_transformation_column_term(double rho) const {
    using Sparse = Eigen::SparseMatrix<double>;
    Sparse identity(units(), units());
    identity.setIdentity();
    const Sparse wt = Sparse(w_->matrix().transpose());
    const Sparse at = identity - rho * wt;
    Eigen::SparseLU<Sparse> lu;
    lu.compute(at);
    if (lu.info() != Eigen::Success) throw NumericalFailure("the sparse LU of I - rho W' failed");
    const Eigen::VectorXd column_sums = wt * Eigen::VectorXd::Ones(units());
    const Eigen::VectorXd g_ones = lu.solve(column_sums);  // Gᵀι = A⁻ᵀ Wᵀ ι
    return g_ones.squaredNorm() / static_cast<double>(units());
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
