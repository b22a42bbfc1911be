// Tests for engine/dta_reader: .dta files are written here with readstat's writer (several format
// versions), read back, and checked value by value. Also read_table's dispatch on ".dta".

#include <doctest/doctest.h>

#include <readstat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/data_table.hpp"
#include "engine/dta_reader.hpp"
#include "engine/input_error.hpp"
#include "tests/test_support.hpp"
#include "engine/read_table.hpp"

using spillover::CellProblem;
using spillover::DataTable;
using spillover::InputError;
using spillover::read_dta;

using spillover::testing::contains;
using spillover::testing::input_error;

namespace {

class TempDir : public spillover::testing::TempDir {
public:
    TempDir() : spillover::testing::TempDir("spillover_dta") {}
};

ssize_t append_bytes(const void* data, size_t length, void* ctx) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), length);
    return static_cast<ssize_t>(length);
}

/// Owns a readstat writer that collects the file's bytes in memory.
class DtaWriter {
public:
    explicit DtaWriter(int version) : writer_(readstat_writer_init()) {
        REQUIRE(writer_ != nullptr);
        readstat_set_data_writer(writer_, append_bytes);
        REQUIRE(readstat_writer_set_file_format_version(writer_, static_cast<uint8_t>(version)) ==
                READSTAT_OK);
    }
    ~DtaWriter() { readstat_writer_free(writer_); }
    DtaWriter(const DtaWriter&) = delete;
    DtaWriter& operator=(const DtaWriter&) = delete;

    readstat_variable_t* add(const char* name, readstat_type_t type, size_t width = 0) {
        readstat_variable_t* variable = readstat_add_variable(writer_, name, type, width);
        REQUIRE(variable != nullptr);
        return variable;
    }
    void begin(long rows) { REQUIRE(readstat_begin_writing_dta(writer_, &bytes_, rows) == READSTAT_OK); }
    readstat_writer_t* get() { return writer_; }
    const std::string& finish() {
        REQUIRE(readstat_end_writing(writer_) == READSTAT_OK);
        return bytes_;
    }

private:
    readstat_writer_t* writer_;
    std::string bytes_;
};

/// Tagged missing values (.a ... .z) exist from format 113 (Stata 8) on.
bool has_tagged_missing(int version) { return version >= 113; }

/// Four observations: id (long), x (double with . and .a, or . before format 113), name (str16 with
/// an empty string), f (float), b (byte with .).
std::string sample_dta(int version) {
    DtaWriter w(version);
    readstat_variable_t* id = w.add("id", READSTAT_TYPE_INT32);
    readstat_variable_t* x = w.add("x", READSTAT_TYPE_DOUBLE);
    readstat_variable_t* name = w.add("name", READSTAT_TYPE_STRING, 16);
    readstat_variable_t* f = w.add("f", READSTAT_TYPE_FLOAT);
    readstat_variable_t* b = w.add("b", READSTAT_TYPE_INT8);
    w.begin(4);
    const int32_t ids[] = {1, 2, 3, 4};
    const char* names[] = {"alpha", "", "gamma", "delta"};
    const float floats[] = {0.1f, 2.5f, 0.0f, -1.0f};
    const int8_t bytes[] = {1, -5, 100, 0};
    for (int r = 0; r < 4; ++r) {
        readstat_writer_t* out = w.get();
        REQUIRE(readstat_begin_row(out) == READSTAT_OK);
        readstat_insert_int32_value(out, id, ids[r]);
        if (r == 1)
            readstat_insert_missing_value(out, x);
        else if (r == 3 && has_tagged_missing(version))
            REQUIRE(readstat_insert_tagged_missing_value(out, x, 'a') == READSTAT_OK);
        else if (r == 3)
            readstat_insert_missing_value(out, x);
        else
            readstat_insert_double_value(out, x, r == 0 ? 0.1 : 1e-300);
        readstat_insert_string_value(out, name, names[r]);
        if (r == 2)
            readstat_insert_missing_value(out, f);
        else
            readstat_insert_float_value(out, f, floats[r]);
        if (r == 3)
            readstat_insert_missing_value(out, b);
        else
            readstat_insert_int8_value(out, b, bytes[r]);
        REQUIRE(readstat_end_row(out) == READSTAT_OK);
    }
    return w.finish();
}

}  // namespace

TEST_CASE("dta: numeric, missing and string values read back, in every writer version") {
    TempDir dir;
    // Every version readstat writes, from Stata 1 (104) to Stata 15+ with many variables (119).
    for (int version : {104, 105, 108, 110, 111, 113, 114, 115, 117, 118, 119}) {
        CAPTURE(version);
        const std::string path = dir.write("sample" + std::to_string(version) + ".dta", sample_dta(version));
        const DataTable t = read_dta(path);
        REQUIRE(t.rows() == 4);
        CHECK(t.source() == path);
        CHECK(t.column_names() == std::vector<std::string>{"id", "x", "name", "f", "b"});
        CHECK(t.column("name").position == 3);
        for (std::size_t r = 0; r < 4; ++r) CHECK(t.source_line(r) == r + 1);

        // Numeric ids read as "1", "2", ... so they match ids in a CSV or a weights file.
        CHECK(t.ids("id") == std::vector<std::string>{"1", "2", "3", "4"});
        CHECK(t.numeric("id") == std::vector<double>{1, 2, 3, 4});

        const auto& x = t.column("x");
        REQUIRE(x.numbers.size() == 4);
        CHECK(x.numbers[0] == 0.1);
        CHECK(std::isnan(x.numbers[1]));
        CHECK(x.numbers[2] == 1e-300);
        CHECK(std::isnan(x.numbers[3]));
        CHECK(x.missing == std::vector<bool>{false, true, false, true});
        CHECK(x.missing_count == 2);
        CHECK(x.text[0] == "0.1");
        CHECK(x.text[1] == ".");
        CHECK(x.text[2] == "1e-300");
        CHECK(x.text[3] == (has_tagged_missing(version) ? ".a" : "."));
        CHECK_FALSE(x.problem);

        const auto& f = t.column("f");
        CHECK(f.numbers[0] == static_cast<double>(0.1f));  // the stored float, exactly
        CHECK(f.text[0] == "0.1");                         // printed at float precision
        CHECK(f.numbers[1] == 2.5);
        CHECK(f.missing[2]);
        CHECK(f.text[3] == "-1");

        const auto& b = t.column("b");
        CHECK(b.numbers[1] == -5.0);
        CHECK(b.text[2] == "100");
        CHECK(b.missing[3]);

        const auto& name = t.column("name");
        CHECK(name.text[0] == "alpha");
        CHECK(name.text[1] == "");
        CHECK(name.missing == std::vector<bool>{false, true, false, false});
        CHECK(name.missing_count == 1);
        CHECK(name.numbers.empty());
        REQUIRE(name.problem);
        CHECK(name.problem->kind == CellProblem::Kind::NonNumeric);
        CHECK(name.problem->row == 0);
    }
}

TEST_CASE("dta: a string variable is refused as numbers with file, observation and variable") {
    TempDir dir;
    const std::string path = dir.write("s.dta", sample_dta(118));
    const DataTable t = read_dta(path);
    const InputError e = input_error([&] { t.numeric("name"); });
    CHECK(e.line() == 1);
    CHECK(e.column() == 3);
    CHECK(contains(e.what(), path + ":1:3: column 'name' has a non-numeric value \"alpha\""));
}

TEST_CASE("dta: a missing id in a numeric id variable is reported") {
    TempDir dir;
    const std::string path = dir.write("ids.dta", sample_dta(118));
    const DataTable t = read_dta(path);
    const InputError e = input_error([&] { t.ids("x"); });
    CHECK(e.line() == 2);
    CHECK(contains(e.what(), "missing id"));
}

TEST_CASE("dta: numeric-looking strings stay text, and an all-empty string variable is all missing") {
    DtaWriter w(118);
    readstat_variable_t* code = w.add("code", READSTAT_TYPE_STRING, 8);
    readstat_variable_t* blank = w.add("blank", READSTAT_TYPE_STRING, 4);
    w.begin(2);
    for (const char* c : {"01001", "01003"}) {
        readstat_begin_row(w.get());
        readstat_insert_string_value(w.get(), code, c);
        readstat_insert_string_value(w.get(), blank, "");
        readstat_end_row(w.get());
    }
    TempDir dir;
    const std::string path = dir.write("codes.dta", w.finish());
    const DataTable t = read_dta(path);
    CHECK(t.ids("code") == std::vector<std::string>{"01001", "01003"});
    CHECK(t.column("code").problem->kind == CellProblem::Kind::NonNumeric);
    const auto& b = t.column("blank");
    CHECK(b.missing_count == 2);
    CHECK_FALSE(b.problem);
    REQUIRE(b.numbers.size() == 2);
    CHECK(std::isnan(b.numbers[0]));
}

TEST_CASE("dta: strL (string reference) variables are text columns") {
    DtaWriter w(118);
    readstat_variable_t* id = w.add("id", READSTAT_TYPE_INT16);
    readstat_variable_t* note = w.add("note", READSTAT_TYPE_STRING_REF);
    readstat_string_ref_t* long_text = readstat_add_string_ref(w.get(), "a long note, with a comma");
    readstat_string_ref_t* empty_text = readstat_add_string_ref(w.get(), "");
    w.begin(3);
    for (int r = 0; r < 3; ++r) {
        readstat_begin_row(w.get());
        readstat_insert_int16_value(w.get(), id, static_cast<int16_t>(10 * (r + 1)));
        REQUIRE(readstat_insert_string_ref(w.get(), note, r == 1 ? empty_text : long_text) == READSTAT_OK);
        readstat_end_row(w.get());
    }
    TempDir dir;
    const DataTable t = read_dta(dir.write("strl.dta", w.finish()));
    CHECK(t.ids("id") == std::vector<std::string>{"10", "20", "30"});
    const auto& n = t.column("note");
    CHECK(n.text[0] == "a long note, with a comma");
    CHECK(n.missing == std::vector<bool>{false, true, false});
    CHECK(n.problem->kind == CellProblem::Kind::NonNumeric);
}

// Found by fuzz/fuzz_dta (an ASan heap-buffer-overflow in reading the value): readstat hands an ASCII
// strL over as a C string without checking the NUL its record must end in, so a damaged record was
// read past the end of readstat's buffer. The files are the writer's, in both strL layouts (117: 4-byte
// o; 118: 8-byte o), with the NUL of the note overwritten.
TEST_CASE("dta error: a strL without its terminating NUL is a damaged file, not read past its end") {
    for (int version : {117, 118}) {
        CAPTURE(version);
        DtaWriter w(version);
        readstat_variable_t* note = w.add("note", READSTAT_TYPE_STRING_REF);
        readstat_string_ref_t* text = readstat_add_string_ref(w.get(), "a note");
        w.begin(1);
        readstat_begin_row(w.get());
        REQUIRE(readstat_insert_string_ref(w.get(), note, text) == READSTAT_OK);
        readstat_end_row(w.get());
        std::string bytes = w.finish();
        TempDir dir;
        CHECK(read_dta(dir.write("good.dta", bytes)).column("note").text[0] == "a note");
        const std::size_t end = bytes.find(std::string("a note\0", 7));
        REQUIRE(end != std::string::npos);
        bytes[end + 6] = '!';
        const std::string path = dir.write("strl.dta", bytes);
        const InputError e = input_error([&] { read_dta(path); });
        CHECK(std::string(e.what()) == path + ": strL value 1 (an ASCII GSO record of the <strls> section) does not "
                                              "end in a NUL byte (a damaged .dta file?)");
    }
}

TEST_CASE("dta: a file with no observations") {
    DtaWriter w(118);
    w.add("y", READSTAT_TYPE_DOUBLE);
    w.begin(0);
    TempDir dir;
    const DataTable t = read_dta(dir.write("empty.dta", w.finish()));
    CHECK(t.rows() == 0);
    CHECK(t.cols() == 1);
    CHECK(t.numeric("y").empty());
}

TEST_CASE("dta error: a missing file") {
    TempDir dir;
    const std::string path = dir.path("absent.dta");
    const InputError e = input_error([&] { read_dta(path); });
    CHECK(std::string(e.what()) == "cannot open '" + path + "': No such file or directory");
}

TEST_CASE("dta error: a file that is not Stata names the path and readstat's message") {
    TempDir dir;
    for (const char* content : {"id,x\n1,2\n", ""}) {
        CAPTURE(content);
        const std::string path = dir.write("fake.dta", content);
        const InputError e = input_error([&] { read_dta(path); });
        CHECK(e.file() == path);
        CHECK(contains(e.what(), path + ": not a Stata .dta file readstat can read: "));
        CHECK(std::string_view(e.what()).size() > path.size() + 45);  // readstat's reason follows
    }
}

// Found by fuzz/fuzz_dta: readstat hands over a variable whose name field is empty as a null name,
// which was copied into a std::string (a crash). The files are the writer's, with the first
// variable's name ("id") overwritten by NUL bytes: in the old fixed-width layout (114) and in the
// XML-like one (118).
TEST_CASE("dta error: a variable without a name is a damaged file, not a crash") {
    TempDir dir;
    for (int version : {114, 118}) {
        CAPTURE(version);
        std::string bytes = sample_dta(version);
        const std::size_t name = version == 118 ? bytes.find("<varnames>id") + 10 : bytes.find(std::string("id\0", 3));
        REQUIRE(name < bytes.size());
        bytes[name] = bytes[name + 1] = '\0';
        const std::string path = dir.write("noname.dta", bytes);
        const InputError e = input_error([&] { read_dta(path); });
        CHECK(e.file() == path);
        CHECK(std::string(e.what()) == path + ": variable 1 has no name (a damaged .dta file?)");
    }
}

// Found by fuzz/fuzz_dta: the header's observation count sized the columns before a value was read,
// so a damaged count reserved gigabytes (16 GB a column here) for a 1 kB file. The file is the
// writer's with the count (bytes 6-9 of a format 114 header) set to 2^31 - 1.
TEST_CASE("dta error: an observation count the file cannot hold is an error, not a huge reservation") {
    TempDir dir;
    std::string bytes = sample_dta(114);
    for (int k = 0; k < 4; ++k) bytes[6 + k] = static_cast<char>(k == 3 ? 0x7f : 0xff);
    const std::string path = dir.write("rows.dta", bytes);
    const InputError e = input_error([&] { read_dta(path); });
    CHECK(std::string(e.what()) == path + ": not a Stata .dta file readstat can read: Unable to read from file");
}

TEST_CASE("read_table: .dta in any case goes to the Stata reader, the rest to CSV") {
    TempDir dir;
    const std::string dta = dir.write("Sample.DTA", sample_dta(118));
    CHECK(spillover::read_table(dta).column("x").text[3] == ".a");
    const std::string csv = dir.write("sample.dta.csv", "a\tb\n1\t2\n");
    CHECK(spillover::read_table(csv).numeric("b")[0] == 2.0);
    const std::string txt = dir.write("plain.txt", "a|b\n1|2\n");
    spillover::CsvOptions options;
    options.separator = '|';
    CHECK(spillover::read_table(txt, options).numeric("a")[0] == 1.0);
}
