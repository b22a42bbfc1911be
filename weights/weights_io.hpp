#pragma once
// Reading and writing spatial weights files: one entry point over the formats in gal_format,
// gwt_format, matrix_market_format, csv_weights_format and stata_spmatrix_format (each header
// documents its layout and errors).
//
// | format        | extension | carries weights | islands survive a round trip        |
// |---------------|-----------|-----------------|-------------------------------------|
// | Gal           | .gal      | no (binary W)   | yes                                 |
// | Gwt           | .gwt      | yes             | only with ReadWeightsOptions::ids    |
// | MatrixMarket  | .mtx      | yes             | yes                                 |
// | DenseCsv      | .csv      | yes             | yes (n <= weights_text::kMaxDenseUnits) |
// | TripletCsv    | .csv      | yes             | only with ReadWeightsOptions::ids    |
// | StataText     | .txt      | yes             | yes (integer ids, n <= kMaxDenseUnits) |
//
// Round trips are exact where the format can carry W: same ids in the same order, same pattern,
// bit-identical weights (shortest round-trip decimals). What no file keeps: the transform and the
// symmetric scaling — a W read from a file has transform none.
//
// Unit order: the file's, unless ReadWeightsOptions::ids gives every unit's id (e.g. the data's id
// column): then W's units follow that list. For GWT and triplet CSV the list also supplies units
// without links, which those files cannot name; for the other formats the list must hold exactly
// the file's ids.
//
// Every error is an InputError; problems in the file carry file:line (and the field where known).
// A missing or unreadable file: "cannot open 'PATH': reason".
//
// Example:
//     const SpatialWeights w = read_weights("data/columbus/COL.gal");
//     write_weights(w, "/tmp/col.gwt", WeightsFileFormat::Gwt);

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weights/spatial_weights.hpp"
#include "weights/weights_text.hpp"

namespace spillover {

enum class WeightsFileFormat { Gal, Gwt, MatrixMarket, DenseCsv, TripletCsv, StataText };

/// "gal", "gwt", "mtx", "dense-csv", "triplet-csv", "stata".
std::string_view to_string(WeightsFileFormat format);
/// Inverse of to_string; also "matrix-market", "csv" (dense), "triplet", "edges", "txt"; any case.
/// InputError listing the choices otherwise.
WeightsFileFormat parse_weights_file_format(std::string_view name);

/// The format of an existing file from its extension (any case): .gal, .gwt, .mtx, .txt (Stata), and
/// .csv, which is dense or triplet as its header line says (the file's first line is read). InputError
/// for another extension or, for .csv, a file that cannot be opened.
WeightsFileFormat format_from_path(const std::string& path);
/// The format to write a path in: as format_from_path, with .csv → TripletCsv (works for any n and
/// keeps W sparse).
WeightsFileFormat format_for_writing(const std::string& path);

struct ReadWeightsOptions {
    /// Overrides the format the extension implies.
    std::optional<WeightsFileFormat> format;
    /// Every unit's id, in the order wanted (e.g. the data's id column); empty = the file's units in
    /// the file's order. See the header comment.
    std::vector<std::string> ids;
};

struct WriteWeightsOptions {
    /// The shapefile and id-field names of the GAL / GWT header line.
    GeoDaHeader geoda;
};

SpatialWeights read_weights(const std::string& path, const ReadWeightsOptions& options = {});
/// The same from text in memory; `source` names it in messages.
SpatialWeights read_weights_text(std::string_view text, const std::string& source, WeightsFileFormat format,
                                 const ReadWeightsOptions& options = {});

/// Writes W atomically (write_file_atomically: a reader never sees half a file). InputError when the
/// format cannot hold W (weights in GAL, non-integer ids in Stata text, ...) or the path is not
/// writable; nothing is written then.
void write_weights(const SpatialWeights& w, const std::string& path, WeightsFileFormat format,
                   const WriteWeightsOptions& options = {});
std::string write_weights_text(const SpatialWeights& w, WeightsFileFormat format,
                               const WriteWeightsOptions& options = {});

}  // namespace spillover
