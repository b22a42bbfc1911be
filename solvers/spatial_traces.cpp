#include "solvers/spatial_traces.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "engine/parallel_for.hpp"
#include "engine/random_probes.hpp"
#include "solvers/exact_traces.hpp"
#include "solvers/spatial_solve.hpp"

namespace spillover {

std::string_view to_string(TraceMethod method) {
    switch (method) {
        case TraceMethod::Auto: return "auto";
        case TraceMethod::Exact: return "exact";
        case TraceMethod::Stochastic: return "stochastic";
    }
    return "unknown";
}

TraceMethod parse_trace_method(std::string_view name) {
    for (TraceMethod m : {TraceMethod::Auto, TraceMethod::Exact, TraceMethod::Stochastic})
        if (to_string(m) == name) return m;
    throw InputError(fmt::format("unknown trace method '{}' (choose auto, exact or stochastic)", name));
}

void TraceOptions::validate() const {
    if (dense_limit < 0) throw std::invalid_argument("trace dense_limit must be >= 0");
    if (exact_limit < 0) throw std::invalid_argument("trace exact_limit must be >= 0");
    if (!(exact_budget >= 0)) throw std::invalid_argument("trace exact_budget must be >= 0");
    if (threads < 0) throw std::invalid_argument("trace threads must be >= 0");
    if (probes < 2) throw std::invalid_argument("trace probes must be >= 2 (the standard error needs a spread)");
}

namespace {

using Index = SpatialWeights::Index;

SpatialTraces dense_traces(const SpatialWeights& w, double rho) {
    const Eigen::MatrixXd wd(w.matrix());
    const Eigen::MatrixXd a = Eigen::MatrixXd::Identity(w.n(), w.n()) - rho * wd;
    const Eigen::MatrixXd m = a.partialPivLu().solve(wd);
    SpatialTraces t;
    t.wa.value = m.trace();
    t.wa_squared.value = m.cwiseProduct(m.transpose()).sum();
    t.wa_cross.value = m.squaredNorm();
    // With M = A⁻¹W = W A⁻¹: tr(W² A⁻¹) = tr(W M) = Σ w_ij M_ji and tr(WᵀW A⁻¹) = tr(Wᵀ M) = Σ w_ij M_ij.
    t.lm_residual = 0.0;
    for (SpatialWeights::Index i = 0; i < w.n(); ++i)
        for (SpatialWeights::Matrix::InnerIterator it(w.matrix(), i); it; ++it)
            t.lm_residual += it.value() * (m(it.col(), i) + m(i, it.col()));
    t.method = "exact, dense LU of I - rho W";
    return t;
}

MixedTraces dense_mixed_traces(const SpatialWeights& w, double rho, double lambda) {
    const Eigen::MatrixXd wd(w.matrix());
    const Eigen::MatrixXd id = Eigen::MatrixXd::Identity(w.n(), w.n());
    const Eigen::MatrixXd ma = (id - rho * wd).partialPivLu().solve(wd);
    const Eigen::MatrixXd mb = (id - lambda * wd).partialPivLu().solve(wd);
    return {ma.cwiseProduct(mb).sum(), ma.cwiseProduct(mb.transpose()).sum()};
}

/// Hutchinson estimates of the mixed traces: zᵀ(WB⁻¹)ᵀ(WA⁻¹)z and zᵀ WA⁻¹WB⁻¹ z.
MixedTraces stochastic_mixed_traces(const SpatialWeights& w, double rho, double lambda, const TraceOptions& options,
                                    LogDeterminant* logdet) {
    const SpatialSolver a = make_spatial_solver(w, rho, logdet);
    const SpatialSolver b = make_spatial_solver(w, lambda, logdet);
    const Eigen::MatrixXd z = rademacher_probes(w.n(), options.probes, options.seed + 1);
    const Eigen::MatrixXd wa_z = w.lag(Eigen::MatrixXd(a.solve(z)));
    const Eigen::MatrixXd wb_z = w.lag(Eigen::MatrixXd(b.solve(z)));
    const Eigen::MatrixXd wa_wb_z = w.lag(Eigen::MatrixXd(a.solve(wb_z)));
    const double p = static_cast<double>(options.probes);
    return {wa_z.cwiseProduct(wb_z).sum() / p, z.cwiseProduct(wa_wb_z).sum() / p};
}

TraceEstimate mean_and_error(const Eigen::VectorXd& per_probe) {
    const double p = static_cast<double>(per_probe.size());
    const double mean = per_probe.mean();
    const double variance = (per_probe.array() - mean).square().sum() / (p - 1);
    return {mean, std::sqrt(variance / p)};
}

}  // namespace

double trace_of_square(const SpatialWeights& w) {
    const auto* outer = w.matrix().outerIndexPtr();
    const auto* inner = w.matrix().innerIndexPtr();
    const double* value = w.matrix().valuePtr();
    double sum = 0.0;
    for (SpatialWeights::Index i = 0; i < w.n(); ++i)
        for (auto k = outer[i]; k < outer[i + 1]; ++k) {
            const SpatialWeights::Index j = inner[k];
            const auto* found = std::lower_bound(inner + outer[j], inner + outer[j + 1], i);
            if (found != inner + outer[j + 1] && *found == i) sum += value[k] * value[found - inner];
        }
    return sum;
}

bool exact_traces_for(const SpatialWeights& w, const TraceOptions& options, const LogDeterminant* factorised) {
    switch (options.method) {
        case TraceMethod::Exact: return true;
        case TraceMethod::Stochastic: return false;
        case TraceMethod::Auto: break;
    }
    if (w.n() <= options.exact_limit) return true;
    const double flops = factorised != nullptr ? factorised->factorisation_flops() : 0.0;
    if (flops <= 0.0) return false;
    // The header's prediction: two pencils of 9 factorisations at 15x the log-determinant's flops.
    constexpr double pencils = 2, factorisations = 9, fill = 15, rate = 1.5e9;
    return pencils * factorisations * fill * flops / rate <= options.exact_budget;
}

MixedTraces mixed_traces(const SpatialWeights& w, double rho, double lambda, const TraceOptions& options,
                         LogDeterminant* factorised) {
    options.validate();
    if (!exact_traces_for(w, options, factorised)) return stochastic_mixed_traces(w, rho, lambda, options, factorised);
    if (w.n() <= options.dense_limit) return dense_mixed_traces(w, rho, lambda);
    return exact_sparse_mixed_traces(w, rho, lambda, thread_count(options.threads));
}

SpatialTraces spatial_traces(const SpatialWeights& w, double rho, const TraceOptions& options,
                             LogDeterminant* factorised) {
    options.validate();
    if (exact_traces_for(w, options, factorised)) {
        if (w.n() <= options.dense_limit) return dense_traces(w, rho);
        return exact_sparse_traces(w, rho, thread_count(options.threads), factorised);
    }
    const auto [solve, route] = make_spatial_solver(w, rho, factorised);
    // Control variates: the leading terms of the Neumann series are exact and cheap,
    //   W A⁻¹ = W + ρW² + ρ²W³A⁻¹,   (W A⁻¹)² = W² + (W²A⁻² − W²),
    // so only the remainders are estimated; their off-diagonal mass, hence the variance, is smaller.
    const double trace_w = w.matrix().diagonal().sum();
    const double trace_w2 = trace_of_square(w);
    const Eigen::MatrixXd all_probes = rademacher_probes(w.n(), options.probes, options.seed);
    Eigen::VectorXd t1(options.probes), t2(options.probes), t3(options.probes);
    // Probes in blocks of up to 16: a solve with the sparse factor is bound by reading the factor,
    // so 12 columns in one block cost about what 8 do (at 10^6 units, 0.65 s a block), while a
    // block of 16 still holds only 128 MB. Only products with W (row-major, w.lag) are used: a
    // product with Wᵀ would scatter.
    constexpr Eigen::Index block = 16;
    const auto column_dots = [](const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
        return Eigen::ArrayXd(a.cwiseProduct(b).colwise().sum().transpose());
    };
    for (Eigen::Index first = 0; first < options.probes; first += block) {
        const Eigen::Index count = std::min<Eigen::Index>(block, options.probes - first);
        const Eigen::MatrixXd z = all_probes.middleCols(first, count);
        const Eigen::MatrixXd y = w.lag(solve(z));  // W A⁻¹ z
        const Eigen::MatrixXd wx2 = w.lag(solve(y));  // (W A⁻¹)² z
        const Eigen::MatrixXd w2_y = w.lag(w.lag(y));
        const Eigen::MatrixXd w2_z = w.lag(w.lag(z));
        t1.segment(first, count) = trace_w + rho * trace_w2 + rho * rho * column_dots(z, w2_y);
        t2.segment(first, count) = trace_w2 + column_dots(z, wx2) - column_dots(z, w2_z);
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
