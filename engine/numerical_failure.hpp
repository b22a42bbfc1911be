#pragma once
// Numerical trouble a computation cannot get past: a sparse factorisation that fails (I − ρW not
// positive definite, a singular matrix), an iteration that does not converge.
//
// It is the second of spillover's two error channels (engine/input_error.hpp is the first): not the
// user's input but the numbers. The layer that meets it (a solver, a log-determinant) throws it; the
// fit that called catches it and reports a status with the message, and the result is still
// printed (models/spatial_regression.hpp). It derives from std::runtime_error, not
// std::invalid_argument, so nothing mistakes it for bad input.

#include <stdexcept>
#include <string>

namespace spillover {

class NumericalFailure : public std::runtime_error {
public:
    explicit NumericalFailure(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace spillover
