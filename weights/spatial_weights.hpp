#pragma once
// SpatialWeights: the n × n spatial weights matrix W with the ids of its units.
//
// W is stored sparse and row-major (Eigen), so that the spatial lag Wx — the operation every
// estimator repeats — walks each row's neighbours contiguously. Row i lists the neighbours of unit i
// and their weights; w_ii = 0 unless a builder says otherwise (kernel weights keep the diagonal).
// A unit with no neighbour ("island") has an empty row: its lag is 0, as spdep with
// zero.policy = TRUE. Ids are strings (the data's id column, or "1".."n").
//
// The object remembers how it was made so later steps can exploit it:
//   - `transform()`: the scaling applied (none, binary, row, spectral, minmax);
//   - `symmetric_scaling()`: when W = D⁻¹B with B symmetric (a row-standardised symmetric
//     matrix, e.g. contiguity), the vector d = diag(D). Then D^{1/2} W D^{-1/2} = D^{-1/2} B D^{-1/2}
//     is symmetric and has W's eigenvalues, which lets the spectrum and the log-determinant use
//     symmetric solvers (Ord 1975). Empty otherwise.
//
// Construction validates: square, ids unique and one per row, finite weights, no negative weight.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Sparse>

namespace spillover {

enum class WeightsTransform {
    None,      ///< the builder's weights as they are (binary for contiguity, 1/d^p for inverse distance ...)
    Binary,    ///< every link weighs 1 (spdep style "B")
    Row,       ///< rows sum to 1, islands stay 0 (spdep style "W")
    Spectral,  ///< divided by the largest |eigenvalue|
    MinMax,    ///< divided by min(max row sum, max column sum) (Kelejian & Prucha 2010; spdep "minmax")
};

std::string_view to_string(WeightsTransform transform);
/// "none", "binary", "row", "spectral", "minmax" (also spdep's letters "B", "W"); InputError otherwise.
WeightsTransform parse_weights_transform(std::string_view name);

class SpatialWeights {
public:
    using Index = std::int64_t;
    using Matrix = Eigen::SparseMatrix<double, Eigen::RowMajor, Index>;

    SpatialWeights() = default;
    SpatialWeights(const SpatialWeights&) = default;
    SpatialWeights& operator=(const SpatialWeights&) = default;
    /// Moves hand W's storage over. Eigen 3.4's SparseMatrix has no move constructor, so the implicit
    /// move would copy every link (about 0.07 s at 10^6 units and 7·10^6 links). The source is left empty.
    SpatialWeights(SpatialWeights&& other) noexcept;
    SpatialWeights& operator=(SpatialWeights&& other) noexcept;
    /// Takes W and the ids of its rows. Throws InputError when the sizes differ, W is not square, an
    /// id repeats or is empty, or a weight is negative or not finite. Explicit zeros are dropped.
    SpatialWeights(std::vector<std::string> ids, Matrix w, WeightsTransform transform = WeightsTransform::None);

    /// W from neighbour lists: `neighbours[i]` are the 0-based neighbours of unit i, `values[i]` their
    /// weights (empty `values`: every weight 1). Duplicate neighbours and self-links are errors.
    static SpatialWeights from_neighbours(std::vector<std::string> ids,
                                          const std::vector<std::vector<Index>>& neighbours,
                                          const std::vector<std::vector<double>>& values = {});

    Index n() const noexcept { return static_cast<Index>(ids_.size()); }
    Index links() const noexcept { return w_.nonZeros(); }
    const Matrix& matrix() const noexcept { return w_; }
    const std::vector<std::string>& ids() const noexcept { return ids_; }
    WeightsTransform transform() const noexcept { return transform_; }

    /// The 0-based index of `id`, or nullopt.
    std::optional<Index> index_of(std::string_view id) const;
    /// Number of neighbours of unit i (the row's non-zeros).
    Index cardinality(Index i) const { return w_.outerIndexPtr()[i + 1] - w_.outerIndexPtr()[i]; }
    /// Units with no neighbour, 0-based, ascending.
    std::vector<Index> islands() const;
    bool has_islands() const { return !islands().empty(); }
    /// W equals its transpose exactly (pattern and values).
    bool is_symmetric() const;
    /// The neighbour pattern is symmetric (i ~ j ⇔ j ~ i), whatever the values.
    bool is_pattern_symmetric() const;

    /// Wx. Throws std::invalid_argument if x has the wrong length.
    Eigen::VectorXd lag(const Eigen::VectorXd& x) const;
    /// WX column by column.
    Eigen::MatrixXd lag(const Eigen::MatrixXd& X) const;
    /// A block with each unit's values contiguous (row-major).
    using RowBlock = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    /// WX for a row-major block: one pass over W, a far neighbour costing one cache line, and no
    /// change of layout (repeated products, e.g. powers W^j Z of probe vectors, stay in this form).
    RowBlock lag(const RowBlock& X) const;

    /// See the class comment: d with W = D⁻¹B, B symmetric; empty when W is not of that form.
    const Eigen::VectorXd& symmetric_scaling() const noexcept { return symmetric_scaling_; }
    /// Used by transforms: records d (or clears it with an empty vector).
    void set_symmetric_scaling(Eigen::VectorXd d) { symmetric_scaling_ = std::move(d); }
    /// Used by transforms, which have checked that W's values fit `transform`: marks W without
    /// building it again.
    void set_transform(WeightsTransform transform) noexcept { transform_ = transform; }

    /// The same W with its units reordered so that row i is unit `order[i]`'s id. Used to align W
    /// with the rows of a data table.
    SpatialWeights permuted(const std::vector<Index>& order) const;

private:
    void validate() const;
    void index_ids();

    std::vector<std::string> ids_;
    Matrix w_;
    WeightsTransform transform_ = WeightsTransform::None;
    Eigen::VectorXd symmetric_scaling_;
    // Open-addressing table of unit indices keyed by the hash of their id (linear probing, at most
    // half full; a slot also keeps the hash's top bits, see index_ids). One flat array instead of a
    // node per id: at 10^6 units a node-based map cost 0.3–0.6 s to build, this costs a few tens of
    // milliseconds.
    std::vector<Index> slots_;
};

/// A prvalue holding m's storage, m left empty: passing `std::move(m)` to a by-value Matrix
/// parameter copies it (Eigen 3.4's SparseMatrix has no move constructor), passing `taken(m)` does not.
inline SpatialWeights::Matrix taken(SpatialWeights::Matrix& m) {
    SpatialWeights::Matrix out;
    out.swap(m);
    return out;
}

}  // namespace spillover
