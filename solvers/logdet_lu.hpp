#pragma once
// Exact ln|I − ρW| by sparse LU factorisation (UMFPACK, Davis 2004), for any W, including an
// asymmetric one (plain kNN, asymmetric kernels): ln|I − ρW| = ln|det U| from the multifrontal
// factors P R (I − ρW) Q = L U, read back as mantissa and exponent so nothing overflows.
//
// The column ordering and symbolic analysis (COLAMD/AMD) are computed once in the constructor; each ρ
// costs one numeric factorisation, which keeps that analysis as long as its pivots stay acceptable.
// Several ρ are factorised at once, one per thread (evaluate(span)); as for Cholesky the
// factorisation runs with denormals flushed to zero (logdet_cholesky.hpp).

#include <memory>

#include <Eigen/Dense>

#include "solvers/logdet.hpp"

namespace spillover {

class LogDetLu final : public LogDeterminant {
public:
    LogDetLu(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options);
    ~LogDetLu() override;

    LogDetValue evaluate(double rho, bool derivative = false) override;
    std::vector<LogDetValue> evaluate(std::span<const double> rhos) override;
    double factorisation_flops() const override;

    /// Solves (I − ρW) X = B (transposed: (I − ρW)ᵀ X = B), factorising at ρ if needed.
    Eigen::MatrixXd solve(double rho, const Eigen::MatrixXd& b, bool transposed = false);

private:
    WorkspaceValue workspace_value();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace spillover
