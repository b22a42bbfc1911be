// Log-determinant scaling benchmark: for n = 10^3 … 10^6 random points in the unit square (fixed
// seed), kNN-6 W row-standardised, symmetrised ("sym", as spdep's make.sym.nb) or not ("asym"), and
// a lag-model data set with ρ = 0.5 (y = (I − ρW)⁻¹(1 + 2x + ε)), it measures for a method:
//   setup_s      constructing the log-determinant (interval, ordering and symbolic analysis, probes)
//   eval_s       one evaluation at ρ = 0.5 (a numeric factorisation for the exact sparse methods)
//   search_s     the whole ρ search of the concentrated likelihood (solvers/spatial_search.hpp)
//   traces_s     the traces of the information matrix at ρ̂ (solvers/spatial_traces.hpp), what
//                analytic standard errors add to the search
//   peak_rss_mb  the process's peak resident memory (W, data and the method; one configuration per
//                process, so the peaks do not mix)
// and prints one JSON object per configuration.
//
//   bench_logdet                              every configuration, each in a child process, a JSON array
//   bench_logdet --one N sym|asym METHOD [sar|sdm]   one configuration (what the children run); sdm
//                                             adds Wx to the regressors (the spatial Durbin model)
//   bench_logdet --write N sym|asym DIR       writes DIR/data.csv (id,y,x) and DIR/w.mtx for bench/compare_r
//   bench_logdet --write-panel N T DIR        writes DIR/panel.csv (id,year,y,x1,x2) from a two-way SDM on
//                                             the symmetrised kNN-6 W of N units, and DIR/w.mtx
//   bench_logdet --max-n N                    every configuration up to n = N

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/stage_timer.hpp"
#include "models/lag_profile.hpp"
#include "solvers/logdet.hpp"
#include "solvers/spatial_search.hpp"
#include "solvers/spatial_traces.hpp"
#include "weights/knn.hpp"
#include "weights/transforms.hpp"
#include "weights/weights_io.hpp"

namespace {

using namespace spillover;
using Clock = StageClock;

struct Problem {
    SpatialWeights w;
    Eigen::VectorXd y;
    Eigen::MatrixXd x;
};

Problem make_problem(Eigen::Index n, bool symmetrise) {
    std::mt19937_64 rng(20261129);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> normal;
    Eigen::MatrixX2d xy(n, 2);
    for (Eigen::Index i = 0; i < n; ++i) xy.row(i) << unit(rng), unit(rng);
    KnnOptions o;
    o.k = 6;
    o.symmetrise = symmetrise;
    Problem p{transformed(knn_weights(PointSet::with_default_ids(std::move(xy), false), o), WeightsTransform::Row), {}, {}};
    p.x.resize(n, 2);
    Eigen::VectorXd u(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        p.x.row(i) << 1.0, normal(rng);
        u[i] = 1.0 + 2.0 * p.x(i, 1) + normal(rng);
    }
    // y = ρWy + u by fixed-point iteration: the error shrinks by ρ = 0.5 a step (|W| ≤ 1 row-wise).
    p.y = u;
    for (int k = 0; k < 60; ++k) p.y = u + 0.5 * p.w.lag(p.y);
    return p;
}

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

nlohmann::ordered_json run_one(Eigen::Index n, bool symmetrise, LogDetMethod method, bool durbin) {
    Problem p = make_problem(n, symmetrise);
    if (durbin) {
        p.x.conservativeResize(Eigen::NoChange, 3);
        p.x.col(2) = p.w.lag(Eigen::VectorXd(p.x.col(1)));
    }
    LogDetOptions options;
    options.method = method;
    auto start = Clock::now();
    auto logdet = make_log_determinant(p.w, options);
    const double setup = seconds_since(start);
    start = Clock::now();
    const LogDetValue at_half = logdet->evaluate(0.5);
    const double eval = seconds_since(start);
    const LagProfile profile(p.y, p.x, p.w.lag(p.y), static_cast<double>(p.y.size()));
    const SearchResult search = maximise_over_parameter(*logdet, [&](double rho) { return profile.rest(rho); },
                                                       SampleShape::cross_section(n));
    start = Clock::now();
    const SpatialTraces traces = spatial_traces(p.w, search.estimate, {}, logdet.get());
    const double traces_s = seconds_since(start);
    nlohmann::ordered_json out;
    out["n"] = n;
    out["w"] = symmetrise ? "knn6-sym-row" : "knn6-asym-row";
    out["model"] = durbin ? "sdm" : "sar";
    out["links"] = p.w.links();
    out["method_requested"] = to_string(method);
    out["method_used"] = to_string(logdet->method());
    out["setup_s"] = setup;
    out["eval_s"] = eval;
    out["logdet_at_0.5"] = at_half.value;
    out["error_bound_at_0.5"] = at_half.error_bound;
    out["search_s"] = search.seconds;
    out["traces_s"] = traces_s;
    out["total_s"] = setup + search.seconds + traces_s;
    out["rho"] = search.estimate;
    out["log_likelihood"] = search.objective;
    out["logdet_evaluations"] = search.logdet_evaluations;
    out["rounds"] = search.rounds;
    out["converged"] = search.converged;
    out["peak_rss_mb"] = peak_rss_mb();
    out["description"] = logdet->description();
    out["scheme"] = search.scheme;
    out["traces"] = traces.method;
    return out;
}

void write_problem(Eigen::Index n, bool symmetrise, const std::string& dir) {
    const Problem p = make_problem(n, symmetrise);
    std::ofstream data(dir + "/data.csv");
    data << "id,y,x\n";
    for (Eigen::Index i = 0; i < n; ++i) data << fmt::format("{},{:.17g},{:.17g}\n", p.w.ids()[i], p.y[i], p.x(i, 1));
    // Binary links: R rebuilds the row-standardised W from them exactly as we did.
    write_weights(transformed(p.w, WeightsTransform::Binary), dir + "/w.mtx", WeightsFileFormat::MatrixMarket);
}

/// A balanced panel of N units × T periods from the two-way spatial Durbin model
/// y_t = (I − ρW)⁻¹(x_t β + W x_t θ + μ + α_t + ε_t), ρ = 0.4, β = (1, −0.5), θ = (0.3, 0.2), with
/// (I − ρW)⁻¹ as its Neumann series (ρ^80 < 1e-31). Rows in period order.
void write_panel(Eigen::Index n, Eigen::Index periods, const std::string& dir) {
    const Problem p = make_problem(n, true);
    std::mt19937_64 rng(20261206);
    std::normal_distribution<double> normal(0.0, 1.0);
    Eigen::VectorXd mu(n);
    for (auto& m : mu) m = normal(rng);
    std::ofstream data(dir + "/panel.csv");
    data << "id,year,y,x1,x2\n";
    for (Eigen::Index t = 0; t < periods; ++t) {
        const double alpha = normal(rng);
        Eigen::MatrixXd x(n, 2);
        for (Eigen::Index i = 0; i < n; ++i) x.row(i) << normal(rng) + 0.5 * mu(i), normal(rng) + 0.3 * alpha;
        const Eigen::MatrixXd wx = p.w.lag(x);
        Eigen::VectorXd term = x.col(0) - 0.5 * x.col(1) + 0.3 * wx.col(0) + 0.2 * wx.col(1) + mu;
        for (Eigen::Index i = 0; i < n; ++i) term(i) += alpha + normal(rng);
        Eigen::VectorXd y = term;
        for (int j = 1; j <= 80; ++j) {
            term = 0.4 * p.w.lag(term);
            y += term;
        }
        for (Eigen::Index i = 0; i < n; ++i)
            data << fmt::format("{},{},{:.17g},{:.17g},{:.17g}\n", p.w.ids()[i], 2001 + t, y(i), x(i, 0), x(i, 1));
    }
    write_weights(transformed(p.w, WeightsTransform::Binary), dir + "/w.mtx", WeightsFileFormat::MatrixMarket);
}

/// Runs `--one` in a child process so that each configuration's peak memory is its own.
std::string run_child(const char* self, Eigen::Index n, bool symmetrise, LogDetMethod method) {
    const std::string command = fmt::format("'{}' --one {} {} {}", self, n, symmetrise ? "sym" : "asym", to_string(method));
    std::string output;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
        if (pclose(pipe) != 0) return {};
    }
    return output;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if ((args.size() == 4 || args.size() == 5) && args[0] == "--one") {
        const bool durbin = args.size() == 5 && args[4] == "sdm";
        std::cout << run_one(std::stoll(args[1]), args[2] == "sym", parse_logdet_method(args[3]), durbin).dump()
                  << std::endl;
        return 0;
    }
    if (args.size() == 4 && args[0] == "--write-panel") {
        write_panel(std::stoll(args[1]), std::stoll(args[2]), args[3]);
        return 0;
    }
    if (args.size() == 4 && args[0] == "--write") {
        write_problem(std::stoll(args[1]), args[2] == "sym", args[3]);
        return 0;
    }
    Eigen::Index max_n = 1'000'000;
    if (args.size() == 2 && args[0] == "--max-n") max_n = std::stoll(args[1]);
    struct Config {
        bool symmetrise;
        LogDetMethod method;
    };
    const std::vector<Config> configs = {
        {true, LogDetMethod::Auto},      {true, LogDetMethod::Slq},        {true, LogDetMethod::Chebyshev},
        {true, LogDetMethod::MonteCarlo}, {false, LogDetMethod::Auto},     {false, LogDetMethod::MonteCarlo}};
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (Eigen::Index n = 1000; n <= max_n; n *= 10)
        for (const Config& c : configs) {
            const std::string line = run_child(argv[0], n, c.symmetrise, c.method);
            if (line.empty()) {
                std::cerr << fmt::format("n = {} {} {}: failed\n", n, c.symmetrise ? "sym" : "asym", to_string(c.method));
                continue;
            }
            all.push_back(nlohmann::ordered_json::parse(line));
            std::cerr << line;
        }
    std::cout << all.dump(2) << std::endl;
}
