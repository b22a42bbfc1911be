#include "solvers/spatial_solve.hpp"

#include <cmath>
#include <stdexcept>

#include <Eigen/IterativeLinearSolvers>

#include "engine/numerical_failure.hpp"
#include "engine/parallel_for.hpp"
#include "solvers/logdet_cholesky.hpp"
#include "solvers/logdet_lu.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

namespace {

using Index = SpatialWeights::Index;
using RowSparse = Eigen::SparseMatrix<double, Eigen::RowMajor, Index>;

/// A·P for a row-major A, the rows split over two threads.
Eigen::MatrixXd parallel_product(const RowSparse& a, const Eigen::MatrixXd& p) {
    Eigen::MatrixXd out(a.rows(), p.cols());
    const Index half = a.rows() / 2;
    parallel_for(2, 2, [&](std::size_t part, int) {
        const Index first = part == 0 ? 0 : half, count = part == 0 ? half : a.rows() - half;
        out.middleRows(first, count) = a.middleRows(first, count) * p;
    });
    return out;
}

/// Conjugate gradients for every column of B at once: independent recurrences sharing one sparse
/// block product per iteration (far cheaper than one matrix-vector product per column), to 1e-10
/// relative residual — far below the Hutchinson standard error. A is symmetric positive definite.
Eigen::MatrixXd block_conjugate_gradients(const RowSparse& a, const Eigen::MatrixXd& b) {
    const Eigen::Index k = b.cols();
    Eigen::MatrixXd x = Eigen::MatrixXd::Zero(b.rows(), k), r = b, p = b;
    Eigen::ArrayXd rr = r.colwise().squaredNorm().transpose().array();
    const Eigen::ArrayXd target = 1e-20 * rr;
    const Index max_iterations = 10 * static_cast<Index>(std::sqrt(static_cast<double>(a.rows()))) + 1000;
    for (Index iteration = 0; iteration < max_iterations; ++iteration) {
        if ((rr <= target).all()) return x;
        const Eigen::MatrixXd ap = parallel_product(a, p);
        const Eigen::ArrayXd curvature = p.cwiseProduct(ap).colwise().sum().transpose().array();
        const Eigen::ArrayXd alpha = (rr > 0).select(rr / curvature, 0.0);
        x += p * alpha.matrix().asDiagonal();
        r -= ap * alpha.matrix().asDiagonal();
        const Eigen::ArrayXd next = r.colwise().squaredNorm().transpose().array();
        const Eigen::ArrayXd beta = (rr > 0).select(next / rr, 0.0);
        p = r + p * beta.matrix().asDiagonal();
        rr = next;
    }
    throw NumericalFailure("conjugate gradients with I - rho S did not converge");
}

/// Column by column, two at a time: Eigen's BiCGSTAB takes one right-hand side per call.
Eigen::MatrixXd bicgstab_columns(const SymmetricSparse& a, const Eigen::MatrixXd& b) {
    Eigen::MatrixXd x(b.rows(), b.cols());
    parallel_for(static_cast<std::size_t>(b.cols()), 2, [&](std::size_t c, int) {
        Eigen::BiCGSTAB<SymmetricSparse> solver;
        solver.setTolerance(1e-10);
        solver.compute(a);
        const auto column = static_cast<Eigen::Index>(c);
        x.col(column) = solver.solve(b.col(column));
        if (solver.info() != Eigen::Success) throw NumericalFailure("BiCGSTAB with I - rho W did not converge");
    });
    return x;
}

}  // namespace

SpatialSolver make_spatial_solver(const SpatialWeights& w, double rho, LogDeterminant* factorised) {
    const bool similar = has_symmetric_similar(w);
    const Eigen::VectorXd root = w.symmetric_scaling().size() == w.n()
                                     ? Eigen::VectorXd(w.symmetric_scaling().array().sqrt())
                                     : Eigen::VectorXd::Ones(w.n());
    // A = D^{-1/2}(I − ρS)D^{1/2}, so A⁻¹B = D^{-1/2}(I − ρS)⁻¹D^{1/2}B.
    auto via_similar = [root](auto&& solve_s) {
        return [root, solve_s](const Eigen::MatrixXd& b) -> Eigen::MatrixXd {
            return root.cwiseInverse().asDiagonal() * solve_s(root.asDiagonal() * b);
        };
    };
    if (auto* cholesky = dynamic_cast<LogDetCholesky*>(factorised))
        return {via_similar([cholesky, rho](const Eigen::MatrixXd& b) { return cholesky->solve_similar(rho, b); }),
                "CHOLMOD factor"};
    if (auto* lu = dynamic_cast<LogDetLu*>(factorised))
        return {[lu, rho](const Eigen::MatrixXd& b) { return lu->solve(rho, b); }, "UMFPACK factor"};
    if (similar) {
        RowSparse identity(w.n(), w.n());
        identity.setIdentity();
        const SymmetricSparse s = symmetric_similar(w);
        // S is symmetric: its column-major arrays are its row-major arrays.
        const RowSparse a = identity - rho * Eigen::Map<const RowSparse>(s.rows(), s.cols(), s.nonZeros(),
                                                                         s.outerIndexPtr(), s.innerIndexPtr(),
                                                                         s.valuePtr());
        return {via_similar([a](const Eigen::MatrixXd& b) { return block_conjugate_gradients(a, b); }),
                "block conjugate gradients on the symmetric similar system"};
    }
    SymmetricSparse identity(w.n(), w.n());
    identity.setIdentity();
    const SymmetricSparse a = identity - rho * SymmetricSparse(w.matrix());
    return {[a](const Eigen::MatrixXd& b) { return bicgstab_columns(a, b); }, "BiCGSTAB"};
}

}  // namespace spillover
