#pragma once
// Writing an output file atomically: the content goes to a temporary file in the same directory,
// which is flushed and then renamed over the target. A reader never sees a half-written table, and a
// failed run leaves an earlier output intact.
//
// An interrupted run (SIGINT, SIGTERM, SIGHUP) leaves the old file or the new one: rename(2) is
// atomic, and the handler of remove_partial_output_on_signals() deletes the temporary file being
// written, then ends the process by the same signal (so that the shell still sees it interrupted).

#include <string>
#include <string_view>

namespace spillover {

/// Throws InputError "cannot write 'PATH': reason" when the directory is missing or not writable.
void write_file_atomically(const std::string& path, std::string_view content);

/// Installs the handlers described above for SIGINT, SIGTERM and SIGHUP (the command line calls it
/// once at start-up). Without them a signal still leaves the target whole, but a hidden temporary
/// file ".NAME.XXXXXX" behind.
void remove_partial_output_on_signals();

}  // namespace spillover
