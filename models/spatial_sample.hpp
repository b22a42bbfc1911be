#pragma once
// The sample a spatial fit runs over: W (N × N, the same in every period), the sample's shape
// (engine/sample_shape.hpp: N units in T periods, rows stacked period by period, the observation
// count and the Jacobian's multiplier and unit-root term), and the operators the estimators need on
// stacked data:
//     lag(x)   = (I_T ⊗ W) x          each period's block of N rows lagged with W,
//     blocks(x) = the N × T matrix whose column t is period t's block, and stacked() its inverse,
// so that a solve with I − ρW takes all periods as one block of right-hand sides. A cross-section is
// T = 1: lag(x) is then exactly W x.
//
// The rows of the data must follow W's units within each period (row t·N + i is unit i of W in
// period t); `check_rows` says where they do not.

#include <string>
#include <vector>

#include <Eigen/Dense>

#include "engine/design_matrix.hpp"
#include "engine/sample_shape.hpp"
#include "solvers/spatial_solve.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

class SpatialSample {
public:
    /// A cross-section on W: N = W's units, T = 1.
    explicit SpatialSample(const SpatialWeights& w);
    /// `shape.units` must be W's units (std::invalid_argument otherwise, and for an invalid shape).
    SpatialSample(const SpatialWeights& w, SampleShape shape);

    const SpatialWeights& w() const noexcept { return *w_; }
    const SampleShape& shape() const noexcept { return shape_; }
    Eigen::Index units() const noexcept { return static_cast<Eigen::Index>(shape_.units); }
    Eigen::Index periods() const noexcept { return static_cast<Eigen::Index>(shape_.periods); }
    Eigen::Index rows() const noexcept { return static_cast<Eigen::Index>(shape_.rows()); }
    double observations() const noexcept { return shape_.observations; }

    /// (I_T ⊗ W) x. std::invalid_argument when x has not rows() rows.
    Eigen::VectorXd lag(const Eigen::VectorXd& x) const;
    Eigen::MatrixXd lag(const Eigen::MatrixXd& x) const;
    /// The periods of stacked x as columns: N × (T · x.cols()), period t of column j at column j·T + t.
    Eigen::MatrixXd blocks(const Eigen::MatrixXd& x) const;
    /// The inverse of blocks: back to rows() × `columns`.
    Eigen::MatrixXd stacked(Eigen::MatrixXd blocks, Eigen::Index columns) const;
    /// (I_T ⊗ W A⁻¹) v with `solver` solving A = I − ρW (solvers/spatial_solve.hpp): every period
    /// in one block of right-hand sides. The information matrices' W A⁻¹ Xβ.
    Eigen::VectorXd lag_of_solve(const SpatialSolver& solver, const Eigen::VectorXd& v) const;

    /// InputError unless the design has rows() rows whose ids repeat W's ids in every period: the
    /// data's rows must be W's units in W's order (read W with the data's ids). Names the first row
    /// that differs. A design without ids (built by hand) is checked for its size only.
    void check_rows(const DesignMatrix& design) const;

private:
    const SpatialWeights* w_;
    SampleShape shape_;
};

}  // namespace spillover
