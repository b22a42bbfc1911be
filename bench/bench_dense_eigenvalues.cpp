// Dense eigenvalues of W: LAPACK (weights/dense_eigenvalues.hpp, what the library runs) against
// Eigen's dense solvers (what it ran before), on the weights of bench_logdet: n random points in the
// unit square (fixed seed), kNN-6, row-standardised, symmetrised ("sym": the eigenvalues of the
// symmetric similar S = D^1/2 W D^-1/2) or not ("asym": the complex eigenvalues of W).
//
//   bench_dense_eigenvalues N sym|asym [both|lapack|eigen|transpose] [THREADS] [vectors]
//
// prints one JSON object: the seconds of each route (dense matrix formed outside the clock; wall and
// CPU time of the process, the second less sensitive to other processes on a shared machine), the
// estimate of dense_eigenvalues_cost and the rate it implies (flops / seconds), the peak resident
// memory, and with "both" the agreement of the two: the largest difference of the sorted eigenvalues
// (sorted by real, then imaginary part), the largest distance from an eigenvalue of one route to the
// nearest of the other (both ways; where and how many beyond 1e-10), and ln|I − ρW| at ρ = 0.5 from
// each. "transpose" as the route: LAPACK on W and on Wᵀ (the same eigenvalues in exact arithmetic),
// which shows how well rounding lets any method determine them. THREADS: OpenBLAS threads for LAPACK
// (default 0, as the library: those the load average leaves idle; Eigen's solvers are
// single-threaded). "vectors" (sym only): eigenvectors too, as the random-effects error model needs
// (Eigen's SelfAdjointEigenSolver against dsyevd 'V').

#include <sys/resource.h>

#include <ctime>

#include <algorithm>
#include <cstdlib>
#include <complex>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Eigenvalues>
#include <nlohmann/json.hpp>

#include "engine/stage_timer.hpp"
#include "weights/dense_eigenvalues.hpp"
#include "weights/knn.hpp"
#include "weights/symmetric_similar.hpp"
#include "weights/transforms.hpp"

namespace {

using namespace spillover;

SpatialWeights make_weights(Eigen::Index n, bool symmetrise) {
    std::mt19937_64 rng(20261129);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Eigen::MatrixX2d xy(n, 2);
    for (Eigen::Index i = 0; i < n; ++i) xy.row(i) << unit(rng), unit(rng);
    KnnOptions o;
    o.k = 6;
    o.symmetrise = symmetrise;
    return transformed(knn_weights(PointSet::with_default_ids(std::move(xy), false), o), WeightsTransform::Row);
}

/// CPU seconds of the whole process (every thread): on this shared machine, with one thread, a
/// measure of the work that other processes' load does not inflate as it does the wall time.
double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// The one-minute load average when the run ends (this machine is shared; read the times with it).
double load_average() {
    double load[1] = {-1.0};
    return getloadavg(load, 1) == 1 ? load[0] : -1.0;
}

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::vector<std::complex<double>> sorted(const Eigen::VectorXcd& v) {
    std::vector<std::complex<double>> s(v.data(), v.data() + v.size());
    std::sort(s.begin(), s.end(), [](auto a, auto b) { return a.real() < b.real() || (a.real() == b.real() && a.imag() < b.imag()); });
    return s;
}

/// max over a of the distance to the nearest b; `at`: that a, `over`: how many are further than 1e-10.
double one_way(const Eigen::VectorXcd& a, const Eigen::VectorXcd& b, std::complex<double>* at = nullptr,
               Eigen::Index* over = nullptr) {
    double worst = 0.0;
    for (const auto& x : a) {
        const double d = (b.array() - x).abs().minCoeff();
        if (over && d > 1e-10) ++*over;
        if (d > worst) {
            worst = d;
            if (at) *at = x;
        }
    }
    return worst;
}

double logdet_at(const Eigen::VectorXcd& lambda, double rho) {
    double sum = 0.0;
    for (const auto& l : lambda) sum += std::log(std::abs(1.0 - rho * l));
    return sum;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() < 2) {
        std::cerr << "usage: bench_dense_eigenvalues N sym|asym [both|lapack|eigen|transpose] [THREADS] [vectors]\n";
        return 2;
    }
    const Eigen::Index n = std::stoll(args[0]);
    const bool symmetric = args[1] == "sym";
    const std::string routes = args.size() > 2 ? args[2] : "both";
    const int threads = dense_eigen_threads(args.size() > 3 ? std::stoi(args[3]) : 0);
    const bool vectors = args.size() > 4 && args[4] == "vectors";
    const SpatialWeights w = make_weights(n, symmetric);
    if (symmetric && !has_symmetric_similar(w)) throw std::logic_error("the symmetrised W has no symmetric similar form");
    const Eigen::MatrixXd dense = symmetric ? Eigen::MatrixXd(symmetric_similar(w)) : Eigen::MatrixXd(w.matrix());

    nlohmann::ordered_json out;
    out["n"] = n;
    out["w"] = symmetric ? "knn6-sym-row (S)" : "knn6-asym-row";
    out["vectors"] = vectors;
    const DenseEigenCost cost = dense_eigenvalues_cost(n, symmetric);
    out["estimate_s"] = cost.seconds;
    out["estimate_gb"] = cost.bytes() / 1e9;
    Eigen::VectorXcd lapack, eigen;
    if (routes == "both" || routes == "lapack") {
        Eigen::MatrixXd copy = dense;
        const double cpu = cpu_seconds();
        const auto start = StageClock::now();
        if (vectors) {
            const SymmetricEigen e = symmetric_eigen(std::move(copy), threads);
            lapack = e.values.cast<std::complex<double>>();
        } else if (symmetric) {
            lapack = symmetric_eigenvalues(std::move(copy), threads).cast<std::complex<double>>();
        } else {
            lapack = general_eigenvalues(std::move(copy), threads);
        }
        const double s = seconds_since(start);
        out["lapack_s"] = s;
        out["lapack_cpu_s"] = cpu_seconds() - cpu;
        out["lapack_threads"] = threads;
        out["flops_per_s"] = cost.flops / s;
    }
    if (routes == "transpose") {
        lapack = symmetric ? symmetric_eigenvalues(dense, threads).cast<std::complex<double>>()
                           : general_eigenvalues(dense, threads);
        eigen = symmetric ? symmetric_eigenvalues(dense.transpose(), threads).cast<std::complex<double>>()
                          : general_eigenvalues(dense.transpose(), threads);
    }
    if (routes == "both" || routes == "eigen") {
        const double cpu = cpu_seconds();
        const auto start = StageClock::now();
        if (symmetric) {
            const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(
                dense, vectors ? Eigen::ComputeEigenvectors : Eigen::EigenvaluesOnly);
            eigen = solver.eigenvalues().cast<std::complex<double>>();
        } else {
            const Eigen::EigenSolver<Eigen::MatrixXd> solver(dense, false);
            eigen = solver.eigenvalues();
        }
        out["eigen_s"] = seconds_since(start);
        out["eigen_cpu_s"] = cpu_seconds() - cpu;
    }
    if (lapack.size() > 0 && eigen.size() > 0) {
        const auto a = sorted(lapack), b = sorted(eigen);
        double worst = 0.0;
        for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
        out["max_sorted_difference"] = worst;
        std::complex<double> at;
        Eigen::Index over = 0;
        out["max_nearest_distance"] = std::max(one_way(lapack, eigen, &at, &over), one_way(eigen, lapack));
        out["farthest_lapack_eigenvalue"] = {at.real(), at.imag()};
        out["lapack_eigenvalues_farther_than_1e-10"] = over;
        out["logdet_0.5_lapack"] = logdet_at(lapack, 0.5);
        out["logdet_0.5_eigen"] = logdet_at(eigen, 0.5);
        out["logdet_relative_difference"] =
            std::abs(logdet_at(lapack, 0.5) - logdet_at(eigen, 0.5)) / std::abs(logdet_at(eigen, 0.5));
    }
    out["load"] = load_average();
    out["peak_rss_mb"] = peak_rss_mb();
    std::cout << out.dump() << std::endl;
}
