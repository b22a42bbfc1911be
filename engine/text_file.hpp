#pragma once
// Reading a whole input file into memory, shared by every reader (CSV, weights files): no per-line
// I/O, and the same messages everywhere.
//
// A regular file is mapped read-only with its pages populated in one call (mmap MAP_POPULATE): the
// text is the page cache's own pages, so reading it allocates no memory of its own. On the virtual
// machines this runs on, every page a process touches for the first time costs ~15 µs (a page fault
// through the hypervisor), so reading a 2.5 MB file into a fresh buffer cost ~10 ms of faults, and
// mapping it costs ~0.3 ms. Anything else (a pipe, /proc, an empty file, a failed mapping) is read()
// into a buffer.
//
// WARNING: a mapped file that another process truncates while it is being read makes the reader
// die of SIGBUS; input files are not expected to change under a running command.

#include <cstddef>
#include <string>
#include <string_view>

namespace spillover {

class TextFile {
public:
    /// Reads or maps the file at `path`. InputError "cannot open 'PATH': <reason>" for a missing file,
    /// a directory or no permission; "cannot read 'PATH': <reason>" when reading fails part-way.
    explicit TextFile(const std::string& path);
    ~TextFile();
    TextFile(const TextFile&) = delete;
    TextFile& operator=(const TextFile&) = delete;

    /// The file's bytes, valid while the object lives.
    std::string_view text() const noexcept { return mapped_ ? std::string_view(mapped_, size_) : buffer_; }

private:
    const char* mapped_ = nullptr;  ///< the mapping, or nullptr when the file was read into buffer_
    std::size_t size_ = 0;
    std::string buffer_;
};

}  // namespace spillover
