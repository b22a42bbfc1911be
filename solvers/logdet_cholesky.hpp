#pragma once
// Exact ln|I − ρW| by sparse Cholesky factorisation (CHOLMOD, Davis & Hager), for a W with a
// symmetric similar form S (weights/symmetric_similar.hpp): |I − ρW| = |I − ρS| = Π L_ii², with
// L Lᵀ = P (I − ρS) Pᵀ. I − ρS is positive definite exactly on the ρ interval (1/λ_min, 1/λ_max).
//
// As Eigen's sparse modules: the fill-reducing ordering (AMD) and the symbolic analysis (elimination
// tree, supernodes) are done once in the constructor; each ρ costs one numeric factorisation.
//
// Speed notes, measured on a 10^6 kNN-6 W (bench/bench_logdet.cpp):
//   - The factor's entries decay geometrically away from the diagonal and many become subnormal;
//     arithmetic on subnormals is slow on x86. The factorisation runs with flush-to-zero and
//     denormals-are-zero set (restored after): about 2× faster, and a subnormal contributes nothing
//     to ln L_ii at double precision.
//   - The supernodes of a planar kNN graph are small: a multithreaded BLAS spends more in
//     synchronisation than it saves, so OpenBLAS (when it is the BLAS) is asked for one thread and
//     the two cores are used by factorising at two values of ρ at once (evaluate(span)).

#include <memory>

#include <Eigen/Dense>

#include "solvers/logdet.hpp"

namespace spillover {

class LogDetCholesky final : public LogDeterminant {
public:
    /// Throws std::invalid_argument when W has no symmetric similar form.
    LogDetCholesky(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options);
    ~LogDetCholesky() override;

    LogDetValue evaluate(double rho, bool derivative = false) override;
    std::vector<LogDetValue> evaluate(std::span<const double> rhos) override;
    double factorisation_flops() const override;

    /// Solves (I − ρS) X = B, S the symmetric similar matrix, factorising at ρ if the last
    /// factorisation was at another value.
    Eigen::MatrixXd solve_similar(double rho, const Eigen::MatrixXd& b);

private:
    WorkspaceValue workspace_value();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace spillover
