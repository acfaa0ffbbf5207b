/* libFuzzer target for the .xlsx reader (src/io/xlsx_read.c) and the format
 * sniffing in front of it (src/io/sheet.c).
 *
 * Random bytes rarely make a ZIP, so the input is used two ways, chosen by
 * its first byte:
 *   odd:  the rest is the whole file (ZIP structure, truncation, bombs);
 *   even: the rest is split at "\x00\x00" into the parts of a workbook
 *         (sheet1.xml, sharedStrings.xml, styles.xml, workbook.xml,
 *         workbook.xml.rels), zipped here, then read (the XML handlers).
 * Never a crash, leak or out-of-bounds access; every failure has a reason.
 * Build and run: see tests/fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "io/sheet.h"
#include "io/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                                    "xl/workbook.xml", "xl/_rels/workbook.xml.rels"};

static const char default_rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
    " Target=\"xl/workbook.xml\"/></Relationships>";

/* Zips the parts in memory (stored, no compression). NULL on failure. */
static char *build(const uint8_t *p, size_t n, size_t *out_len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src) return NULL;
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!z) { zip_source_free(src); return NULL; }
    zip_source_keep(src);
    size_t part = 0, start = 0;
    for (size_t i = 0; i <= n && part < 5; i++) {
        if (i == n || (i + 1 < n && p[i] == 0 && p[i + 1] == 0)) {
            zip_source_t *s = zip_source_buffer(z, p + start, i - start, 0);
            zip_int64_t idx = s ? zip_file_add(z, names[part], s, 0) : -1;
            if (idx < 0) zip_source_free(s);
            else zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
            part++;
            start = i + 2;
            i++;
        }
    }
    zip_source_t *r = zip_source_buffer(z, default_rels, sizeof default_rels - 1, 0);
    if (r && zip_file_add(z, "_rels/.rels", r, 0) < 0) zip_source_free(r);
    char *buf = NULL;
    if (zip_close(z) != 0) {
        zip_discard(z);
        zip_source_free(src);
        return NULL;
    }
    zip_stat_t st;
    if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
        buf = malloc(st.size ? st.size : 1);
        if (buf && zip_source_read(src, buf, st.size) != (zip_int64_t)st.size) {
            free(buf);
            buf = NULL;
        }
        *out_len = st.size;
        zip_source_close(src);
    }
    zip_source_free(src);
    return buf;
}

static void read_all(const char *data, size_t len)
{
    char err[600];
    struct sheet *s;
    if (sheet_open(data, len, SHEET_UNKNOWN, &s, err, sizeof err) != 0) {
        if (!err[0]) abort();
        return;
    }
    struct sheet_row row;
    int rc;
    long rows = 0;
    while ((rc = sheet_next(s, &row)) == 1) {
        if (row.n > XLSX_MAX_COLS && sheet_format_of(s) == SHEET_XLSX) abort();
        for (size_t i = 0; i < row.n; i++)
            if (row.cell[i][row.len[i]] != 0) abort();
        if (++rows > 2000000) break;
    }
    if (rc < 0 && !sheet_error(s)[0] && sheet_format_of(s) == SHEET_XLSX) abort();
    sheet_close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    if (data[0] & 1) {
        read_all((const char *)data + 1, size - 1);
        return 0;
    }
    size_t len = 0;
    char *zip = build(data + 1, size - 1, &len);
    if (zip) read_all(zip, len);
    free(zip);
    return 0;
}
