#pragma once
// Writing an output file atomically: the content goes to a temporary file in the same directory,
// which is flushed and then renamed over the target. A reader never sees a half-written table, and a
// failed run leaves an earlier output intact.

#include <string>
#include <string_view>

namespace spillover {

/// Throws InputError "cannot write 'PATH': reason" when the directory is missing or not writable.
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace spillover
