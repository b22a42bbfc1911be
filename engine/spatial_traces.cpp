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

/// Column by column, two at a time: Eigen's iterative solvers take one right-hand side per call.
template <class Solver>
Eigen::MatrixXd solve_columns(const typename Solver::MatrixType& a, const Eigen::MatrixXd& b) {
    Eigen::MatrixXd x(b.rows(), b.cols());
    parallel_for(static_cast<std::size_t>(b.cols()), 2, [&](std::size_t c, int) {
        Solver solver;
        solver.setTolerance(1e-12);
        solver.setMaxIterations(static_cast<Eigen::Index>(10 * std::sqrt(static_cast<double>(a.rows()))) + 1000);
        solver.compute(a);
        const auto column = static_cast<Eigen::Index>(c);
        x.col(column) = solver.solve(b.col(column));
        if (solver.info() != Eigen::Success)
            throw std::runtime_error("the iterative solve with I - rho W did not converge");
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
    SymmetricSparse identity(w.n(), w.n());
    identity.setIdentity();
    if (similar) {
        const SymmetricSparse a = identity - rho * symmetric_similar(w);
        using Cg = Eigen::ConjugateGradient<SymmetricSparse, Eigen::Lower | Eigen::Upper>;
        return {via_similar([a](const Eigen::MatrixXd& b) { return solve_columns<Cg>(a, b); }),
                "conjugate gradients on the symmetric similar system"};
    }
    const SymmetricSparse a = identity - rho * SymmetricSparse(w.matrix());
    return {[a](const Eigen::MatrixXd& b) { return solve_columns<Eigen::BiCGSTAB<SymmetricSparse>>(a, b); }, "BiCGSTAB"};
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
