/* libFuzzer target for the CSV reader and writer (src/io/csv.c).
 * Any input: the reader never crashes, leaks or reads out of bounds, records
 * respect the limits, and every record it returns survives a round trip
 * through the writer (written with the same separator, read back equal).
 * Build and run: see tests/fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(char sep, const char *const *f, const size_t *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (memchr(f[i], 0, l[i])) return; /* the writer takes C strings */
    if (n && l[0] >= 2 && ((unsigned char)f[0][0] == 0xEF || (unsigned char)f[0][0] == 0xFF ||
                           (unsigned char)f[0][0] == 0xFE))
        return; /* would read back as a byte-order mark */
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) return;
    struct csv_writer w;
    csv_writer_init(&w, m, sep);
    for (size_t i = 0; i < n; i++) csv_cell_raw(&w, f[i]);
    csv_end_row(&w);
    fclose(m);
    struct csv_reader *r = csv_open_mem(buf, len, sep);
    const char *const *g;
    const size_t *gl;
    size_t gn;
    int rc = csv_next(r, &g, &gl, &gn);
    if (rc != 1 || gn != n) abort();
    for (size_t i = 0; i < n; i++)
        if (gl[i] != l[i] || memcmp(g[i], f[i], l[i]) != 0) abort();
    if (csv_next(r, &g, &gl, &gn) != 0) abort();
    csv_close(r);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_reader *r = csv_open_mem((const char *)data, size, 0);
    if (!r) return 0;
    const char *const *f;
    const size_t *l;
    size_t n;
    long last_line = 0;
    int rc;
    while ((rc = csv_next(r, &f, &l, &n)) == 1) {
        if (n == 0 || n > CSV_MAX_FIELDS) abort();
        for (size_t i = 0; i < n; i++)
            if (l[i] > CSV_MAX_FIELD || f[i][l[i]] != 0) abort();
        if (csv_line(r) <= last_line) abort(); /* records start on increasing lines */
        last_line = csv_line(r);
        round_trip(csv_separator(r), f, l, n);
    }
    if (rc < 0 && !csv_error(r)[0]) abort(); /* every failure has a reason */
    csv_close(r);
    return 0;
}
