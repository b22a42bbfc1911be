#include "solvers/rho_search.hpp"

#include "solvers/exact_nodes.hpp"
#include "engine/stage_timer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include <boost/math/tools/minima.hpp>
#include <fmt/format.h>

namespace spillover {

void RhoSearchOptions::validate() const {
    if (!(tolerance > 0 && tolerance < 1e-2)) throw std::invalid_argument("rho search tolerance must be in (0, 0.01)");
    if (!(bound_margin >= 0 && bound_margin < 0.1)) throw std::invalid_argument("rho search bound_margin must be in [0, 0.1)");
    if (global_nodes < 3) throw std::invalid_argument("rho search global_nodes must be >= 3");
    if (max_rounds < 1) throw std::invalid_argument("rho search max_rounds must be >= 1");
}

namespace {

const double brent_floor = std::sqrt(std::numeric_limits<double>::epsilon());


bool sparse_exact(const LogDeterminant& logdet) {
    return logdet.method() == LogDetMethod::Cholesky || logdet.method() == LogDetMethod::Lu;
}

RhoSearchResult brent_search(LogDeterminant& logdet, const std::function<double(double)>& rest, double scale,
                             double lo, double hi) {
    RhoSearchResult r;
    const std::int64_t before = logdet.evaluations();
    auto objective = [&](double rho) { return rest(rho) + scale * logdet.evaluate(rho).value; };
    std::tie(r.rho, r.objective) = brent_maximum(objective, lo, hi);
    r.logdet = logdet.evaluate(r.rho);
    r.objective = rest(r.rho) + scale * r.logdet.value;
    r.logdet_evaluations = logdet.evaluations() - before;
    r.scheme = fmt::format("Brent's method on the concentrated log-likelihood, {} log-determinant evaluations ({})",
                           r.logdet_evaluations, to_string(logdet.method()));
    return r;
}

/// The exact scheme of the header. The nodes hold exact − base, where base is the surrogate's value
/// (or 0): the model is base + an interpolant of that correction.
RhoSearchResult interpolated_exact_search(LogDeterminant& logdet, const std::function<double(double)>& rest,
                                          double scale, double lo, double hi, const RhoSearchOptions& o) {
    RhoSearchResult r;
    const std::int64_t before = logdet.evaluations();
    const double width = hi - lo;
    const double min_spacing = 1e-5 * width;  // closer nodes lose digits to cancellation in the model
    LogDeterminant* surrogate = o.use_surrogate ? logdet.surrogate() : nullptr;
    auto base = [&](double rho) { return surrogate ? surrogate->evaluate(rho).value : 0.0; };
    ExactNodes nodes;
    auto add_exact = [&](const std::vector<double>& rhos) {
        const auto exact = logdet.evaluate(rhos);
        ++r.rounds;
        double missed = 0.0;
        for (std::size_t k = 0; k < rhos.size(); ++k) {
            const double correction = exact[k].value - base(rhos[k]);
            if (nodes.size() >= 2) missed = std::max(missed, std::fabs(correction - nodes.interpolate_near(rhos[k], 4, min_spacing, rhos[k])));
            nodes.add(rhos[k], correction);
        }
        return missed;
    };
    if (lo < 0.0 && hi > 0.0) nodes.add(0.0, -base(0.0));  // ln|I − 0·W| = 0: a free exact value

    double centre = 0.0;
    if (surrogate) {
        centre = brent_maximum([&](double rho) { return rest(rho) + scale * base(rho); }, lo, hi).first;
    } else {
        std::vector<double> global;
        for (int k = 0; k < o.global_nodes; ++k)
            global.push_back(0.5 * (lo + hi) +
                             0.5 * width * std::cos((2.0 * k + 1.0) * std::numbers::pi / (2.0 * o.global_nodes)));
        add_exact(global);
        r.rounds = (o.global_nodes + 1) / 2;
        centre = brent_maximum([&](double rho) { return rest(rho) + scale * nodes.interpolate_all(rho); }, lo, hi).first;
    }
    // First local spacing: about the error of the first maximiser.
    double h = width / (2.0 * o.global_nodes * o.global_nodes);
    double missed = std::numeric_limits<double>::infinity();  // the model's error at the newest nodes
    double side = 1.0;
    r.converged = false;
    for (int round = 0; round < o.max_rounds && !r.converged; ++round) {
        // Exact values at the centre and one side of it (alternating); how far the current model
        // missed them measures its error.
        std::vector<double> fresh;
        for (double rho : {centre, std::clamp(centre + side * h, lo, hi)})
            if (!nodes.has_near(rho, rho == centre ? 0.0 : min_spacing)) fresh.push_back(rho);
        side = -side;
        if (!fresh.empty()) missed = add_exact(fresh);
        auto model = [&](double rho) {
            return rest(rho) + scale * (base(rho) + nodes.interpolate_near(centre, 4, min_spacing, rho));
        };
        const double a = std::max(lo, centre - 2 * h), b = std::min(hi, centre + 2 * h);
        const double next = brent_maximum(model, a, b).first;
        // A model error δ over a spacing h tilts the slope by about scale·δ/h, which moves the maximum
        // by that over the curvature: the uncertainty of ρ̂ the model leaves.
        const double curvature = std::fabs(model(next + h) - 2 * model(next) + model(next - h)) / (h * h);
        const double uncertainty = curvature > 0 ? scale * missed / h / curvature : h;
        const double step = std::fabs(next - centre);
        // Brent locates a maximum only to about √ε relative (the objective is flat there): no step
        // below that floor means anything.
        const double tolerance = std::max(o.tolerance, 4 * brent_floor) * std::max(1.0, std::fabs(next));
        // Converged: the centre, where the log-determinant is now known exactly, is the maximiser to
        // within the tolerance.
        r.converged = step < tolerance && uncertainty < tolerance;
        h = std::max(min_spacing, std::min(h / 2, 4 * std::max(step, uncertainty)));
        if (!r.converged) centre = next;
    }
    r.rho = centre;
    if (const auto known = nodes.value_at(centre)) {
        r.logdet.value = *known + base(centre);
    } else {
        const double predicted = base(centre) + nodes.interpolate_near(centre, 4, min_spacing, centre);
        r.logdet = logdet.evaluate(r.rho);
        ++r.rounds;
        r.model_error = std::fabs(r.logdet.value - predicted);
    }
    r.model_error = std::max(r.model_error, missed);
    r.objective = rest(r.rho) + scale * r.logdet.value;
    r.logdet_evaluations = logdet.evaluations() - before;
    const std::string start_from =
        surrogate ? fmt::format("started from the maximum with the {} approximation as control variate",
                                to_string(surrogate->method()))
                  : fmt::format("at {} Chebyshev nodes, interpolated", o.global_nodes);
    r.scheme = fmt::format("exact {} log-determinant {}, then refined by local cubic models: {} factorisations in {} "
                           "parallel rounds; exact value at the optimum (model error at the last nodes {:.2g})",
                           to_string(logdet.method()), start_from, r.logdet_evaluations, r.rounds, r.model_error);
    return r;
}

}  // namespace

std::pair<double, double> brent_maximum(const std::function<double(double)>& f, double a, double b) {
    std::uintmax_t iterations = 200;
    const auto [x, minus_f] = boost::math::tools::brent_find_minima([&](double r) { return -f(r); }, a, b,
                                                                   std::numeric_limits<double>::digits / 2, iterations);
    return {x, -minus_f};
}

std::pair<double, double> search_interval(const LogDeterminant& logdet, const RhoSearchOptions& options) {
    const RhoInterval& interval = logdet.interval();
    const double margin = options.bound_margin * (interval.upper - interval.lower);
    return {interval.lower + margin, interval.upper - margin};
}

RhoSearchResult maximise_over_rho(LogDeterminant& logdet, const std::function<double(double)>& rest, double scale,
                                  const RhoSearchOptions& options) {
    options.validate();
    const auto start = std::chrono::steady_clock::now();
    const auto [lo, hi] = search_interval(logdet, options);
    RhoSearchResult r = sparse_exact(logdet) ? interpolated_exact_search(logdet, rest, scale, lo, hi, options)
                                             : brent_search(logdet, rest, scale, lo, hi);
    r.lower = lo;
    r.upper = hi;
    const double near = std::max(options.tolerance, 1e-6 * (hi - lo));
    r.at_bound = r.rho - lo < near || hi - r.rho < near;
    r.seconds = seconds_since(start);
    return r;
}

}  // namespace spillover
