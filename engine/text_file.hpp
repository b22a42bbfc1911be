#pragma once
// Reading a whole input file into memory, shared by every reader (CSV, weights files): one read()
// for a regular file, no per-line I/O, and the same messages everywhere.

#include <string>

namespace spillover {

/// The file's bytes. InputError "cannot open 'PATH': <reason>" for a missing file, a directory or
/// no permission; "cannot read 'PATH': <reason>" when reading fails part-way.
std::string read_text_file(const std::string& path);

}  // namespace spillover
