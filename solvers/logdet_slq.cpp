#include "solvers/logdet_slq.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include "engine/stage_timer.hpp"
#include "solvers/logdet_monte_carlo.hpp"

namespace spillover {

namespace {

using Index = SpatialWeights::Index;

/// Where the Radau rules fix their node, as a fraction of b − a outside [a, b] (see the header).
constexpr double radau_margin = 1e-6;
/// β_{k+1} below this fraction of max(|a|, |b|) ends a probe's Lanczos: an invariant subspace.
constexpr double breakdown = 1e-10;

/// The Gauss rule of a Jacobi matrix: its eigenvalues, and the squared first components of its
/// eigenvectors.
std::pair<Eigen::VectorXd, Eigen::VectorXd> gauss_rule(const Eigen::VectorXd& diagonal, const Eigen::VectorXd& off) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
    solver.computeFromTridiagonal(diagonal, off, Eigen::ComputeEigenvectors);
    return {solver.eigenvalues(), solver.eigenvectors().row(0).transpose().array().square()};
}

/// q_1, q_2 of the quadratic q_0 + q_1λ + q_2λ² through (c − d, g(c − d)), (c, g(c)), (c + d, g(c + d)).
template <class G>
std::pair<double, double> quadratic_through(G&& g, double c, double d) {
    const double below = g(c - d), middle = g(c), above = g(c + d);
    const double q2 = (above - 2.0 * middle + below) / (2.0 * d * d);
    return {(above - below) / (2.0 * d) - 2.0 * q2 * c, q2};
}

}  // namespace

/// Per probe (column): α_1..α_m, β_2..β_{m+1}, the steps taken, and whether the Krylov space closed.
struct LogDetSlq::Lanczos {
    Eigen::MatrixXd alpha;  // row k: α_{k+1}
    Eigen::MatrixXd beta;   // row k: β_{k+2}
    Eigen::VectorXi steps;
    std::vector<char> exact;
};

LogDetSlq::LogDetSlq(const SpatialWeights& w, RhoInterval interval, const LogDetOptions& options)
    : LogDeterminant(LogDetMethod::Slq, w.n(), std::move(interval)), z_(options.z) {
    const auto start = std::chrono::steady_clock::now();
    options.validate();
    if (!(interval_.lower < 0.0 && interval_.upper > 0.0 && std::isfinite(interval_.lower) &&
          std::isfinite(interval_.upper)))
        throw std::invalid_argument(
            fmt::format("the SLQ log-determinant needs a finite interval around 0, got ({}, {})", interval_.lower,
                        interval_.upper));
    lower_end_ = 1.0 / interval_.lower;
    upper_end_ = 1.0 / interval_.upper;
    lower_node_ = lower_end_ - radau_margin * (upper_end_ - lower_end_);
    upper_node_ = upper_end_ + radau_margin * (upper_end_ - lower_end_);
    const ProbeOperator s(w, ProbeOperator::Form::SymmetricSimilar, options.threads);
    const Lanczos lanczos = run_lanczos(s, options);
    set_rules(lanczos);
    trace_ = s.trace();
    trace_of_square_ = s.trace_of_square();
    const double n = static_cast<double>(n_);
    first_moment_ = n * gauss_.weights.cwiseProduct(gauss_.nodes).colwise().sum().transpose();
    second_moment_ = n * gauss_.weights.cwiseProduct(gauss_.nodes.cwiseAbs2()).colwise().sum().transpose();
    description_ = fmt::format(
        "stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017): {} Lanczos steps on the "
        "symmetric similar matrix from {} Rademacher probes (seed {}), Gauss rules bracketed by "
        "Gauss-Radau rules fixed at {:.6g} and {:.6g}",
        lanczos.alpha.rows(), options.probes, options.seed, lower_node_, upper_node_);
    setup_seconds_ = seconds_since(start);
}

LogDetSlq::Lanczos LogDetSlq::run_lanczos(const ProbeOperator& s, const LogDetOptions& options) const {
    // Blocks hold the Lanczos vectors unscaled, v = scale ⊙ column, so that normalising costs no pass.
    // Step k: t = S v_k − β_k v_{k−1} (the product pass, α_k = t·v_k alongside), then
    // w = t − α_k v_k (a streaming pass, ‖w‖² alongside), β_{k+1} = ‖w‖, v_{k+1} = w / β_{k+1}.
    const Eigen::Index p = options.probes;
    const auto m = static_cast<Eigen::Index>(std::min<Index>(options.slq_steps, n_));
    const double tolerance = breakdown * std::max(std::fabs(lower_end_), std::fabs(upper_end_));
    Lanczos out{Eigen::MatrixXd::Zero(m, p), Eigen::MatrixXd::Zero(m, p),
                Eigen::VectorXi::Constant(p, static_cast<int>(m)), std::vector<char>(static_cast<std::size_t>(p), 0)};
    Eigen::MatrixXd current = s.probes(options.probes, options.seed);
    Eigen::MatrixXd previous = Eigen::MatrixXd::Zero(p, s.n());
    Eigen::ArrayXd scale = Eigen::ArrayXd::Constant(p, 1.0 / std::sqrt(static_cast<double>(n_)));
    Eigen::ArrayXd back = Eigen::ArrayXd::Zero(p);                      // β_k × the scale of v_{k−1}
    Eigen::MatrixXd partial(p, static_cast<Eigen::Index>(s.chunks()));  // per chunk, summed in order
    for (Eigen::Index k = 0; k < m; ++k) {
        s.multiply(current, [&](std::size_t chunk, Index first, const Eigen::Ref<const Eigen::MatrixXd>& y) {
            const auto v = current.middleCols(first, y.cols()).array().colwise() * scale;
            auto t = previous.middleCols(first, y.cols()).array();
            t = y.array().colwise() * scale - t.colwise() * back;
            partial.col(static_cast<Eigen::Index>(chunk)) = (t * v).rowwise().sum();
        });
        const Eigen::ArrayXd alpha = partial.rowwise().sum().array();
        const Eigen::ArrayXd along = alpha * scale;
        s.each_chunk([&](std::size_t chunk, Index first, Index count) {
            auto t = previous.middleCols(first, count).array();
            t -= current.middleCols(first, count).array().colwise() * along;
            partial.col(static_cast<Eigen::Index>(chunk)) = t.square().rowwise().sum();
        });
        const Eigen::ArrayXd beta = partial.rowwise().sum().array().sqrt();
        for (Eigen::Index j = 0; j < p; ++j) {
            const auto probe = static_cast<std::size_t>(j);
            if (out.exact[probe]) continue;
            out.alpha(k, j) = alpha[j];
            out.beta(k, j) = beta[j];
            if (beta[j] <= tolerance) {
                out.steps[j] = static_cast<int>(k + 1);
                out.exact[probe] = 1;
            }
        }
        for (Eigen::Index j = 0; j < p; ++j) {
            const bool stopped = out.exact[static_cast<std::size_t>(j)];
            back[j] = stopped ? 0.0 : beta[j] * scale[j];
            scale[j] = stopped ? 0.0 : 1.0 / beta[j];
        }
        std::swap(previous, current);
        if (std::all_of(out.exact.begin(), out.exact.end(), [](char stopped) { return stopped != 0; })) break;
    }
    return out;
}

void LogDetSlq::set_rules(const Lanczos& lanczos) {
    const Eigen::Index m = lanczos.alpha.rows();
    const Eigen::Index p = lanczos.alpha.cols();
    gauss_ = {Eigen::MatrixXd::Zero(m, p), Eigen::MatrixXd::Zero(m, p)};
    radau_lower_ = radau_upper_ = {Eigen::MatrixXd::Zero(m + 1, p), Eigen::MatrixXd::Zero(m + 1, p)};
    // Moves nodes that rounding put outside [lo, hi] back in and remembers the largest move.
    const auto clamp = [this](Eigen::VectorXd nodes, double lo, double hi) {
        const Eigen::VectorXd inside = nodes.cwiseMax(lo).cwiseMin(hi);
        clamped_ = std::max(clamped_, (inside - nodes).cwiseAbs().maxCoeff());
        return inside;
    };
    for (Eigen::Index j = 0; j < p; ++j) {
        const Eigen::Index k = lanczos.steps[j];
        const Eigen::VectorXd diagonal = lanczos.alpha.col(j).head(k);
        const Eigen::VectorXd off = lanczos.beta.col(j).head(k - 1);
        auto [nodes, weights] = gauss_rule(diagonal, off);
        nodes = clamp(nodes, lower_end_, upper_end_);
        gauss_.nodes.col(j).head(k) = nodes;
        gauss_.weights.col(j).head(k) = weights;
        if (lanczos.exact[static_cast<std::size_t>(j)]) {  // the k-point rule is exact: no bracket needed
            for (Rules* radau : {&radau_lower_, &radau_upper_}) {
                radau->nodes.col(j).head(k) = nodes;
                radau->weights.col(j).head(k) = weights;
            }
            continue;
        }
        // Golub's Radau modification: the last diagonal entry α̃ = c + δ_k with (T_k − cI)δ = β²e_k
        // makes c an eigenvalue of the extended Jacobi matrix; δ_k from T_k's eigen-decomposition.
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
        solver.computeFromTridiagonal(diagonal, off, Eigen::ComputeEigenvectors);
        const Eigen::VectorXd last = solver.eigenvectors().row(k - 1).transpose();
        const double beta = lanczos.beta(k - 1, j);
        for (auto [radau, c] : {std::pair{&radau_lower_, lower_node_}, std::pair{&radau_upper_, upper_node_}}) {
            const Eigen::VectorXd gap = clamp(solver.eigenvalues(), lower_end_, upper_end_).array() - c;
            Eigen::VectorXd extended_diagonal(k + 1), extended_off(k);
            extended_diagonal << diagonal, c + beta * beta * (last.array().square() / gap.array()).sum();
            extended_off << off, beta;
            auto [radau_nodes, radau_weights] = gauss_rule(extended_diagonal, extended_off);
            radau->nodes.col(j).head(k + 1) = clamp(radau_nodes, lower_node_, upper_node_);
            radau->weights.col(j).head(k + 1) = radau_weights;
        }
    }
}

LogDetValue LogDetSlq::evaluate(double rho, bool) {
    check_inside(rho);
    ++evaluations_;
    const double n = static_cast<double>(n_);
    const double near_node = rho >= 0.0 ? upper_node_ : lower_node_;  // the fixed node nearest 1/ρ
    const Rules& radau = rho >= 0.0 ? radau_upper_ : radau_lower_;
    const double room = 1.0 - rho * near_node;
    const auto f = [rho](const Eigen::MatrixXd& nodes) { return (-rho * nodes.array()).log1p().matrix().eval(); };
    const auto slope = [rho](const Eigen::MatrixXd& nodes) {
        return (-nodes.array() / (1.0 - rho * nodes.array())).matrix().eval();
    };
    const double centre = 0.5 * (lower_end_ + upper_end_), spread = std::sqrt(0.75) * (upper_end_ - lower_end_);
    const auto [value_q1, value_q2] =
        quadratic_through([rho](double x) { return std::log1p(-rho * x); }, centre, 0.5 * spread);
    const auto [slope_q1, slope_q2] =
        quadratic_through([rho](double x) { return -x / (1.0 - rho * x); }, centre, 0.5 * spread);

    const Eigen::VectorXd gauss_value = n * gauss_.weights.cwiseProduct(f(gauss_.nodes)).colwise().sum().transpose();
    const Eigen::VectorXd gauss_slope =
        n * gauss_.weights.cwiseProduct(slope(gauss_.nodes)).colwise().sum().transpose();
    // The control variates (header): tr q(S) exact in place of each probe's own.
    const Eigen::ArrayXd first = trace_ - first_moment_.array(), second = trace_of_square_ - second_moment_.array();
    const ProbeMean value = probe_mean((gauss_value.array() + value_q1 * first + value_q2 * second).matrix());
    const ProbeMean derivative = probe_mean((gauss_slope.array() + slope_q1 * first + slope_q2 * second).matrix());
    LogDetValue out{value.mean, derivative.mean, std::numeric_limits<double>::infinity(),
                    std::numeric_limits<double>::infinity()};
    if (!(room > 0.0)) return out;  // the Radau node reaches the singularity: no bracket

    const Eigen::VectorXd radau_value = n * radau.weights.cwiseProduct(f(radau.nodes)).colwise().sum().transpose();
    const Eigen::VectorXd radau_slope = n * radau.weights.cwiseProduct(slope(radau.nodes)).colwise().sum().transpose();
    // Nodes moved by up to `clamped_` change f by at most that times max|∂f/∂λ| = |ρ|/room, and
    // ∂f/∂ρ by that times max|∂²f/∂λ∂ρ| = 1/room².
    const double radius = std::max(std::fabs(lower_end_), std::fabs(upper_end_));
    out.error_bound = z_ * value.standard_error + (gauss_value - radau_value).cwiseAbs().mean() +
                      n * clamped_ * std::fabs(rho) / room + rounding_allowance(n, 1.0, out.value);
    out.derivative_error_bound = z_ * derivative.standard_error + (gauss_slope - radau_slope).cwiseAbs().mean() +
                                 n * clamped_ / (room * room) + rounding_allowance(n, radius, out.derivative);
    return out;
}

}  // namespace spillover
