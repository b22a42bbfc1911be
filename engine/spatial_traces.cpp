#include "engine/spatial_traces.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>

#include <Eigen/IterativeLinearSolvers>
#include <fmt/format.h>

#include "engine/logdet_cholesky.hpp"
#include "engine/logdet_lu.hpp"
#include "engine/parallel_for.hpp"
#include "engine/random_probes.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

void TraceOptions::validate() const {
    if (dense_limit < 0) throw std::invalid_argument("trace dense_limit must be >= 0");
    if (probes < 2) throw std::invalid_argument("trace probes must be >= 2 (the standard error needs a spread)");
}

namespace {

using Solve = std::function<Eigen::MatrixXd(const Eigen::MatrixXd&)>;
using Index = SpatialWeights::Index;

SpatialTraces dense_traces(const SpatialWeights& w, double rho) {
    const Eigen::MatrixXd wd(w.matrix());
    const Eigen::MatrixXd a = Eigen::MatrixXd::Identity(w.n(), w.n()) - rho * wd;
    const Eigen::MatrixXd m = a.partialPivLu().solve(wd);
    SpatialTraces t;
    t.wa.value = m.trace();
    t.wa_squared.value = m.cwiseProduct(m.transpose()).sum();
    t.wa_cross.value = m.squaredNorm();
    t.method = "exact, dense LU of I - rho W";
    return t;
}

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
    throw std::runtime_error("conjugate gradients with I - rho S did not converge");
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
        if (solver.info() != Eigen::Success) throw std::runtime_error("BiCGSTAB with I - rho W did not converge");
    });
    return x;
}

/// A⁻¹B by the best route available (see the header).
std::pair<Solve, std::string> linear_solver(const SpatialWeights& w, double rho, LogDeterminant* factorised) {
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

TraceEstimate mean_and_error(const Eigen::VectorXd& per_probe) {
    const double p = static_cast<double>(per_probe.size());
    const double mean = per_probe.mean();
    const double variance = (per_probe.array() - mean).square().sum() / (p - 1);
    return {mean, std::sqrt(variance / p)};
}

}  // namespace

SpatialTraces spatial_traces(const SpatialWeights& w, double rho, const TraceOptions& options,
                             LogDeterminant* factorised) {
    options.validate();
    if (w.n() <= options.dense_limit) return dense_traces(w, rho);
    const auto [solve, route] = linear_solver(w, rho, factorised);
    // Control variates: the leading terms of the Neumann series are exact and cheap,
    //   W A⁻¹ = W + ρW² + ρ²W³A⁻¹,   (W A⁻¹)² = W² + (W²A⁻² − W²),
    // so only the remainders are estimated; their off-diagonal mass, hence the variance, is smaller.
    const SpatialWeights::Matrix& m = w.matrix();
    const double trace_w = m.diagonal().sum();
    const double trace_w2 = m.cwiseProduct(SpatialWeights::Matrix(m.transpose())).sum();
    const Eigen::MatrixXd all_probes = rademacher_probes(w.n(), options.probes, options.seed);
    Eigen::VectorXd t1(options.probes), t2(options.probes), t3(options.probes);
    // Probes in blocks of 8: a few n-vectors at a time, whatever the number of probes (at 10^6
    // units each block of 30 would hold 240 MB).
    constexpr Eigen::Index block = 8;
    for (Eigen::Index first = 0; first < options.probes; first += block) {
        const Eigen::Index count = std::min<Eigen::Index>(block, options.probes - first);
        const Eigen::MatrixXd z = all_probes.middleCols(first, count);
        const Eigen::MatrixXd y = w.lag(solve(z));
        const Eigen::MatrixXd wx2 = w.lag(solve(y));
        const Eigen::MatrixXd wt_z = m.transpose() * z;
        const Eigen::MatrixXd wt2_z = m.transpose() * wt_z;
        const Eigen::MatrixXd w_z = m * z;
        t1.segment(first, count) =
            (trace_w + rho * trace_w2 + rho * rho * wt2_z.cwiseProduct(y).colwise().sum().array()).transpose();
        t2.segment(first, count) =
            (trace_w2 + (z.cwiseProduct(wx2).colwise().sum() - wt_z.cwiseProduct(w_z).colwise().sum()).array()).transpose();
        t3.segment(first, count) = y.colwise().squaredNorm().transpose();
    }
    SpatialTraces t;
    t.exact = false;
    t.wa = mean_and_error(t1);
    t.wa_squared = mean_and_error(t2);
    t.wa_cross = mean_and_error(t3);
    t.method = fmt::format("Hutchinson estimates, {} Rademacher probes, solves by {}", options.probes, route);
    return t;
}

}  // namespace spillover
