#include "weights/dense_eigenvalues.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstddef>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "engine/input_error.hpp"
#include "engine/numerical_failure.hpp"

// LAPACK's Fortran entry points (liblapack-dev links them; at run time Debian's alternatives resolve
// liblapack.so.3 to OpenBLAS's). 32-bit integers (LP64), and the lengths of the character arguments
// passed last, as gfortran does.
extern "C" {
void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w, double* work,
             const int* lwork, int* iwork, const int* liwork, int* info, std::size_t jobz_length,
             std::size_t uplo_length);
void dgeev_(const char* jobvl, const char* jobvr, const int* n, double* a, const int* lda, double* wr, double* wi,
            double* vl, const int* ldvl, double* vr, const int* ldvr, double* work, const int* lwork, int* info,
            std::size_t jobvl_length, std::size_t jobvr_length);
}

namespace spillover {

namespace {

// Rates measured on the project's machine (2 cores of an AMD EPYC VM, OpenBLAS 0.3.21) by
// bench/bench_dense_eigenvalues on row-standardised kNN-6 weights: the flop count over the seconds of
// the call on one thread (bench/RESULTS.md has every run).
//   symmetric, (4/3)n³ / s of dsyevd 'N':   idle core 25, 20, 19 Gflop/s at n = 2000, 3107, 5000;
//                                           busy machine (load 4–7, CPU s) 18, 15, 11.5, 16 at 2000–10 000
//   general,   10n³ / s of dgeev 'N','N':   idle core 44, 45, 35 Gflop/s at n = 2000, 3107, 5000;
//                                           busy machine (CPU s) 30, 35, 26 at 2000–5000
// (dgeev's nominal 10n³ overstates its work on these matrices: after the (10/3)n³ Hessenberg
// reduction the QR iteration deflates fast, so the "rate" exceeds what one core can do.) The constants
// are the busy-machine rates, so the estimate is an upper bound within a factor of about 1.5 for one
// idle core, and about 2.5 with two idle threads; a planning number, not a promise.
constexpr double symmetric_flops_per_second = 14e9;  // (4/3)n³ per second of dsyevd 'N'
constexpr double general_flops_per_second = 30e9;    // 10n³ per second of dgeev 'N','N'

int lapack_order(std::int64_t n) {
    if (n < 0 || n > INT_MAX) throw std::invalid_argument(fmt::format("dense eigenvalues: order {} out of range", n));
    return static_cast<int>(n);
}

/// The optimal size LAPACK returns in work[0] after a query, as an int (throws if it overflows).
int queried_size(double value, const char* what) {
    if (!(value >= 0.0 && value < static_cast<double>(INT_MAX)))
        throw std::invalid_argument(fmt::format("dense eigenvalues: LAPACK's {} workspace ({:.3g}) exceeds its "
                                                "32-bit integers", what, value));
    return static_cast<int>(value);
}

int hardware_threads() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

/// OpenBLAS's thread count for the life of the object, when OpenBLAS is the BLAS loaded (found at run
/// time, so another BLAS works too): dense_eigen_threads(threads); the previous setting is restored.
class BlasThreads {
public:
    explicit BlasThreads(int threads) {
        using Set = void (*)(int);
        using Get = int (*)();
        set_ = reinterpret_cast<Set>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
        const auto get = reinterpret_cast<Get>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
        if (!set_ || !get) return;
        saved_ = get();
        set_(dense_eigen_threads(threads));
    }
    ~BlasThreads() {
        if (set_ && saved_ > 0) set_(saved_);
    }
    BlasThreads(const BlasThreads&) = delete;
    BlasThreads& operator=(const BlasThreads&) = delete;

private:
    void (*set_)(int) = nullptr;
    int saved_ = 0;
};

struct SymmetricWork {
    int lwork = 1, liwork = 1;
};

SymmetricWork symmetric_workspace(int n, char jobz) {
    SymmetricWork s;
    if (n == 0) return s;
    // A query: LAPACK reads neither `a` nor `w` when lwork = liwork = −1.
    double a = 0.0, w = 0.0, work = 0.0;
    int iwork = 0, info = 0;
    const int query = -1;
    dsyevd_(&jobz, "L", &n, &a, &n, &w, &work, &query, &iwork, &query, &info, 1, 1);
    if (info != 0) throw std::logic_error(fmt::format("dsyevd workspace query: info = {}", info));
    s.lwork = std::max(1, queried_size(work, "dsyevd"));
    s.liwork = std::max(1, iwork);
    return s;
}

int general_workspace(int n) {
    if (n == 0) return 1;
    double a = 0.0, wr = 0.0, wi = 0.0, v = 0.0, work = 0.0;
    int info = 0;
    const int one = 1, query = -1;
    dgeev_("N", "N", &n, &a, &n, &wr, &wi, &v, &one, &v, &one, &work, &query, &info, 1, 1);
    if (info != 0) throw std::logic_error(fmt::format("dgeev workspace query: info = {}", info));
    return std::max(1, queried_size(work, "dgeev"));
}

void check_square(const Eigen::MatrixXd& a, const char* what) {
    if (a.rows() != a.cols())
        throw std::invalid_argument(fmt::format("{}: the matrix is {} x {}, not square", what, a.rows(), a.cols()));
}

Eigen::VectorXd run_dsyevd(Eigen::MatrixXd& a, char jobz, int threads) {
    check_square(a, "symmetric eigenvalues");
    const int n = lapack_order(a.rows());
    Eigen::VectorXd values(n);
    if (n == 0) return values;
    const SymmetricWork size = symmetric_workspace(n, jobz);
    std::vector<double> work(static_cast<std::size_t>(size.lwork));
    std::vector<int> iwork(static_cast<std::size_t>(size.liwork));
    int info = 0;
    {
        const BlasThreads blas(threads);
        dsyevd_(&jobz, "L", &n, a.data(), &n, values.data(), work.data(), &size.lwork, iwork.data(), &size.liwork,
                &info, 1, 1);
    }
    if (info < 0) throw std::logic_error(fmt::format("dsyevd: argument {} is invalid", -info));
    if (info > 0)
        throw NumericalFailure(fmt::format("the symmetric eigenvalue problem (LAPACK dsyevd, n = {}) did not converge "
                                           "(info = {})",
                                           n, info));
    return values;
}

}  // namespace

int dense_eigen_threads(int threads) {
    const int hardware = hardware_threads();
    if (threads > 0) return std::min(threads, hardware);
    double load[1] = {0.0};
    if (getloadavg(load, 1) != 1) return 1;
    return std::clamp(static_cast<int>(std::floor(hardware - load[0] + 0.5)), 1, hardware);
}

std::string DenseEigenCost::summary() const {
    const double gb = bytes() / 1e9;
    const std::string memory = gb >= 0.1 ? fmt::format("{:.1f} GB", gb) : fmt::format("{:.0f} MB", bytes() / 1e6);
    const std::string time = seconds >= 10.0  ? fmt::format("about {:.0f} s", seconds)
                             : seconds >= 0.1 ? fmt::format("about {:.1f} s", seconds)
                                              : std::string("under 0.1 s");
    return memory + ", " + time;
}

DenseEigenCost dense_eigenvalues_cost(std::int64_t n, bool symmetric) {
    const int order = lapack_order(n);
    DenseEigenCost cost;
    cost.n = n;
    cost.symmetric = symmetric;
    const double nd = static_cast<double>(n);
    cost.matrix_bytes = 8.0 * nd * nd;
    if (n == 0) return cost;
    if (symmetric) {
        const SymmetricWork size = symmetric_workspace(order, 'N');
        cost.workspace_bytes = 8.0 * size.lwork + 4.0 * size.liwork + 8.0 * nd;
        cost.flops = 4.0 / 3.0 * nd * nd * nd;
        cost.seconds = cost.flops / symmetric_flops_per_second;
    } else {
        cost.workspace_bytes = 8.0 * general_workspace(order) + 16.0 * nd;
        cost.flops = 10.0 * nd * nd * nd;
        cost.seconds = cost.flops / general_flops_per_second;
    }
    return cost;
}

double available_memory_bytes() {
    std::ifstream meminfo("/proc/meminfo");
    std::string key, unit;
    double value = 0.0;
    while (meminfo >> key >> value) {
        std::getline(meminfo, unit);
        if (key == "MemAvailable:") return value * 1024.0;  // kB
    }
    return -1.0;
}

void check_memory(const DenseEigenCost& cost, const std::string& what, const std::string& instead) {
    const double available = available_memory_bytes();
    if (available < 0.0 || cost.bytes() <= available) return;
    throw InputError(fmt::format("{} needs {:.2f} GB for the dense eigenvalues of W ({} units: {:.2f} GB for the n x n "
                                 "matrix and {:.2f} GB of LAPACK workspace), and {:.2f} GB of memory is available: {}",
                                 what, cost.bytes() / 1e9, cost.n, cost.matrix_bytes / 1e9, cost.workspace_bytes / 1e9,
                                 available / 1e9, instead));
}

Eigen::VectorXd symmetric_eigenvalues(Eigen::MatrixXd a, int threads) { return run_dsyevd(a, 'N', threads); }

SymmetricEigen symmetric_eigen(Eigen::MatrixXd a, int threads) {
    SymmetricEigen out;
    out.values = run_dsyevd(a, 'V', threads);
    out.vectors = std::move(a);
    return out;
}

Eigen::VectorXcd general_eigenvalues(Eigen::MatrixXd a, int threads) {
    check_square(a, "general eigenvalues");
    const int n = lapack_order(a.rows());
    Eigen::VectorXcd values(n);
    if (n == 0) return values;
    const int lwork = general_workspace(n);
    std::vector<double> work(static_cast<std::size_t>(lwork));
    Eigen::VectorXd wr(n), wi(n);
    double v = 0.0;
    int info = 0;
    const int one = 1;
    {
        const BlasThreads blas(threads);
        dgeev_("N", "N", &n, a.data(), &n, wr.data(), wi.data(), &v, &one, &v, &one, work.data(), &lwork, &info, 1, 1);
    }
    if (info < 0) throw std::logic_error(fmt::format("dgeev: argument {} is invalid", -info));
    if (info > 0)
        throw NumericalFailure(fmt::format("the eigenvalue problem of W (LAPACK dgeev, n = {}) did not converge: "
                                           "{} eigenvalues were not found",
                                           n, info));
    for (int i = 0; i < n; ++i) values[i] = {wr[i], wi[i]};
    return values;
}

}  // namespace spillover
