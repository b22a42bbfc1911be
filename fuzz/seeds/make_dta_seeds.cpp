// Writes the .dta seeds of fuzz_dta (fuzz/seeds/dta/) with readstat's writer, the layout of
// tests/test_dta_reader.cpp's sample (id long, x double with . and .a, name str16, f float, b byte)
// in a few format versions, and a file with a strL (format 117+ only). Run once; the seeds are
// committed:
//     c++ -std=c++20 fuzz/seeds/make_dta_seeds.cpp -lreadstat -o /tmp/make_dta_seeds
//     /tmp/make_dta_seeds fuzz/seeds/dta
#include <readstat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

ssize_t append_bytes(const void* data, size_t length, void* ctx) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), length);
    return static_cast<ssize_t>(length);
}

std::string sample(int version, bool strl) {
    std::string bytes;
    readstat_writer_t* w = readstat_writer_init();
    readstat_set_data_writer(w, append_bytes);
    readstat_writer_set_file_format_version(w, static_cast<uint8_t>(version));
    readstat_variable_t* id = readstat_add_variable(w, "id", READSTAT_TYPE_INT32, 0);
    readstat_variable_t* x = readstat_add_variable(w, "x", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_t* name = readstat_add_variable(w, "name", READSTAT_TYPE_STRING, 16);
    readstat_variable_t* f = readstat_add_variable(w, "f", READSTAT_TYPE_FLOAT, 0);
    readstat_variable_t* b = readstat_add_variable(w, "b", READSTAT_TYPE_INT8, 0);
    readstat_variable_t* note = strl ? readstat_add_variable(w, "note", READSTAT_TYPE_STRING_REF, 0) : nullptr;
    readstat_string_ref_t* ref = strl ? readstat_add_string_ref(w, "a long note held as a strL") : nullptr;
    readstat_begin_writing_dta(w, &bytes, 3);
    const char* names[] = {"alpha", "", "gamma"};
    for (int r = 0; r < 3; ++r) {
        readstat_begin_row(w);
        readstat_insert_int32_value(w, id, r + 1);
        if (r == 1)
            readstat_insert_missing_value(w, x);
        else if (r == 2 && version >= 113)
            readstat_insert_tagged_missing_value(w, x, 'a');
        else
            readstat_insert_double_value(w, x, 0.1 * (r + 1));
        readstat_insert_string_value(w, name, names[r]);
        readstat_insert_float_value(w, f, 2.5f * static_cast<float>(r));
        if (r == 2)
            readstat_insert_missing_value(w, b);
        else
            readstat_insert_int8_value(w, b, static_cast<int8_t>(r - 1));
        if (strl) readstat_insert_string_ref(w, note, ref);
        readstat_end_row(w);
    }
    readstat_end_writing(w);
    readstat_writer_free(w);
    return bytes;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_dta_seeds DIR\n");
        return 2;
    }
    const std::string dir = argv[1];
    for (int version : {104, 114, 117, 118, 119}) {
        std::ofstream(dir + "/sample" + std::to_string(version) + ".dta", std::ios::binary) << sample(version, false);
    }
    std::ofstream(dir + "/strl118.dta", std::ios::binary) << sample(118, true);
    return 0;
}
