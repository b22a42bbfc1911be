#include "weights/spectrum.hpp"

// GCC 12 reports -Wuse-after-free inside Spectra's UpperHessenbergEigen (Eigen temporaries in
// doComputeEigenvectors), a middle-end false positive in library code; silence it for this file.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wuse-after-free"
#endif

#include <cmath>
#include <stdexcept>

#include <Eigen/SparseCholesky>
#include <Spectra/GenEigsSolver.h>
#include <Spectra/MatOp/SparseGenMatProd.h>
#include <Spectra/SymEigsShiftSolver.h>
#include <fmt/format.h>

#include "engine/numerical_failure.hpp"
#include "weights/dense_eigenvalues.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

using Index = SpatialWeights::Index;
using SparseCol = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
using SymmetricCol = SymmetricSparse;

void SpectrumOptions::validate() const {
    if (dense_limit < 0) throw std::invalid_argument("spectrum dense_limit must be >= 0");
    if (!(tolerance > 0 && tolerance < 1)) throw std::invalid_argument("spectrum tolerance must be in (0, 1)");
    if (max_iterations < 1) throw std::invalid_argument("spectrum max_iterations must be >= 1");
}

namespace {

/// Spectra's shift-and-invert operator y = (S − σI)⁻¹x, with a sparse LDLᵀ (Eigen's
/// SimplicialLDLT, AMD ordering) instead of Spectra's default sparse LU: S is symmetric, and for σ
/// outside the spectrum S − σI is definite.
class SymmetricShiftInvert {
public:
    using Scalar = double;
    explicit SymmetricShiftInvert(const SymmetricCol& s) : s_(s) {}
    Eigen::Index rows() const { return s_.rows(); }
    Eigen::Index cols() const { return s_.cols(); }
    void set_shift(double sigma) {
        SymmetricCol identity(s_.rows(), s_.cols());
        identity.setIdentity();
        solver_.compute(s_ - sigma * identity);
        if (solver_.info() != Eigen::Success)
            throw NumericalFailure("sparse LDLT of S - sigma I failed");
    }
    void perform_op(const double* x_in, double* y_out) const {
        Eigen::Map<const Eigen::VectorXd> x(x_in, s_.rows());
        Eigen::Map<Eigen::VectorXd> y(y_out, s_.rows());
        y = solver_.solve(x);
    }

private:
    const SymmetricCol& s_;
    Eigen::SimplicialLDLT<SymmetricCol, Eigen::Lower, Eigen::AMDOrdering<Index>> solver_;
};

double gershgorin_radius(const SpatialWeights& w) {
    double r = 0.0;
    const auto& m = w.matrix();
    for (Index i = 0; i < m.outerSize(); ++i) {
        double sum = 0.0;
        for (SpatialWeights::Matrix::InnerIterator it(m, i); it; ++it) sum += std::fabs(it.value());
        r = std::max(r, sum);
    }
    return r;
}

double nearest_eigenvalue(SymmetricShiftInvert& op, double sigma, const SpectrumOptions& o, bool& converged) {
    const Eigen::Index ncv = std::min<Eigen::Index>(op.rows(), 24);
    Spectra::SymEigsShiftSolver<SymmetricShiftInvert> eigs(op, 1, ncv, sigma);
    eigs.init();
    eigs.compute(Spectra::SortRule::LargestMagn, o.max_iterations, o.tolerance);
    converged = converged && eigs.info() == Spectra::CompInfo::Successful;
    return eigs.eigenvalues()(0);
}

ExtremeEigenvalues symmetric_route(const SpatialWeights& w, const SpectrumOptions& o) {
    ExtremeEigenvalues ev;
    const SymmetricCol s = symmetric_similar(w);
    const char* similar = w.symmetric_scaling().size() == w.n() ? "D^1/2 W D^-1/2" : "W";
    if (w.n() <= o.dense_limit) {
        const Eigen::VectorXd values = symmetric_eigenvalues(Eigen::MatrixXd(s));
        ev.smallest = values.minCoeff();
        ev.largest = values.maxCoeff();
        ev.method = fmt::format("dense symmetric eigenvalues of {} (LAPACK dsyevd)", similar);
        return ev;
    }
    const double sigma = 1.001 * gershgorin_radius(w) + 1e-12;
    SymmetricShiftInvert op(s);
    ev.smallest = nearest_eigenvalue(op, -sigma, o, ev.converged);
    ev.largest = nearest_eigenvalue(op, sigma, o, ev.converged);
    ev.method = fmt::format("shift-invert Lanczos (Spectra) on symmetric {}", similar);
    if (!ev.converged) ev.message = "the Lanczos iteration did not converge to the requested tolerance";
    return ev;
}

ExtremeEigenvalues general_route(const SpatialWeights& w, const SpectrumOptions& o) {
    ExtremeEigenvalues ev;
    if (w.n() <= o.dense_limit) {
        const Eigen::VectorXcd values = general_eigenvalues(Eigen::MatrixXd(w.matrix()));
        ev.smallest = values.real().minCoeff();
        ev.largest = values.real().maxCoeff();
        ev.method = "dense eigenvalues of W (LAPACK dgeev; real parts)";
        return ev;
    }
    const SparseCol m = w.matrix().cast<double>();
    Spectra::SparseGenMatProd<double> op(m);
    const Eigen::Index ncv = std::min<Eigen::Index>(w.n(), 40);
    auto extreme = [&](Spectra::SortRule rule) {
        Spectra::GenEigsSolver<Spectra::SparseGenMatProd<double>> eigs(op, 1, ncv);
        eigs.init();
        eigs.compute(rule, o.max_iterations, o.tolerance);
        ev.converged = ev.converged && eigs.info() == Spectra::CompInfo::Successful;
        return eigs.eigenvalues()(0).real();
    };
    ev.smallest = extreme(Spectra::SortRule::SmallestReal);
    ev.largest = extreme(Spectra::SortRule::LargestReal);
    ev.method = "Arnoldi (Spectra) on W, real parts";
    if (!ev.converged) ev.message = "the Arnoldi iteration did not converge to the requested tolerance";
    return ev;
}

}  // namespace

ExtremeEigenvalues extreme_eigenvalues(const SpatialWeights& w, const SpectrumOptions& options) {
    options.validate();
    if (w.n() == 0) throw std::invalid_argument("extreme_eigenvalues: W has no units");
    return has_symmetric_similar(w) ? symmetric_route(w, options) : general_route(w, options);
}

AllEigenvalues all_eigenvalues(const SpatialWeights& w, int threads) {
    AllEigenvalues out;
    const int used = dense_eigen_threads(threads);
    const std::string on = fmt::format("{} thread{}", used, used == 1 ? "" : "s");
    if (has_symmetric_similar(w)) {
        out.values = symmetric_eigenvalues(Eigen::MatrixXd(symmetric_similar(w)), used).cast<std::complex<double>>();
        out.method = "dense symmetric eigenvalues of the symmetric matrix similar to W (LAPACK dsyevd, " + on + ")";
    } else {
        out.values = general_eigenvalues(Eigen::MatrixXd(w.matrix()), used);
        out.real = false;
        out.method = "dense complex eigenvalues of W (LAPACK dgeev, " + on + ")";
    }
    return out;
}

}  // namespace spillover
