#include "engine/text_file.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/input_error.hpp"

namespace spillover {

namespace {

[[noreturn]] void cannot_open(const std::string& path, int error) {
    throw InputError("cannot open '" + path + "': " + std::strerror(error));
}

struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
};

#ifdef MAP_POPULATE
constexpr int kMapFlags = MAP_PRIVATE | MAP_POPULATE;
#else
constexpr int kMapFlags = MAP_PRIVATE;
#endif

// The whole of `fd` by read(): size + 1 so that a regular file is read by one read() and the next
// returns 0; a pipe or a file of unknown size grows the buffer by doubling.
std::string read_all(int fd, std::size_t size_hint, const std::string& path) {
    std::string data(size_hint > 0 ? size_hint + 1 : std::size_t{1} << 16, '\0');
    std::size_t used = 0;
    for (;;) {
        if (used == data.size()) data.resize(2 * data.size());
        const ssize_t n = ::read(fd, data.data() + used, data.size() - used);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw InputError("cannot read '" + path + "': " + std::strerror(errno));
        }
        if (n == 0) break;
        used += static_cast<std::size_t>(n);
    }
    data.resize(used);
    return data;
}

}  // namespace

TextFile::TextFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) cannot_open(path, errno);
    const Closer closer{fd};

    struct stat info {};
    const bool known = ::fstat(fd, &info) == 0;
    if (known && S_ISDIR(info.st_mode)) cannot_open(path, EISDIR);
    // /proc files and the like say size 0 and still have text: only a regular file with a size is mapped.
    if (known && S_ISREG(info.st_mode) && info.st_size > 0) {
        const auto size = static_cast<std::size_t>(info.st_size);
        void* mapping = ::mmap(nullptr, size, PROT_READ, kMapFlags, fd, 0);
        if (mapping != MAP_FAILED) {
            mapped_ = static_cast<const char*>(mapping);
            size_ = size;
            return;
        }
    }
    buffer_ = read_all(fd, known && info.st_size > 0 ? static_cast<std::size_t>(info.st_size) : 0, path);
}

TextFile::~TextFile() {
    if (mapped_) ::munmap(const_cast<char*>(mapped_), size_);
}

}  // namespace spillover
