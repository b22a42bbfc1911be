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
//
// A panel with fixed effects also carries the within transformation Q that removes them
// (engine/panel_within.hpp) and where Q sits relative to W (`LagConvention`). A fit hands the sample
// its raw data and takes
//     within(x)      = Q x                     the transformed y and X,
//     within_lag(x)  = Q (I_T ⊗ W) x           the transformed lag (DemeanLag, the default), or
//                    = (I_T ⊗ W) Q x           (LagDemeaned),
// so that the likelihood is the one of the transformed model. The two lags agree when Q commutes
// with I_T ⊗ W: always for unit effects; for time effects only when W's rows and columns all sum to
// one constant (Q_N W = W Q_N). Where they differ, DemeanLag is the model's own within
// transformation (concentrating the effects out of the likelihood gives exactly Q(y − ρWy − Xβ);
// Elhorst's sar_panel_FE), and LagDemeaned the one of R's SDPDmod (lag of the demeaned y) and of
// Elhorst's sem_panel_FE (filter of the demeaned data), offered to reproduce their numbers.
// Without effects (a cross-section, a pooled panel) Q is the identity.

#include <string>
#include <vector>

#include <Eigen/Dense>

#include "engine/design_matrix.hpp"
#include "engine/panel_within.hpp"
#include "engine/sample_shape.hpp"
#include "solvers/spatial_solve.hpp"
#include "solvers/spatial_traces.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

/// Where a panel's within transformation Q sits relative to the lag (see the header comment).
enum class LagConvention {
    DemeanLag,    ///< Q (I_T ⊗ W) x: the model's own transformation (default)
    LagDemeaned,  ///< (I_T ⊗ W) Q x: SDPDmod's SDPDm, Elhorst's sem_panel_FE
};
/// "demean-lag", "lag-demeaned".
std::string_view to_string(LagConvention convention);
/// The inverse of to_string; InputError naming the choices otherwise.
LagConvention parse_lag_convention(std::string_view name);

/// The fixed effects a panel sample absorbs and the place of Q.
struct PanelTransformation {
    PanelEffects effects = PanelEffects::None;
    LagConvention convention = LagConvention::DemeanLag;
};

class SpatialSample {
public:
    /// A cross-section on W: N = W's units, T = 1.
    explicit SpatialSample(const SpatialWeights& w);
    /// `shape.units` must be W's units (std::invalid_argument otherwise, and for an invalid shape).
    SpatialSample(const SpatialWeights& w, SampleShape shape, PanelTransformation transformation = {});

    const SpatialWeights& w() const noexcept { return *w_; }
    const SampleShape& shape() const noexcept { return shape_; }
    Eigen::Index units() const noexcept { return static_cast<Eigen::Index>(shape_.units); }
    Eigen::Index periods() const noexcept { return static_cast<Eigen::Index>(shape_.periods); }
    Eigen::Index rows() const noexcept { return static_cast<Eigen::Index>(shape_.rows()); }
    double observations() const noexcept { return shape_.observations; }
    const PanelTransformation& transformation() const noexcept { return transformation_; }
    /// True when the sample absorbs fixed effects (Q is not the identity).
    bool has_fixed_effects() const noexcept { return transformation_.effects != PanelEffects::None; }

    /// Q x (a copy of x without fixed effects).
    Eigen::VectorXd within(const Eigen::VectorXd& x) const;
    Eigen::MatrixXd within(const Eigen::MatrixXd& x) const;
    /// The design with y and X transformed and their names; without fixed effects the design itself
    /// (a copy), with them no row ids (those of the raw design are the rows' ids).
    DesignMatrix within(const DesignMatrix& design) const;
    /// The same without a copy when there are no fixed effects: `design` itself, else the
    /// transformed design, kept in `storage` (a cross-section's fit copies no 10^6 ids).
    const DesignMatrix& within(const DesignMatrix& design, DesignMatrix& storage) const;
    /// The transformed lag of raw x under the sample's convention (see above).
    Eigen::VectorXd within_lag(const Eigen::VectorXd& x) const;
    Eigen::MatrixXd within_lag(const Eigen::MatrixXd& x) const;
    /// The per-period traces T1, T2, T3 at `parameter` (solvers/spatial_traces.hpp) such that
    /// shape().trace(t, f(1)) is their value over the sample. Under Lee & Yu's transformation of the
    /// units (unit_root ≠ 0) T3 is corrected so that the rule is exact for any W (see below).
    SpatialTraces traces(double parameter, const TraceOptions& options, LogDeterminant& logdet) const;
    /// ‖(I − ρW)⁻ᵀ Wᵀ ι‖² / N, the column term of tr(G*ᵀG*) for Lee & Yu's transformation of the
    /// units (G* = F'GF, G = W(I − ρW)⁻¹, W row-standardised): tr(G*ᵀG*) = tr(GᵀG) − ‖Gᵀι‖²/N,
    /// which is tr(GᵀG) − 1/(1 − ρ)² only when W's columns also sum to one. One sparse LU of I − ρWᵀ.
    double unit_transformation_column_term(double rho) const;

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
    PanelTransformation transformation_;
};

}  // namespace spillover
