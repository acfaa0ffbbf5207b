/* canbo demo: generates a realistic province after the 1/7/2025 reform.
 *
 * Structure (rules.md §11): the provincial People's Committee, 14
 * departments (sở and equivalents) with their divisions and public service
 * units, and every real commune/ward of the province from
 * ../shared/data/vn-admin-2025/communes.csv, each with its divisions, health
 * station and schools. All units are created on 2025-07-01.
 *
 * People: family names from the national shares of addendum.md B5, middle
 * names by sex and cohort, ages such that nobody is past the NĐ 135/2020
 * retirement age today (retire_compute), CCCD numbers consistent with
 * TT 07/2016/TT-BCA (cccd_check), ranks matching the unit, salary histories
 * that follow the TT 08/2013/TT-BNV step cycle on NĐ 204/2004 Bảng 2
 * (salary_coef), postings from 2025-07-01 (placement after the reform) or
 * from recruitment, leadership titles for unit heads and deputies, training,
 * family, awards, occasional discipline, party membership.
 *
 * Deterministic: every person is drawn from its own xoshiro256** stream
 * seeded from (--seed, person index); CCCD suffixes come from per-prefix
 * counters walked in person order. No rand(), no clock in the data (except
 * created_at/updated_at and the audit timestamps).
 *
 * Speed: prepared statements (db_stmt), multi-row INSERTs for the history
 * tables, text bound SQLITE_STATIC from a reused chunk of person structs (no
 * per-row allocation), one transaction and one audit entry per batch. */
#include "cli/demo.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/audit.h"
#include "auth/auth.h"
#include "core/date.h"
#include "core/ident.h"
#include "core/retire.h"
#include "core/salary.h"
#include "core/vntext.h"

#define REFORM_ISO "2025-07-01"
#define CHUNK 256          /* people generated, then inserted, at a time */
#define MAX_SAL 64
#define MAX_FAM 8
#define MAX_TRAIN 5
#define MAX_AWARD 3

/* ------------------------------------------------------------------------
 * PRNG: splitmix64 to seed, xoshiro256** to draw. */
struct rng { uint64_t s[4]; };

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed * 0x9E3779B97F4A7C15ull ^ (stream + 1) * 0xD1B54A32D192ED03ull;
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t; s[3] = rotl(s[3], 45);
    return res;
}

/* Uniform in [0, n). */
static int rb(struct rng *r, int n)
{
    if (n <= 1) return 0;
    return (int)(((rng_next(r) >> 32) * (uint64_t)(uint32_t)n) >> 32);
}
/* Uniform in [lo, hi]. */
static int rr(struct rng *r, int lo, int hi) { return hi <= lo ? lo : lo + rb(r, hi - lo + 1); }
/* True with probability pct/100. */
static int rp(struct rng *r, int pct) { return rb(r, 100) < pct; }

/* Weighted choice. */
struct wstr { const char *s; int w; };
static int wpick(struct rng *r, const struct wstr *t, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++) total += t[i].w;
    int x = rb(r, total);
    for (int i = 0; i < n; i++) {
        if (x < t[i].w) return i;
        x -= t[i].w;
    }
    return n - 1;
}
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PICK(r, a) ((a)[rb((r), NELEM(a))])
#define WPICK(r, a) ((a)[wpick((r), (a), NELEM(a))].s)

/* ------------------------------------------------------------------------
 * Small string helpers (no format strings built at run time). */
static void scat(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(dst);
    while (*s && n + 1 < cap) dst[n++] = *s++;
    dst[n] = '\0';
}
static void scpy(char *dst, size_t cap, const char *s)
{
    if (cap) dst[0] = '\0';
    scat(dst, cap, s);
}
/* Appends v (>= 0) zero-padded to `width` digits. */
static void catnum(char *dst, size_t cap, long v, int width)
{
    char b[24];
    int n = 0;
    if (v < 0) v = 0;
    do { b[n++] = (char)('0' + v % 10); v /= 10; } while (v && n < 20);
    while (n < width && n < 20) b[n++] = '0';
    char out[24];
    for (int i = 0; i < n; i++) out[i] = b[n - 1 - i];
    out[n] = '\0';
    scat(dst, cap, out);
}
/* Expands {P} (province short name) and {T} ("thành phố" / "tỉnh"). */
static void expand(char *dst, size_t cap, const char *tmpl, const char *pname, const char *tword)
{
    dst[0] = '\0';
    char one[2] = {0, 0};
    for (const char *p = tmpl; *p; p++) {
        if (p[0] == '{' && p[1] && p[2] == '}') {
            scat(dst, cap, p[1] == 'P' ? pname : tword);
            p += 2;
            continue;
        }
        one[0] = *p;
        scat(dst, cap, one);
    }
}
/* Appends a JSON string literal (quotes and escapes). */
static void json_str(char *dst, size_t cap, const char *s)
{
    scat(dst, cap, "\"");
    char esc[8];
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { esc[0] = '\\'; esc[1] = (char)c; esc[2] = 0; }
        else if (c < 0x20) snprintf(esc, sizeof esc, "\\u%04x", c);
        else { esc[0] = (char)c; esc[1] = 0; }
        scat(dst, cap, esc);
    }
    scat(dst, cap, "\"");
}
static void iso(cdate d, char out[11]) { date_format_iso(d, out); }
static void ym(cdate d, char out[8])
{
    char b[11];
    date_format_iso(d, b);
    memcpy(out, b, 7);
    out[7] = '\0';
}
static cdate ymd(int y, int m, int d)
{
    cdate c = 0;
    if (date_from_ymd(y, m, d, &c) != 0) c = 0;
    return c;
}
static int year_of(cdate d) { int y, m, dd; date_to_ymd(d, &y, &m, &dd); return y; }
/* "YYYY-MM" for a year in 1000..9999. */
static void ymtext(char out[8], int y, int mo)
{
    if (y < 1000) y = 1000;
    if (y > 9999) y = 9999;
    if (mo < 1 || mo > 12) mo = 1;
    out[0] = (char)('0' + y / 1000); out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10); out[3] = (char)('0' + y % 10);
    out[4] = '-'; out[5] = (char)('0' + mo / 10); out[6] = (char)('0' + mo % 10); out[7] = '\0';
}

/* ------------------------------------------------------------------------
 * Reference data for the generator. */

/* The 34 provincial units (provinces.csv) with the QĐ 124/2004 codes of the
 * provinces they were formed from (addendum.md B6): the first three CCCD
 * digits of people born there. north: northern name shares (Hoàng > Huỳnh,
 * Vũ > Võ; addendum.md B5). */
struct prov {
    const char *code, *name, *full, *slug;
    int north;
    int old[3];
};
static const struct prov provinces[] = {
    {"01", "Hà Nội", "Thành phố Hà Nội", "ha-noi", 1, {1, 0, 0}},
    {"02", "Hưng Yên", "Tỉnh Hưng Yên", "hung-yen", 1, {33, 34, 0}},
    {"03", "Quảng Trị", "Tỉnh Quảng Trị", "quang-tri", 0, {45, 44, 0}},
    {"04", "Huế", "Thành phố Huế", "hue", 0, {46, 0, 0}},
    {"05", "Hải Phòng", "Thành phố Hải Phòng", "hai-phong", 1, {31, 30, 0}},
    {"06", "Phú Thọ", "Tỉnh Phú Thọ", "phu-tho", 1, {25, 26, 17}},
    {"07", "Thanh Hoá", "Tỉnh Thanh Hoá", "thanh-hoa", 1, {38, 0, 0}},
    {"08", "Quảng Ninh", "Tỉnh Quảng Ninh", "quang-ninh", 1, {22, 0, 0}},
    {"09", "Lào Cai", "Tỉnh Lào Cai", "lao-cai", 1, {10, 15, 0}},
    {"10", "Bắc Ninh", "Tỉnh Bắc Ninh", "bac-ninh", 1, {27, 24, 0}},
    {"11", "Nghệ An", "Tỉnh Nghệ An", "nghe-an", 1, {40, 0, 0}},
    {"12", "Đà Nẵng", "Thành phố Đà Nẵng", "da-nang", 0, {48, 49, 0}},
    {"13", "Ninh Bình", "Tỉnh Ninh Bình", "ninh-binh", 1, {37, 35, 36}},
    {"14", "Khánh Hòa", "Tỉnh Khánh Hòa", "khanh-hoa", 0, {56, 58, 0}},
    {"15", "Tây Ninh", "Tỉnh Tây Ninh", "tay-ninh", 0, {72, 80, 0}},
    {"16", "Đồng Tháp", "Tỉnh Đồng Tháp", "dong-thap", 0, {87, 82, 0}},
    {"17", "Hà Tĩnh", "Tỉnh Hà Tĩnh", "ha-tinh", 1, {42, 0, 0}},
    {"18", "An Giang", "Tỉnh An Giang", "an-giang", 0, {89, 91, 0}},
    {"19", "Thái Nguyên", "Tỉnh Thái Nguyên", "thai-nguyen", 1, {19, 6, 0}},
    {"20", "Lạng Sơn", "Tỉnh Lạng Sơn", "lang-son", 1, {20, 0, 0}},
    {"21", "Điện Biên", "Tỉnh Điện Biên", "dien-bien", 1, {11, 0, 0}},
    {"22", "Đồng Nai", "Tỉnh Đồng Nai", "dong-nai", 0, {75, 70, 0}},
    {"23", "Quảng Ngãi", "Tỉnh Quảng Ngãi", "quang-ngai", 0, {51, 62, 0}},
    {"24", "Vĩnh Long", "Tỉnh Vĩnh Long", "vinh-long", 0, {86, 83, 84}},
    {"25", "Cao Bằng", "Tỉnh Cao Bằng", "cao-bang", 1, {4, 0, 0}},
    {"26", "Lai Châu", "Tỉnh Lai Châu", "lai-chau", 1, {12, 0, 0}},
    {"27", "Đắk Lắk", "Tỉnh Đắk Lắk", "dak-lak", 0, {66, 54, 0}},
    {"28", "Gia Lai", "Tỉnh Gia Lai", "gia-lai", 0, {64, 52, 0}},
    {"29", "Lâm Đồng", "Tỉnh Lâm Đồng", "lam-dong", 0, {68, 67, 60}},
    {"30", "Hồ Chí Minh", "Thành phố Hồ Chí Minh", "ho-chi-minh", 0, {79, 74, 77}},
    {"31", "Sơn La", "Tỉnh Sơn La", "son-la", 1, {14, 0, 0}},
    {"32", "Cần Thơ", "Thành phố Cần Thơ", "can-tho", 0, {92, 94, 93}},
    {"33", "Cà Mau", "Tỉnh Cà Mau", "ca-mau", 0, {96, 95, 0}},
    {"34", "Tuyên Quang", "Tỉnh Tuyên Quang", "tuyen-quang", 1, {8, 2, 0}},
};

/* Used when communes.csv is missing: real wards and communes of Đà Nẵng
 * after 1/7/2025 (a subset). */
static const struct { const char *name, *type; } builtin_danang[] = {
    {"Hải Châu", "ward"}, {"Hòa Cường", "ward"}, {"Thanh Khê", "ward"}, {"An Khê", "ward"},
    {"An Hải", "ward"}, {"Sơn Trà", "ward"}, {"Ngũ Hành Sơn", "ward"}, {"Hòa Khánh", "ward"},
    {"Hải Vân", "ward"}, {"Liên Chiểu", "ward"}, {"Cẩm Lệ", "ward"}, {"Hòa Xuân", "ward"},
    {"Tam Kỳ", "ward"}, {"Hội An", "ward"}, {"Điện Bàn", "ward"},
    {"Hòa Vang", "commune"}, {"Hòa Tiến", "commune"}, {"Bà Nà", "commune"}, {"Núi Thành", "commune"},
    {"Đại Lộc", "commune"}, {"Thăng Bình", "commune"}, {"Duy Xuyên", "commune"}, {"Nam Phước", "commune"},
    {"Tiên Phước", "commune"}, {"Thạnh Mỹ", "commune"}, {"Hoàng Sa", "commune"},
};

/* Family names: national shares ×100 (Lê Trung Hoa 2005, addendum.md B5);
 * Hoàng/Huỳnh and Vũ/Võ split by region; the tail (8.9 %) spread over
 * common names [M]. */
static const struct wstr fam_south[] = {
    {"Nguyễn", 3840}, {"Trần", 1210}, {"Lê", 950}, {"Phạm", 700}, {"Huỳnh", 310}, {"Hoàng", 200},
    {"Phan", 450}, {"Võ", 300}, {"Vũ", 90}, {"Đặng", 210}, {"Bùi", 200}, {"Đỗ", 140}, {"Hồ", 130},
    {"Ngô", 130}, {"Dương", 100}, {"Lý", 50}, {"Trương", 100}, {"Đinh", 100}, {"Lương", 60}, {"Mai", 60},
    {"Cao", 60}, {"Đoàn", 70}, {"Lâm", 50}, {"Thái", 50}, {"Tô", 40}, {"Hà", 50}, {"Tạ", 30},
    {"Châu", 40}, {"Lưu", 40}, {"Phùng", 30}, {"Trịnh", 50}, {"Đào", 60}, {"Văn", 30}, {"Kiều", 20},
    {"Tăng", 20}, {"Nông", 30},
};
static const struct wstr fam_north[] = {
    {"Nguyễn", 3840}, {"Trần", 1210}, {"Lê", 950}, {"Phạm", 700}, {"Hoàng", 430}, {"Huỳnh", 80},
    {"Phan", 450}, {"Vũ", 330}, {"Võ", 60}, {"Đặng", 210}, {"Bùi", 200}, {"Đỗ", 140}, {"Hồ", 130},
    {"Ngô", 130}, {"Dương", 100}, {"Lý", 50}, {"Trương", 100}, {"Đinh", 100}, {"Lương", 60}, {"Mai", 60},
    {"Cao", 60}, {"Đoàn", 70}, {"Lâm", 50}, {"Thái", 50}, {"Tô", 40}, {"Hà", 50}, {"Tạ", 30},
    {"Châu", 40}, {"Lưu", 40}, {"Phùng", 30}, {"Trịnh", 50}, {"Đào", 60}, {"Văn", 30}, {"Kiều", 20},
    {"Tăng", 20}, {"Nông", 30},
};
static const char *const fam_cotu[] = {"Alăng", "Bhling", "Zơrâm", "Ating", "Clâu", "Pơloong", "Bríu", "Hốih", "Arất", "Coor"};
static const char *const fam_hoa[] = {"Lâm", "Quách", "Lý", "Trần", "Hứa", "Diệp", "Tăng", "Mạc", "Lưu", "Châu"};
static const char *const fam_tay[] = {"Nông", "Hoàng", "Lương", "Hà", "Lục", "Vi", "Ma", "Lăng"};
static const char *const fam_muong[] = {"Bùi", "Đinh", "Quách", "Hà", "Xa"};

/* Middle names for a civil-servant population born 1963–2003 [M, B5]:
 * weights for older (born before 1988) and younger cohorts. */
struct wmid { const char *s; int old_w, young_w; };
static const struct wmid mid_male[] = {
    {"Văn", 300, 120}, {"Đức", 70, 70}, {"Minh", 70, 90}, {"Hữu", 60, 50}, {"Quốc", 50, 60},
    {"Thanh", 50, 50}, {"Công", 50, 40}, {"Quang", 45, 50}, {"Xuân", 35, 25}, {"Ngọc", 30, 30},
    {"Hoàng", 25, 40}, {"Anh", 20, 35}, {"Tuấn", 15, 25}, {"Duy", 25, 40}, {"Trung", 15, 20},
    {"Đình", 40, 25}, {"Tấn", 35, 30}, {"Bá", 15, 10}, {"Phước", 15, 10}, {"Thế", 20, 20},
    {"Viết", 10, 5}, {"Trọng", 20, 20}, {"Nhật", 5, 30}, {"Gia", 2, 20},
};
static const struct wmid mid_female[] = {
    {"Thị", 450, 150}, {"Thị +", 250, 250}, {"Ngọc", 80, 150}, {"Thu", 50, 70}, {"Thanh", 50, 60},
    {"Kim", 30, 40}, {"Hồng", 30, 40}, {"Phương", 20, 50}, {"Bích", 15, 20}, {"Mỹ", 10, 30},
    {"Khánh", 2, 30}, {"Bảo", 2, 30}, {"Hoài", 10, 20}, {"Diệu", 10, 20}, {"Minh", 5, 30},
};
static const char *const mid_female_2[] = {"Thu", "Thanh", "Hồng", "Minh", "Ngọc", "Kim", "Bích", "Lan",
                                           "Phương", "Thùy", "Mỹ", "Diệu", "Hoài", "Bảo", "Như", "Quỳnh"};
static const char *const mid_male_4a[] = {"Hoàng", "Ngọc", "Minh", "Quang", "Hữu", "Đức"};
static const char *const mid_male_4b[] = {"Anh", "Minh", "Nhật", "Quốc", "Thanh", "Duy"};
static const char *const given_male[] = {
    "An", "Anh", "Bảo", "Bình", "Cường", "Chiến", "Công", "Dũng", "Duy", "Đạt", "Định", "Đông", "Đức",
    "Giang", "Hải", "Hậu", "Hiếu", "Hiệp", "Hòa", "Hoàng", "Hùng", "Huy", "Hưng", "Khải", "Khánh",
    "Khoa", "Kiên", "Lâm", "Long", "Lộc", "Luân", "Minh", "Nam", "Nghĩa", "Nguyên", "Nhân", "Phát",
    "Phong", "Phú", "Phúc", "Phước", "Quang", "Quân", "Quý", "Sang", "Sơn", "Tài", "Tâm", "Tân",
    "Thái", "Thắng", "Thành", "Thiện", "Thịnh", "Thông", "Tiến", "Toàn", "Trí", "Trung", "Trường",
    "Tú", "Tuấn", "Tùng", "Vinh", "Vũ", "Việt", "Khang", "Lợi", "Mạnh", "Nhật",
};
static const char *const given_female[] = {
    "An", "Anh", "Ánh", "Bích", "Châu", "Chi", "Diễm", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh",
    "Hằng", "Hiền", "Hoa", "Hòa", "Hồng", "Huệ", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan",
    "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhàn", "Nhi", "Nhung", "Oanh", "Phương", "Phượng",
    "Quyên", "Quỳnh", "Sương", "Tâm", "Thảo", "Thanh", "Thơ", "Thu", "Thúy", "Thủy", "Trang", "Trâm",
    "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến", "Hậu", "Lệ", "Nguyệt", "Hạ",
};

/* Ethnic groups ×10000 (names as in ref_ethnicity; ids looked up). */
static const struct wstr eth_danang[] = {
    {"Kinh", 9700}, {"Cơ-tu", 180}, {"Giẻ-Triêng", 40}, {"Xơ-đăng", 30}, {"Hoa", 20},
    {"Tày", 10}, {"Mường", 10}, {"Nùng", 10},
};
static const struct wstr eth_other[] = {
    {"Kinh", 9500}, {"Hoa", 100}, {"Tày", 100}, {"Mường", 100}, {"Nùng", 100}, {"Khơ-me", 100},
};
#define MAX_ETH 8
static const struct wstr religions[] = {
    {"Không", 8500}, {"Phật giáo", 900}, {"Công giáo", 400}, {"Tin Lành", 100}, {"Cao Đài", 100},
};

static const char *const streets[] = {
    "Lê Duẩn", "Trần Phú", "Nguyễn Văn Linh", "Hùng Vương", "Phan Châu Trinh", "Hoàng Diệu",
    "Ông Ích Khiêm", "Điện Biên Phủ", "Nguyễn Tất Thành", "Ngô Quyền", "Lê Lợi", "Quang Trung",
    "Nguyễn Hữu Thọ", "Tôn Đức Thắng", "Núi Thành", "2 Tháng 9", "Trưng Nữ Vương", "Lý Thường Kiệt",
    "Nguyễn Chí Thanh", "Hàm Nghi", "Lê Đình Dương", "Phạm Văn Đồng", "Võ Nguyên Giáp", "Trần Cao Vân",
};

/* ------------------------------------------------------------------------
 * Ranks and careers. prev: the rank held before a promotion (nâng ngạch /
 * thăng hạng) after at least `years` in it [M: 9 years to the "chính"
 * level, 6 to the "cao cấp" level]. */
enum {
    R_CVCC, R_CVC, R_CV, R_CS, R_NV, R_VTVC, R_VTV, R_VTVTC, R_TTVCC, R_TTVC, R_TTV,
    R_KTVCC, R_KTVC, R_KTV, R_KTVTC, R_MN1, R_MN2, R_MN3, R_TH1, R_TH2, R_TH3, R_CS1, R_CS2, R_CS3,
    R_PT1, R_PT2, R_PT3, R_BSCC, R_BSC, R_BS, R_DD3, R_DD4, R_COUNT
};
enum mcat { M_ADMIN, M_LAW, M_ECON, M_TECH, M_PED, M_MED, M_NURSE, M_ACC, M_ARCH, M_LANG, M_AGRI, M_CULT };
struct rankdef {
    const char *code, *group;
    int prev, years;
    const char *position;     /* vị trí việc làm of a non-leader */
    int major;                /* enum mcat default, -1: by profile */
};
static const struct rankdef rankdefs[R_COUNT] = {
    [R_CVCC] = {"01.001", "A3.1", R_CVC, 6, "Chuyên viên cao cấp", -1},
    [R_CVC] = {"01.002", "A2.1", R_CV, 9, "Chuyên viên chính", -1},
    [R_CV] = {"01.003", "A1", -1, 0, "Chuyên viên", -1},
    [R_CS] = {"01.004", "A0", -1, 0, "Cán sự", -1},
    [R_NV] = {"01.005", "B", -1, 0, "Nhân viên", M_ADMIN},
    [R_VTVC] = {"02.006", "A2.1", R_VTV, 9, "Văn thư viên chính", M_ARCH},
    [R_VTV] = {"02.007", "A1", -1, 0, "Văn thư", M_ARCH},
    [R_VTVTC] = {"02.008", "B", -1, 0, "Văn thư", M_ARCH},
    [R_TTVCC] = {"04.023", "A3.1", R_TTVC, 6, "Thanh tra viên cao cấp", M_LAW},
    [R_TTVC] = {"04.024", "A2.1", R_TTV, 9, "Thanh tra viên chính", M_LAW},
    [R_TTV] = {"04.025", "A1", -1, 0, "Thanh tra viên", M_LAW},
    [R_KTVCC] = {"06.029", "A3.2", R_KTVC, 6, "Kế toán viên cao cấp", M_ACC},
    [R_KTVC] = {"06.030", "A2.2", R_KTV, 9, "Kế toán viên chính", M_ACC},
    [R_KTV] = {"06.031", "A1", -1, 0, "Kế toán", M_ACC},
    [R_KTVTC] = {"06.032", "A0", -1, 0, "Kế toán", M_ACC},
    [R_MN1] = {"V.07.02.24", "A2.2", R_MN2, 6, "Giáo viên", M_PED},
    [R_MN2] = {"V.07.02.25", "A1", R_MN3, 9, "Giáo viên", M_PED},
    [R_MN3] = {"V.07.02.26", "A0", -1, 0, "Giáo viên", M_PED},
    [R_TH1] = {"V.07.03.27", "A2.1", R_TH2, 6, "Giáo viên", M_PED},
    [R_TH2] = {"V.07.03.28", "A2.2", R_TH3, 9, "Giáo viên", M_PED},
    [R_TH3] = {"V.07.03.29", "A1", -1, 0, "Giáo viên", M_PED},
    [R_CS1] = {"V.07.04.30", "A2.1", R_CS2, 6, "Giáo viên", M_PED},
    [R_CS2] = {"V.07.04.31", "A2.2", R_CS3, 9, "Giáo viên", M_PED},
    [R_CS3] = {"V.07.04.32", "A1", -1, 0, "Giáo viên", M_PED},
    [R_PT1] = {"V.07.05.13", "A2.1", R_PT2, 6, "Giáo viên", M_PED},
    [R_PT2] = {"V.07.05.14", "A2.2", R_PT3, 9, "Giáo viên", M_PED},
    [R_PT3] = {"V.07.05.15", "A1", -1, 0, "Giáo viên", M_PED},
    [R_BSCC] = {"V.08.01.01", "A3.1", R_BSC, 6, "Bác sĩ", M_MED},
    [R_BSC] = {"V.08.01.02", "A2.1", R_BS, 9, "Bác sĩ", M_MED},
    [R_BS] = {"V.08.01.03", "A1", -1, 0, "Bác sĩ", M_MED},
    [R_DD3] = {"V.08.05.12", "A1", -1, 0, "Điều dưỡng", M_NURSE},
    [R_DD4] = {"V.08.05.13", "B", -1, 0, "Điều dưỡng", M_NURSE},
};

/* Unit profiles: which ranks staff hold. */
enum prof { P_ADMIN, P_INSPECT, P_HOSP, P_THPT, P_THCS, P_TH, P_MN, P_CHEALTH, P_CENTER, P_COUNT };
struct rw { int rank, w; };
static const struct rw staff_ranks[P_COUNT][10] = {
    [P_ADMIN] = {{R_CV, 560}, {R_CVC, 120}, {R_CS, 60}, {R_NV, 70}, {R_VTV, 30}, {R_VTVTC, 20},
                 {R_KTV, 60}, {R_KTVC, 20}, {R_KTVTC, 20}, {R_VTVC, 5}},
    [P_INSPECT] = {{R_TTV, 450}, {R_TTVC, 200}, {R_CV, 150}, {R_NV, 50}, {R_KTV, 50}, {R_VTV, 50},
                   {R_TTVCC, 10}},
    [P_HOSP] = {{R_BS, 280}, {R_BSC, 80}, {R_DD3, 180}, {R_DD4, 300}, {R_KTV, 60}, {R_NV, 100}},
    [P_THPT] = {{R_PT3, 650}, {R_PT2, 180}, {R_PT1, 20}, {R_KTV, 40}, {R_VTVTC, 30}, {R_NV, 80}},
    [P_THCS] = {{R_CS3, 650}, {R_CS2, 180}, {R_CS1, 20}, {R_KTV, 40}, {R_VTVTC, 30}, {R_NV, 80}},
    [P_TH] = {{R_TH3, 680}, {R_TH2, 150}, {R_TH1, 10}, {R_KTV, 40}, {R_VTVTC, 30}, {R_NV, 90}},
    [P_MN] = {{R_MN3, 700}, {R_MN2, 150}, {R_MN1, 10}, {R_KTVTC, 40}, {R_NV, 100}},
    [P_CHEALTH] = {{R_BS, 250}, {R_DD3, 200}, {R_DD4, 450}, {R_KTV, 50}, {R_NV, 50}},
    [P_CENTER] = {{R_CV, 600}, {R_CVC, 80}, {R_CS, 80}, {R_NV, 120}, {R_KTV, 70}, {R_VTV, 50}},
};

/* Titles the generator assigns (codes as in ref_title; ids looked up). */
enum {
    T_CT_TINH, T_PCT_TINH, T_GD_SO, T_PGD_SO, T_CVP_TINH, T_PCVP_TINH, T_CTT_TINH, T_PCTT_TINH,
    T_TP_SO, T_PTP_SO, T_CVP_SO, T_PCVP_SO, T_GD_DVSN, T_PGD_DVSN, T_HT, T_PHT, T_CT_XA, T_PCT_XA,
    T_TP_XA, T_PTP_XA, T_CVP_XA, T_PCVP_XA, T_GD_TTHC, T_PGD_TTHC, T_TRAM, T_PTRAM, T_COUNT, T_NONE = -1
};
static const struct { const char *code, *position; } titledefs[T_COUNT] = {
    [T_CT_TINH] = {"CT_UBND_TINH", "Chủ tịch UBND"},
    [T_PCT_TINH] = {"PCT_UBND_TINH", "Phó Chủ tịch UBND"},
    [T_GD_SO] = {"GD_SO", "Giám đốc sở"},
    [T_PGD_SO] = {"PGD_SO", "Phó Giám đốc sở"},
    [T_CVP_TINH] = {"CVP_UBND_TINH", "Chánh Văn phòng"},
    [T_PCVP_TINH] = {"PCVP_UBND_TINH", "Phó Chánh Văn phòng"},
    [T_CTT_TINH] = {"CHANH_TT_TINH", "Chánh Thanh tra"},
    [T_PCTT_TINH] = {"PCHANH_TT_TINH", "Phó Chánh Thanh tra"},
    [T_TP_SO] = {"TP_SO", "Trưởng phòng"},
    [T_PTP_SO] = {"PTP_SO", "Phó Trưởng phòng"},
    [T_CVP_SO] = {"CVP_SO", "Chánh Văn phòng sở"},
    [T_PCVP_SO] = {"PCVP_SO", "Phó Chánh Văn phòng sở"},
    [T_GD_DVSN] = {"GD_DVSN", "Giám đốc"},
    [T_PGD_DVSN] = {"PGD_DVSN", "Phó Giám đốc"},
    [T_HT] = {"HT_TRUONG", "Hiệu trưởng"},
    [T_PHT] = {"PHT_TRUONG", "Phó Hiệu trưởng"},
    [T_CT_XA] = {"CT_UBND_XA", "Chủ tịch UBND"},
    [T_PCT_XA] = {"PCT_UBND_XA", "Phó Chủ tịch UBND"},
    [T_TP_XA] = {"TP_XA", "Trưởng phòng"},
    [T_PTP_XA] = {"PTP_XA", "Phó Trưởng phòng"},
    [T_CVP_XA] = {"CVP_XA", "Chánh Văn phòng"},
    [T_PCVP_XA] = {"PCVP_XA", "Phó Chánh Văn phòng"},
    [T_GD_TTHC] = {"GD_TTPVHCC_XA", "Giám đốc Trung tâm"},
    [T_PGD_TTHC] = {"PGD_TTPVHCC_XA", "Phó Giám đốc Trung tâm"},
    [T_TRAM] = {"TRAM_TRUONG_YT", "Trạm trưởng"},
    [T_PTRAM] = {"PTRAM_TRUONG_YT", "Phó Trạm trưởng"},
};

/* ------------------------------------------------------------------------
 * The unit tree. */
enum ukind { K_ROOT, K_DEPT, K_DIV, K_SVC, K_COMMUNE, K_CDIV, K_CSVC };
struct svc_def { const char *name; int size, prof; };
struct dept_def {
    const char *name, *code;
    int head, dep, prof;
    const char *divs[7];
    struct svc_def svcs[13];
};
/* Departments (sở and equivalents) of a province after the 2025
 * reorganisation; divisions and service units are typical, not a given
 * province's exact chart. {P} province name, {T} "thành phố"/"tỉnh". */
static const struct dept_def depts[] = {
    {"Văn phòng UBND {T}", "VP", T_CVP_TINH, T_PCVP_TINH, P_ADMIN,
     {"Phòng Tổng hợp", "Phòng Kinh tế – Ngành", "Phòng Văn hóa – Xã hội", "Phòng Nội chính",
      "Phòng Hành chính – Tổ chức", "Phòng Quản trị – Tài vụ"},
     {{"Trung tâm Thông tin – Công báo", 25, P_CENTER}, {"Trung tâm Phục vụ hành chính công {T}", 40, P_CENTER}}},
    {"Sở Nội vụ", "SNV", T_GD_SO, T_PGD_SO, P_ADMIN,
     {"Văn phòng sở", "Phòng Tổ chức, biên chế và Tổ chức phi chính phủ", "Phòng Công chức, viên chức",
      "Phòng Xây dựng chính quyền và Công tác thanh niên", "Phòng Cải cách hành chính và Văn thư, lưu trữ",
      "Phòng Lao động, Việc làm và Bảo hiểm xã hội"},
     {{"Trung tâm Lưu trữ lịch sử", 20, P_CENTER}, {"Trung tâm Dịch vụ việc làm", 35, P_CENTER}}},
    {"Sở Tài chính", "STC", T_GD_SO, T_PGD_SO, P_ADMIN,
     {"Văn phòng sở", "Phòng Quản lý ngân sách", "Phòng Quản lý giá và công sản", "Phòng Tài chính doanh nghiệp",
      "Phòng Kế hoạch tổng hợp", "Phòng Đăng ký kinh doanh"},
     {{NULL, 0, 0}}},
    {"Sở Xây dựng", "SXD", T_GD_SO, T_PGD_SO, P_ADMIN,
     {"Văn phòng sở", "Phòng Quản lý xây dựng", "Phòng Quản lý giao thông", "Phòng Phát triển đô thị",
      "Phòng Quản lý nhà và thị trường bất động sản"},
     {{"Ban Quản lý dự án đầu tư xây dựng các công trình giao thông", 45, P_CENTER}}},
    {"Sở Nông nghiệp và Môi trường", "SNNMT", T_GD_SO, T_PGD_SO, P_ADMIN,
     {"Văn phòng sở", "Phòng Kế hoạch – Tài chính", "Phòng Quản lý đất đai",
      "Phòng Tài nguyên nước, Khoáng sản và Biển", "Phòng Trồng trọt, Chăn nuôi và Thủy sản", "Phòng Môi trường"},
     {{"Trung tâm Khuyến nông", 35, P_CENTER}, {"Văn phòng Đăng ký đất đai", 60, P_CENTER}}},
    {"Sở Công Thương", "SCT", T_GD_SO, T_PGD_SO, P_ADMIN,
     {"Văn phòng sở", "Phòng Quản lý công nghiệp", "Phòng Quản lý thương mại", "Phòng Quản lý năng lượng"},
     {{NULL, 0, 0}}},
    {"Sở Y tế", "SYT", T_GD_SO, T_PGD_SO, P_ADMIN,
     {"Văn phòng sở", "Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược", "Phòng Kế hoạch – Tài chính",
      "Phòng Tổ chức cán bộ"},
     {{"Bệnh viện Đa khoa {P}", 700, P_HOSP}, {"Bệnh viện Phụ sản – Nhi {P}", 400, P_HOSP},
      {"Bệnh viện Y học cổ truyền {P}", 150, P_HOSP}, {"Trung tâm Kiểm soát bệnh tật {T}", 150, P_HOSP}}},
    {"Sở Giáo dục và Đào tạo", "SGDDT", T_GD_SO, T_PGD_SO, P_ADMIN,
     {"Văn phòng sở", "Phòng Giáo dục Mầm non – Tiểu học", "Phòng Giáo dục Trung học",
      "Phòng Giáo dục thường xuyên – Chuyên nghiệp", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch – Tài chính"},
     {{"Trường THPT chuyên Lê Quý Đôn", 80, P_THPT}, {"Trường THPT Phan Châu Trinh", 90, P_THPT},
      {"Trường THPT Trần Phú", 75, P_THPT}, {"Trường THPT Hoàng Hoa Thám", 75, P_THPT},
      {"Trường THPT Nguyễn Trãi", 70, P_THPT}, {"Trường THPT Thái Phiên", 70, P_THPT},
      {"Trường THPT Nguyễn Hiền", 70, P_THPT}, {"Trường THPT Phạm Phú Thứ", 65, P_THPT},
      {"Trường THPT Nguyễn Thượng Hiền", 65, P_THPT}, {"Trường THPT Tôn Thất Tùng", 65, P_THPT},
      {"Trường THPT Trần Cao Vân", 65, P_THPT}, {"Trường THPT Lê Thánh Tông", 65, P_THPT}}},
    {"Sở Tư pháp", "STP", T_GD_SO, T_PGD_SO, P_ADMIN,
     {"Văn phòng sở", "Phòng Xây dựng, kiểm tra và theo dõi thi hành pháp luật", "Phòng Hành chính tư pháp",
      "Phòng Bổ trợ tư pháp", "Phòng Phổ biến, giáo dục pháp luật"},
     {{"Trung tâm Trợ giúp pháp lý nhà nước", 20, P_CENTER}}},
    {"Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", T_GD_SO, T_PGD_SO, P_ADMIN,
     {"Văn phòng sở", "Phòng Quản lý văn hóa", "Phòng Quản lý thể dục thể thao", "Phòng Quản lý du lịch",
      "Phòng Xây dựng nếp sống văn hóa và gia đình"},
     {{"Thư viện {P}", 30, P_CENTER}, {"Bảo tàng {P}", 30, P_CENTER},
      {"Trung tâm Huấn luyện và Thi đấu thể dục thể thao", 40, P_CENTER}}},
    {"Sở Khoa học và Công nghệ", "SKHCN", T_GD_SO, T_PGD_SO, P_ADMIN,
     {"Văn phòng sở", "Phòng Quản lý khoa học", "Phòng Chuyển đổi số", "Phòng Bưu chính, Viễn thông",
      "Phòng Tiêu chuẩn Đo lường Chất lượng"},
     {{NULL, 0, 0}}},
    {"Sở Ngoại vụ", "SNGV", T_GD_SO, T_PGD_SO, P_ADMIN,
     {"Văn phòng sở", "Phòng Hợp tác quốc tế", "Phòng Lãnh sự", "Phòng Lễ tân"},
     {{NULL, 0, 0}}},
    {"Thanh tra {T}", "TTR", T_CTT_TINH, T_PCTT_TINH, P_INSPECT,
     {"Văn phòng", "Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2", "Phòng Nghiệp vụ 3",
      "Phòng Tiếp công dân và Xử lý đơn thư"},
     {{NULL, 0, 0}}},
    {"Sở Dân tộc và Tôn giáo", "SDTTG", T_GD_SO, T_PGD_SO, P_ADMIN,
     {"Văn phòng sở", "Phòng Chính sách dân tộc", "Phòng Quản lý tôn giáo"},
     {{NULL, 0, 0}}},
};

struct commune {
    char code[8];
    char name[64];
    char full[128];     /* "Phường Hải Châu, Thành phố Đà Nẵng" */
    int ward;
};

struct dunit {
    int64_t id;
    int parent;                /* index, -1 for the root */
    int top;                   /* index of the department / commune it belongs to (itself for those) */
    int kind, prof, head_t, dep_t;
    int natural, minimum;
    long count, first;
    int ndep;
    int commune;               /* index into communes, or -1 */
    const char *type;
    char name[192];
    char code[32];
};

/* ------------------------------------------------------------------------
 * A generated person with its history rows (bound SQLITE_STATIC). */
struct sal_row { int rank, step, coef, vk; char from[11]; };
struct fam_row { const char *rel; char name[96]; int by; char details[200]; };
struct train_row { const char *school, *major, *form, *degree; char from[8], to[8]; };
struct award_row { int year; const char *form; char authority[200]; char dec[24]; };
struct post_row { int64_t unit; const char *position; int64_t title; char from[11], to[11]; char dec[24]; const char *reason; };

struct gperson {
    int64_t id;
    int sex, eth_id, rel_id, unit;
    char cccd[13];
    char full_name[96], fold[128], sort_key[256];
    char birth[11], recruit[11], id_issue[11];
    char birth_place[200], home_town[200], perm_addr[240], cur_addr[240];
    char phone[32], email[96], bhxh[32];
    const char *occupation, *main_duty, *gen_edu, *prof_level, *prof_major, *theory, *mgmt, *it;
    char recruit_agency[200], language[96];
    char party_join[11], party_official[11];
    const char *mass_org;
    char army_join[11], army_leave[11];
    const char *army_rank, *honor, *health, *blood, *policy;
    int height, weight;
    /* current state */
    const char *position;
    int64_t title_id;
    char title_since[11];
    int rank;
    /* history */
    int nsal, nfam, ntrain, naward, npost, has_work, has_disc;
    struct sal_row sal[MAX_SAL];
    struct fam_row fam[MAX_FAM];
    struct train_row train[MAX_TRAIN];
    struct award_row award[MAX_AWARD];
    struct post_row post[2];
    char work_from[8], work_desc[240];
    int disc_year;
    const char *disc_form, *disc_reason;
    char disc_authority[200], disc_dec[24], disc_eff[11];
};

struct gen {
    db *d;
    uint64_t seed;
    cdate today, reform;
    int today_mi;
    int min_bmi[3];              /* by sex: first birth month not yet retired today */
    const struct prov *prov;
    char pname[64], pfull[96], plc[96], tword[16], domain[64];
    struct commune *communes;
    int ncommunes;
    struct dunit *units;
    int nunits, cap_units;
    int64_t title_ids[T_COUNT];
    int64_t eth_ids[MAX_ETH];
    const struct wstr *eth_tab;
    int neth;
    int eth_kinh, eth_cotu, eth_hoa, eth_tay, eth_nung, eth_muong; /* indices in eth_tab or -1 */
    int64_t rel_ids[NELEM(religions)];
    const struct salary_group *rank_sg[R_COUNT];
    uint32_t (*cccd_ctr)[4][100];  /* [province code 0..99][sex/century][yy] */
    char now[32];
    long next_person;            /* global index of the next person */
    int cur_unit;
    long cur_off;
    int64_t first_id;
    struct gperson *chunk;
    struct { int pi, ji; } *refs;
};

/* ------------------------------------------------------------------------
 * CSV (RFC 4180: quoted fields, "" escapes, CRLF or LF). */
static int csv_record(const char **pp, const char *end, char *buf, size_t cap, char **fields, int maxf)
{
    const char *p = *pp;
    if (p >= end) return 0;
    size_t o = 0;
    int n = 0;
    for (;;) {
        if (n == maxf) return -1;
        fields[n++] = buf + o;
        if (p < end && *p == '"') {
            p++;
            while (p < end) {
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"') { p++; }
                    else { p++; break; }
                }
                if (o + 1 >= cap) return -1;
                buf[o++] = *p++;
            }
            while (p < end && *p != ',' && *p != '\n' && *p != '\r') p++;
        } else {
            while (p < end && *p != ',' && *p != '\n' && *p != '\r') {
                if (o + 1 >= cap) return -1;
                buf[o++] = *p++;
            }
        }
        if (o + 1 >= cap) return -1;
        buf[o++] = '\0';
        if (p < end && *p == ',') { p++; continue; }
        if (p < end && *p == '\r') p++;
        if (p < end && *p == '\n') p++;
        break;
    }
    *pp = p;
    return n;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && n < (64L << 20) && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
            if (fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
            else { buf[n] = '\0'; *len = (size_t)n; }
        }
    }
    fclose(f);
    return buf;
}

static int col_index(char **hdr, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(hdr[i], name)) return i;
    return -1;
}

static int fold_eq(const char *a, const char *b)
{
    char fa[160], fb[160];
    if (vn_fold(a, strlen(a), fa, sizeof fa) == (size_t)-1) return 0;
    if (vn_fold(b, strlen(b), fb, sizeof fb) == (size_t)-1) return 0;
    return fa[0] && !strcmp(fa, fb);
}

static int prov_matches(const char *arg, const char *name, const char *full, const char *slug)
{
    char s[96];
    scpy(s, sizeof s, slug);
    for (char *c = s; *c; c++) if (*c == '-') *c = ' ';
    return fold_eq(arg, name) || fold_eq(arg, full) || fold_eq(arg, s);
}

/* Resolves the province (provinces.csv when present, else the built-in
 * table) and loads its communes. */
static int load_geography(struct gen *g, const char *shared, const char *arg)
{
    char path[1024];
    size_t len = 0;
    char rec[2048], *f[16];
    const struct prov *pv = NULL;
    char full[96] = "";

    snprintf(path, sizeof path, "%s/data/vn-admin-2025/provinces.csv", shared);
    char *txt = read_file(path, &len);
    if (txt) {
        const char *p = txt, *end = txt + len;
        if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
        int n = csv_record(&p, end, rec, sizeof rec, f, 16);
        int ic = col_index(f, n, "code"), in = col_index(f, n, "name"), ifu = col_index(f, n, "fullName"),
            is = col_index(f, n, "slug");
        while (ic >= 0 && in >= 0 && ifu >= 0 && is >= 0 && (n = csv_record(&p, end, rec, sizeof rec, f, 16)) > 0) {
            if (n <= ic || n <= in || n <= ifu || n <= is) continue;
            if (!prov_matches(arg, f[in], f[ifu], f[is])) continue;
            for (int i = 0; i < NELEM(provinces); i++)
                if (!strcmp(provinces[i].code, f[ic])) pv = &provinces[i];
            scpy(full, sizeof full, f[ifu]);
            break;
        }
        free(txt);
    }
    if (!pv)
        for (int i = 0; i < NELEM(provinces); i++)
            if (prov_matches(arg, provinces[i].name, provinces[i].full, provinces[i].slug)) pv = &provinces[i];
    if (!pv) {
        fprintf(stderr, "demo: unknown province \"%s\"\n", arg);
        return -1;
    }
    g->prov = pv;
    scpy(g->pname, sizeof g->pname, pv->name);
    scpy(g->pfull, sizeof g->pfull, full[0] ? full : pv->full);
    int city = !strncmp(g->pfull, "Thành phố ", strlen("Thành phố "));
    scpy(g->tword, sizeof g->tword, city ? "thành phố" : "tỉnh");
    scpy(g->plc, sizeof g->plc, g->tword);
    scat(g->plc, sizeof g->plc, " ");
    scat(g->plc, sizeof g->plc, g->pname);
    /* e-mail domain: slug without dashes + .gov.vn (danang.gov.vn) */
    size_t o = 0;
    for (const char *c = pv->slug; *c && o + 1 < sizeof g->domain; c++)
        if (*c != '-') g->domain[o++] = *c;
    g->domain[o] = '\0';

    snprintf(path, sizeof path, "%s/data/vn-admin-2025/communes.csv", shared);
    txt = read_file(path, &len);
    if (txt) {
        const char *p = txt, *end = txt + len;
        if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
        int n = csv_record(&p, end, rec, sizeof rec, f, 16);
        int ic = col_index(f, n, "code"), in = col_index(f, n, "name"), ifu = col_index(f, n, "fullName"),
            it = col_index(f, n, "type"), ip = col_index(f, n, "provinceCode");
        int cap = 0;
        while (ic >= 0 && in >= 0 && ifu >= 0 && it >= 0 && ip >= 0 &&
               (n = csv_record(&p, end, rec, sizeof rec, f, 16)) != 0) {
            if (n < 0) { fprintf(stderr, "demo: %s: malformed record\n", path); break; }
            if (n <= ic || n <= in || n <= ifu || n <= it || n <= ip) continue;
            if (strcmp(f[ip], pv->code)) continue;
            if (g->ncommunes == cap) {
                cap = cap ? cap * 2 : 128;
                struct commune *c = realloc(g->communes, (size_t)cap * sizeof *c);
                if (!c) { free(txt); return -1; }
                g->communes = c;
            }
            struct commune *c = &g->communes[g->ncommunes++];
            scpy(c->code, sizeof c->code, f[ic]);
            scpy(c->name, sizeof c->name, f[in]);
            scpy(c->full, sizeof c->full, f[ifu]);
            c->ward = !strcmp(f[it], "ward");
        }
        free(txt);
    }
    if (g->ncommunes == 0) {
        if (strcmp(pv->code, "12")) {
            fprintf(stderr, "demo: %s not readable and no built-in commune list for %s\n", path, pv->name);
            return -1;
        }
        g->communes = calloc((size_t)NELEM(builtin_danang), sizeof *g->communes);
        if (!g->communes) return -1;
        for (int i = 0; i < NELEM(builtin_danang); i++) {
            struct commune *c = &g->communes[i];
            c->ward = !strcmp(builtin_danang[i].type, "ward");
            scpy(c->code, sizeof c->code, "B");
            catnum(c->code, sizeof c->code, i + 1, 4);
            scpy(c->name, sizeof c->name, builtin_danang[i].name);
            scpy(c->full, sizeof c->full, c->ward ? "Phường " : "Xã ");
            scat(c->full, sizeof c->full, c->name);
            scat(c->full, sizeof c->full, ", ");
            scat(c->full, sizeof c->full, g->pfull);
        }
        g->ncommunes = NELEM(builtin_danang);
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Unit tree construction and headcount allocation. */
static struct dunit *add_unit(struct gen *g, int parent, int kind, int prof, int head_t, int dep_t,
                              int natural, const char *type)
{
    if (g->nunits == g->cap_units) {
        int cap = g->cap_units ? g->cap_units * 2 : 1024;
        struct dunit *u = realloc(g->units, (size_t)cap * sizeof *u);
        if (!u) return NULL;
        g->units = u;
        g->cap_units = cap;
    }
    struct dunit *u = &g->units[g->nunits];
    memset(u, 0, sizeof *u);
    u->parent = parent;
    u->top = (kind == K_DEPT || kind == K_COMMUNE || parent < 0) ? g->nunits : g->units[parent].top;
    u->kind = kind;
    u->prof = prof;
    u->head_t = head_t;
    u->dep_t = dep_t;
    u->natural = natural;
    u->commune = parent >= 0 ? g->units[parent].commune : -1;
    u->type = type;
    g->nunits++;
    return u;
}

static int build_tree(struct gen *g, int copies)
{
    struct dunit *u = add_unit(g, -1, K_ROOT, P_ADMIN, T_CT_TINH, T_PCT_TINH, 4, "province");
    if (!u) return -1;
    u->minimum = 4;
    scpy(u->name, sizeof u->name, "UBND ");
    scat(u->name, sizeof u->name, g->plc);
    scpy(u->code, sizeof u->code, "T");
    scat(u->code, sizeof u->code, g->prov->code);
    char code[32];
    for (int di = 0; di < NELEM(depts); di++) {
        const struct dept_def *dd = &depts[di];
        int dix = g->nunits;
        if (!(u = add_unit(g, 0, K_DEPT, dd->prof, dd->head, dd->dep, 4, "department"))) return -1;
        u->minimum = 3;
        expand(u->name, sizeof u->name, dd->name, g->pname, g->tword);
        snprintf(u->code, sizeof u->code, "T%s.%s", g->prov->code, dd->code);
        scpy(code, sizeof code, u->code);
        for (int k = 0; k < 7 && dd->divs[k]; k++) {
            int vp = !strcmp(dd->divs[k], "Văn phòng sở");
            if (!(u = add_unit(g, dix, K_DIV, dd->prof, vp ? T_CVP_SO : T_TP_SO, vp ? T_PCVP_SO : T_PTP_SO,
                               vp ? 12 : 9, "division")))
                return -1;
            scpy(u->name, sizeof u->name, dd->divs[k]);
            scpy(u->code, sizeof u->code, code);
            scat(u->code, sizeof u->code, ".");
            catnum(u->code, sizeof u->code, k + 1, 2);
        }
        for (int k = 0; k < 13 && dd->svcs[k].name; k++) {
            int school = dd->svcs[k].prof == P_THPT;
            if (!(u = add_unit(g, dix, K_SVC, dd->svcs[k].prof, school ? T_HT : T_GD_DVSN,
                               school ? T_PHT : T_PGD_DVSN, dd->svcs[k].size, "service_unit")))
                return -1;
            expand(u->name, sizeof u->name, dd->svcs[k].name, g->pname, g->tword);
            scpy(u->code, sizeof u->code, code);
            scat(u->code, sizeof u->code, ".DV");
            catnum(u->code, sizeof u->code, k + 1, 2);
        }
    }
    for (int ci = 0; ci < g->ncommunes; ci++) {
        const struct commune *c = &g->communes[ci];
        const char *kw = c->ward ? "phường " : "xã ";
        int cix = g->nunits;
        if (!(u = add_unit(g, 0, K_COMMUNE, P_ADMIN, T_CT_XA, T_PCT_XA, 3, c->ward ? "ward" : "commune"))) return -1;
        u->commune = ci;
        u->minimum = 3;
        scpy(u->name, sizeof u->name, "UBND ");
        scat(u->name, sizeof u->name, kw);
        scat(u->name, sizeof u->name, c->name);
        snprintf(u->code, sizeof u->code, "X%s", c->code);
        static const struct { const char *ward, *commune; int head, dep, size, kind, prof; } cdefs[] = {
            {"Văn phòng HĐND và UBND ", NULL, T_CVP_XA, T_PCVP_XA, 9, K_CDIV, P_ADMIN},
            {"Phòng Kinh tế, Hạ tầng và Đô thị ", "Phòng Kinh tế ", T_TP_XA, T_PTP_XA, 7, K_CDIV, P_ADMIN},
            {"Phòng Văn hóa – Xã hội ", NULL, T_TP_XA, T_PTP_XA, 7, K_CDIV, P_ADMIN},
            {"Trung tâm Phục vụ hành chính công ", NULL, T_GD_TTHC, T_PGD_TTHC, 8, K_CDIV, P_CENTER},
            {"Trạm Y tế ", NULL, T_TRAM, T_PTRAM, 9, K_CSVC, P_CHEALTH},
        };
        int k = 0;
        for (; k < NELEM(cdefs); k++) {
            if (!(u = add_unit(g, cix, cdefs[k].kind, cdefs[k].prof, cdefs[k].head, cdefs[k].dep, cdefs[k].size,
                               cdefs[k].kind == K_CDIV ? "division" : "service_unit")))
                return -1;
            scpy(u->name, sizeof u->name, !c->ward && cdefs[k].commune ? cdefs[k].commune : cdefs[k].ward);
            scat(u->name, sizeof u->name, kw);
            scat(u->name, sizeof u->name, c->name);
            snprintf(u->code, sizeof u->code, "X%s.%02d", c->code, k + 1);
        }
        static const struct { const char *name; int size, prof; } schools[] = {
            {"Trường Mầm non ", 22, P_MN}, {"Trường Tiểu học ", 35, P_TH}, {"Trường THCS ", 40, P_THCS},
        };
        for (int n = 1; n <= copies; n++)
            for (int s = 0; s < NELEM(schools); s++) {
                if (!(u = add_unit(g, cix, K_CSVC, schools[s].prof, T_HT, T_PHT, schools[s].size, "service_unit")))
                    return -1;
                scpy(u->name, sizeof u->name, schools[s].name);
                scat(u->name, sizeof u->name, c->name);
                if (n > 1) {
                    scat(u->name, sizeof u->name, " số ");
                    catnum(u->name, sizeof u->name, n, 1);
                }
                snprintf(u->code, sizeof u->code, "X%s.%02d", c->code, ++k);
            }
    }
    return 0;
}

/* Headcounts: a minimum for the leadership of the root, departments and
 * communes when there are enough people, the rest proportional to each
 * unit's typical size (largest remainder, deterministic). */
static void allocate(struct gen *g, long n)
{
    long summin = 0, nmin = 0;
    for (int i = 0; i < g->nunits; i++) { summin += g->units[i].minimum; nmin += g->units[i].minimum > 0; }
    int mode = n >= 2 * summin ? 2 : n >= 2 * nmin ? 1 : 0;
    long rest = n;
    int64_t wsum = 0;
    for (int i = 0; i < g->nunits; i++) {
        struct dunit *u = &g->units[i];
        int m = mode == 2 ? u->minimum : mode == 1 ? (u->minimum > 0) : 0;
        u->count = m;
        rest -= m;
        wsum += u->natural > m ? u->natural - m : 0;
    }
    long given = 0;
    for (int i = 0; i < g->nunits && wsum > 0; i++) {
        struct dunit *u = &g->units[i];
        int64_t w = u->natural > u->count ? u->natural - u->count : 0;
        long add = (long)((int64_t)rest * w / wsum);
        u->count += add;
        given += add;
    }
    for (int i = 0; given < rest; i = (i + 1) % g->nunits) {
        struct dunit *u = &g->units[i];
        if (u->natural > u->minimum || wsum == 0) { u->count++; given++; }
    }
    long first = 0;
    for (int i = 0; i < g->nunits; i++) {
        struct dunit *u = &g->units[i];
        u->first = first;
        first += u->count;
        long h = u->count;
        int nd;
        switch (u->kind) {
        case K_ROOT: case K_DEPT: nd = h >= 4 ? 3 : (int)(h > 0 ? h - 1 : 0); break;
        case K_COMMUNE: nd = h >= 3 ? 2 : (int)(h > 0 ? h - 1 : 0); break;
        case K_SVC: case K_CSVC: nd = h >= 100 ? 3 : h >= 30 ? 2 : h >= 12 ? 1 : 0; break;
        default: nd = h >= 10 ? 2 : h >= 5 ? 1 : 0; break;
        }
        u->ndep = nd;
    }
}

/* ------------------------------------------------------------------------
 * Statements. */
#define REP2(x) x "," x
#define REP4(x) REP2(x) "," REP2(x)
#define REP8(x) REP4(x) "," REP4(x)
#define REP16(x) REP8(x) "," REP8(x)
#define REP32(x) REP16(x) "," REP16(x)
#define REP64(x) REP32(x) "," REP32(x)
#define REP128(x) REP64(x) "," REP64(x)
#define GROUP 32               /* history rows per multi-row INSERT */
#define REPG(x) REP32(x)
#define PGROUP 128             /* people per multi-row INSERT */
#define REPP(x) REP128(x)

#define SAL_COLS "INSERT INTO salary_history (person_id, rank_code, step, coef_x100, vk_percent, valid_from, valid_to, decision_no) VALUES "
#define SAL_ROW "(?,?,?,?,?,?,?,NULL)"
static const char SQL_SAL1[] = SAL_COLS SAL_ROW;
static const char SQL_SALG[] = SAL_COLS REPG(SAL_ROW);
#define FAM_COLS "INSERT INTO family_member (person_id, side, relation, full_name, birth_year, details) VALUES "
#define FAM_ROW "(?,'self',?,?,?,?)"
static const char SQL_FAM1[] = FAM_COLS FAM_ROW;
static const char SQL_FAMG[] = FAM_COLS REPG(FAM_ROW);
#define TRN_COLS "INSERT INTO training (person_id, school, major, from_month, to_month, form, degree) VALUES "
#define TRN_ROW "(?,?,?,?,?,?,?)"
static const char SQL_TRN1[] = TRN_COLS TRN_ROW;
static const char SQL_TRNG[] = TRN_COLS REPG(TRN_ROW);
#define AWD_COLS "INSERT INTO award (person_id, year, form, authority, decision_no) VALUES "
#define AWD_ROW "(?,?,?,?,?)"
static const char SQL_AWD1[] = AWD_COLS AWD_ROW;
static const char SQL_AWDG[] = AWD_COLS REPG(AWD_ROW);
#define PST_COLS "INSERT INTO posting (person_id, unit_id, position, title_id, valid_from, valid_to, decision_no, reason) VALUES "
#define PST_ROW "(?,?,?,?,?,?,?,?)"
static const char SQL_PST1[] = PST_COLS PST_ROW;
static const char SQL_PSTG[] = PST_COLS REPG(PST_ROW);
#define WRK_COLS "INSERT INTO work_history (person_id, from_month, to_month, description) VALUES "
#define WRK_ROW "(?,?,'2025-06',?)"
static const char SQL_WRK1[] = WRK_COLS WRK_ROW;
static const char SQL_WRKG[] = WRK_COLS REPG(WRK_ROW);
static const char SQL_DISC[] =
    "INSERT INTO discipline (person_id, year, form, authority, decision_no, effective, reason) VALUES (?,?,?,?,?,?,?)";

/* People are staged in a TEMP table and moved into person with one
 * INSERT ... SELECT per batch: the FTS5 index behind person's trigger then
 * receives the whole batch in one statement instead of flushing a segment
 * at every statement. */
#define PERSON_COLNAMES \
    "id, cccd, full_name, name_fold, sort_key, birth_date, birth_precision, sex," \
    " birth_place, home_town, ethnicity_id, religion_id, permanent_address, current_address, phone, email," \
    " occupation_at_recruitment, recruitment_date, recruitment_agency, main_duty, general_education," \
    " professional_level, professional_major, theory_level, mgmt_level, foreign_language, it_level," \
    " party_join_date, party_official_date, mass_org, army_join_date, army_leave_date, army_rank, honor_title," \
    " health_status, height_cm, weight_kg, blood_type, policy_family, id_issue_date, social_insurance_no," \
    " unit_id, position, title_id, title_since, rank_code, salary_step, coef_x100, salary_since, vk_percent," \
    " status, created_at, updated_at"
#define PERSON_ROW \
    "(?,?,?,?,?,?,0,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'active',?,?)"
#define PERSON_NCOLS 51
static const char SQL_STAGE_CREATE[] = "CREATE TEMP TABLE IF NOT EXISTS demo_stage AS SELECT * FROM main.person WHERE 0";
static const char SQL_STAGE_DROP[] = "DROP TABLE IF EXISTS temp.demo_stage";
static const char SQL_STAGE1[] = "INSERT INTO temp.demo_stage (" PERSON_COLNAMES ") VALUES " PERSON_ROW;
static const char SQL_STAGEP[] = "INSERT INTO temp.demo_stage (" PERSON_COLNAMES ") VALUES " REPP(PERSON_ROW);
static const char SQL_STAGE_FLUSH[] =
    "INSERT INTO main.person (" PERSON_COLNAMES ") SELECT " PERSON_COLNAMES " FROM temp.demo_stage ORDER BY rowid";
static const char SQL_STAGE_CLEAR[] = "DELETE FROM temp.demo_stage";

static void bt(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v) sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(s, i);
}
static void bi(sqlite3_stmt *s, int i, int64_t v) { sqlite3_bind_int64(s, i, v); }

static int step_done(db *d, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "demo: insert failed: %s\n", db_errmsg(d));
        sqlite3_reset(st);
        return -1;
    }
    sqlite3_reset(st);
    return 0;
}

/* ------------------------------------------------------------------------
 * Person generation. */
static int pick_eth(struct gen *g, struct rng *r) { return wpick(r, g->eth_tab, g->neth); }

/* Writes "Họ Đệm [Đệm2] Tên"; *given receives the given name. */
static void gen_name(struct gen *g, struct rng *r, int sex, int by, int eth, const char *family, char *out,
                     size_t cap, const char **given_out)
{
    const char *fam = family;
    if (!fam) {
        if (eth == g->eth_cotu) fam = PICK(r, fam_cotu);
        else if (eth == g->eth_hoa) fam = PICK(r, fam_hoa);
        else if (eth == g->eth_tay || eth == g->eth_nung) fam = PICK(r, fam_tay);
        else if (eth == g->eth_muong) fam = PICK(r, fam_muong);
        else fam = g->prov->north ? WPICK(r, fam_north) : WPICK(r, fam_south);
    }
    int young = by >= 1988;
    const char *given = sex == SEX_MALE ? PICK(r, given_male) : PICK(r, given_female);
    const char *m1 = NULL, *m2 = NULL;
    const struct wmid *mt = sex == SEX_MALE ? mid_male : mid_female;
    int nm = sex == SEX_MALE ? NELEM(mid_male) : NELEM(mid_female);
    int total = 0;
    for (int i = 0; i < nm; i++) total += young ? mt[i].young_w : mt[i].old_w;
    int x = rb(r, total), k = 0;
    for (; k < nm - 1; k++) {
        int w = young ? mt[k].young_w : mt[k].old_w;
        if (x < w) break;
        x -= w;
    }
    m1 = mt[k].s;
    if (sex == SEX_FEMALE && !strcmp(m1, "Thị +")) {
        m1 = "Thị";
        m2 = PICK(r, mid_female_2);
    } else if (sex == SEX_MALE && rp(r, 7)) {
        m1 = PICK(r, mid_male_4a);
        m2 = PICK(r, mid_male_4b);
    }
    for (int tries = 0; tries < 4 && (!strcmp(given, m1) || (m2 && (!strcmp(given, m2) || !strcmp(m1, m2)))); tries++) {
        given = sex == SEX_MALE ? PICK(r, given_male) : PICK(r, given_female);
        if (m2 && !strcmp(m1, m2)) m2 = NULL;
    }
    scpy(out, cap, fam);
    scat(out, cap, " ");
    scat(out, cap, m1);
    if (m2) { scat(out, cap, " "); scat(out, cap, m2); }
    scat(out, cap, " ");
    scat(out, cap, given);
    if (given_out) *given_out = given;
}

/* A place text: a commune of this province, or another province. */
static int gen_place(struct gen *g, struct rng *r, int local_pct, char *out, size_t cap)
{
    const struct prov *pv = g->prov;
    int nold = 0;
    while (nold < 3 && pv->old[nold]) nold++;
    if (rp(r, local_pct)) {
        scpy(out, cap, g->communes[rb(r, g->ncommunes)].full);
        return pv->old[rb(r, nold)];
    }
    const struct prov *o = &provinces[rb(r, NELEM(provinces))];
    if (o == pv) o = &provinces[(o - provinces + 1) % NELEM(provinces)];
    int no = 0;
    while (no < 3 && o->old[no]) no++;
    scpy(out, cap, o->full);
    return o->old[rb(r, no)];
}

static void gen_address(struct gen *g, struct rng *r, int commune, char *out, size_t cap)
{
    const struct commune *c = &g->communes[commune >= 0 && rp(r, 70) ? commune : rb(r, g->ncommunes)];
    char head[96];
    if (c->ward) {
        if (rp(r, 70)) snprintf(head, sizeof head, "Số %d đường %s, ", rr(r, 1, 450), PICK(r, streets));
        else snprintf(head, sizeof head, "Tổ dân phố %d, ", rr(r, 1, 40));
    } else {
        snprintf(head, sizeof head, "Thôn %d, ", rr(r, 1, 12));
    }
    scpy(out, cap, head);
    scat(out, cap, c->full);
}

/* Rank of a person by unit profile and role (0 staff, 1 head, 2 deputy). */
static int pick_rank(struct rng *r, const struct dunit *u, int role)
{
    if (role == 0) {
        const struct rw *t = staff_ranks[u->prof];
        int total = 0, n = 0;
        while (n < 10 && t[n].w) total += t[n++].w;
        int x = rb(r, total);
        for (int i = 0; i < n; i++) {
            if (x < t[i].w) return t[i].rank;
            x -= t[i].w;
        }
        return t[0].rank;
    }
    int head = role == 1;
    switch (u->prof) {
    case P_HOSP: return head ? (rp(r, 30) ? R_BSCC : R_BSC) : R_BSC;
    case P_CHEALTH: return head ? (rp(r, 30) ? R_BSC : R_BS) : (rp(r, 50) ? R_BS : R_DD3);
    case P_THPT: return head ? (rp(r, 40) ? R_PT1 : R_PT2) : R_PT2;
    case P_THCS: return head ? (rp(r, 30) ? R_CS1 : R_CS2) : R_CS2;
    case P_TH: return head ? (rp(r, 20) ? R_TH1 : R_TH2) : (rp(r, 70) ? R_TH2 : R_TH3);
    case P_MN: return head ? (rp(r, 20) ? R_MN1 : R_MN2) : (rp(r, 60) ? R_MN2 : R_MN3);
    default: break;
    }
    int insp = u->prof == P_INSPECT;
    switch (u->kind) {
    case K_ROOT: return rp(r, 70) ? R_CVCC : R_CVC;
    case K_DEPT:
        if (head) return insp ? (rp(r, 50) ? R_TTVCC : R_TTVC) : (rp(r, 40) ? R_CVCC : R_CVC);
        return insp ? R_TTVC : (rp(r, 15) ? R_CVCC : R_CVC);
    case K_DIV: case K_SVC:
        if (head) return insp ? (rp(r, 60) ? R_TTVC : R_TTV) : (rp(r, 60) ? R_CVC : R_CV);
        return insp ? (rp(r, 30) ? R_TTVC : R_TTV) : (rp(r, 30) ? R_CVC : R_CV);
    case K_COMMUNE: return head ? (rp(r, 50) ? R_CVC : R_CV) : (rp(r, 30) ? R_CVC : R_CV);
    default: return head ? (rp(r, 15) ? R_CVC : R_CV) : (rp(r, 10) ? R_CS : R_CV);
    }
}

static const char *const majors_admin[] = {
    "Luật", "Kinh tế", "Quản trị kinh doanh", "Hành chính học", "Quản lý nhà nước", "Tài chính – Ngân hàng",
    "Công nghệ thông tin", "Xây dựng dân dụng và công nghiệp", "Quản lý đất đai", "Khoa học môi trường",
    "Ngôn ngữ Anh", "Xã hội học", "Chính trị học", "Kinh tế nông nghiệp", "Văn hóa học", "Kinh tế đầu tư",
};
static const int majors_admin_cat[] = {
    M_LAW, M_ECON, M_ECON, M_ADMIN, M_ADMIN, M_ECON, M_TECH, M_TECH, M_AGRI, M_AGRI, M_LANG, M_CULT, M_CULT,
    M_AGRI, M_CULT, M_ECON,
};
static const char *const majors_ped_sec[] = {
    "Sư phạm Toán", "Sư phạm Ngữ văn", "Sư phạm Tiếng Anh", "Sư phạm Vật lý", "Sư phạm Hóa học",
    "Sư phạm Sinh học", "Sư phạm Lịch sử", "Sư phạm Địa lý", "Sư phạm Tin học", "Giáo dục thể chất",
    "Giáo dục chính trị", "Sư phạm Âm nhạc", "Sư phạm Mỹ thuật",
};
static const char *const schools_by_cat[][3] = {
    [M_ADMIN] = {"Học viện Hành chính Quốc gia", "Học viện Hành chính Quốc gia", "Trường Đại học Nội vụ Hà Nội"},
    [M_LAW] = {"Trường Đại học Luật – Đại học Huế", "Trường Đại học Luật Hà Nội", "Trường Đại học Luật TP. Hồ Chí Minh"},
    [M_ECON] = {"Trường Đại học Kinh tế – Đại học Đà Nẵng", "Trường Đại học Kinh tế Quốc dân",
                "Trường Đại học Kinh tế – Đại học Huế"},
    [M_TECH] = {"Trường Đại học Bách khoa – Đại học Đà Nẵng", "Trường Đại học Bách khoa Hà Nội", "Trường Đại học Duy Tân"},
    [M_PED] = {"Trường Đại học Sư phạm – Đại học Đà Nẵng", "Trường Đại học Sư phạm – Đại học Huế",
               "Trường Đại học Quảng Nam"},
    [M_MED] = {"Trường Đại học Y Dược – Đại học Huế", "Trường Đại học Kỹ thuật Y – Dược Đà Nẵng",
               "Trường Đại học Y Hà Nội"},
    [M_NURSE] = {"Trường Đại học Kỹ thuật Y – Dược Đà Nẵng", "Trường Đại học Y Dược – Đại học Huế",
                 "Trường Đại học Điều dưỡng Nam Định"},
    [M_ACC] = {"Trường Đại học Kinh tế – Đại học Đà Nẵng", "Học viện Tài chính", "Trường Đại học Kinh tế Quốc dân"},
    [M_ARCH] = {"Trường Đại học Nội vụ Hà Nội", "Trường Đại học Khoa học Xã hội và Nhân văn – ĐHQG Hà Nội",
                "Trường Đại học Khoa học – Đại học Huế"},
    [M_LANG] = {"Trường Đại học Ngoại ngữ – Đại học Đà Nẵng", "Trường Đại học Ngoại ngữ – Đại học Huế",
                "Trường Đại học Hà Nội"},
    [M_AGRI] = {"Trường Đại học Nông Lâm – Đại học Huế", "Học viện Nông nghiệp Việt Nam",
                "Trường Đại học Nông Lâm TP. Hồ Chí Minh"},
    [M_CULT] = {"Trường Đại học Khoa học – Đại học Huế", "Trường Đại học Khoa học Xã hội và Nhân văn – ĐHQG Hà Nội",
                "Học viện Báo chí và Tuyên truyền"},
};

struct ctx {
    int unit, role, rank, sex;
    int chain[3], nchain;       /* chain[nchain-1] = current rank */
};

static void set_training(struct gen *g, struct rng *r, struct gperson *p, const struct ctx *c, int by,
                         cdate recruit, int major_cat, const char *major, const char *plev)
{
    int ry = year_of(recruit);
    struct train_row *t = &p->train[p->ntrain++];
    int years = !strcmp(plev, "trung_cap") ? 2 : !strcmp(plev, "cao_dang") ? 3 : !strcmp(plev, "so_cap") ? 1
                : major_cat == M_MED ? 6 : 4;
    int end_y = ry - rr(r, 0, 1);
    if (end_y - years < by + 17) end_y = by + 17 + years;
    ymtext(t->from, end_y - years, 9);
    ymtext(t->to, end_y, 6);
    t->school = schools_by_cat[major_cat][rb(r, 3)];
    if (!strcmp(plev, "trung_cap") || !strcmp(plev, "so_cap") || !strcmp(plev, "cao_dang")) {
        static const char *const colleges[] = {"Trường Cao đẳng Kinh tế – Kế hoạch Đà Nẵng",
                                               "Trường Cao đẳng Sư phạm Trung ương", "Trường Cao đẳng Y tế Huế",
                                               "Trường Cao đẳng Nghề Đà Nẵng"};
        t->school = major_cat == M_PED ? colleges[1] : major_cat == M_NURSE || major_cat == M_MED ? colleges[2]
                    : rp(r, 50) ? colleges[0] : colleges[3];
    }
    t->major = major;
    t->form = rp(r, 85) ? "Chính quy" : "Vừa làm vừa học";
    t->degree = !strcmp(plev, "trung_cap") ? "Bằng tốt nghiệp trung cấp"
                : !strcmp(plev, "so_cap") ? "Chứng chỉ sơ cấp"
                : !strcmp(plev, "cao_dang") ? "Bằng tốt nghiệp cao đẳng"
                : major_cat == M_MED ? "Bác sĩ" : major_cat == M_TECH ? "Kỹ sư" : "Cử nhân";
    int post_y = ry + rr(r, 2, 8);
    if (!strcmp(plev, "thac_si") || !strcmp(plev, "tien_si") || !strcmp(plev, "tien_si_kh")) {
        int ty = year_of(g->today);
        if (post_y + 2 > ty) post_y = ty - 2;
        if (post_y < end_y + 1) post_y = end_y + 1;
        t = &p->train[p->ntrain++];
        ymtext(t->from, post_y, 10);
        ymtext(t->to, post_y + 2, 12);
        t->school = major_cat == M_ADMIN || major_cat == M_CULT ? "Học viện Hành chính Quốc gia"
                    : schools_by_cat[major_cat][rb(r, 3)];
        t->major = major;
        t->form = "Vừa làm vừa học";
        t->degree = "Thạc sĩ";
        if (strcmp(plev, "thac_si") && p->ntrain < MAX_TRAIN) {
            t = &p->train[p->ntrain++];
            int dy = post_y + 3 + 4 > ty ? ty - 4 : post_y + 3;
            ymtext(t->from, dy, 10);
            ymtext(t->to, dy + 4 > ty ? ty : dy + 4, 12);
            t->school = schools_by_cat[major_cat][rb(r, 3)];
            t->major = major;
            t->form = "Tập trung";
            t->degree = "Tiến sĩ";
        }
    }
    (void)c;
}

static int cccd_make(struct gen *g, struct rng *r, int oldcode, int sex, int by, char out[13])
{
    int cent = (by / 100 - 19) * 2 + (sex == SEX_FEMALE);
    if (cent < 0 || cent > 3) return -1;
    uint32_t *ctr = &g->cccd_ctr[oldcode % 100][cent][by % 100];
    if (*ctr >= 1000000u) return -1;
    uint32_t k = (*ctr)++;
    uint32_t off = (uint32_t)((g->seed * 2654435761u + (uint64_t)oldcode * 40503u + (uint64_t)by * 977u + (uint64_t)cent) % 1000000u);
    uint32_t suffix = (uint32_t)(((uint64_t)k * 571393u + off) % 1000000u);
    (void)r;
    int v[12] = {oldcode / 100 % 10, oldcode / 10 % 10, oldcode % 10, cent, by / 10 % 10, by % 10};
    for (int i = 11; i >= 6; i--) { v[i] = (int)(suffix % 10); suffix /= 10; }
    for (int i = 0; i < 12; i++) out[i] = (char)('0' + v[i]);
    out[12] = '\0';
    return 0;
}

/* Salary history from recruitment: steps every cycle months (TT 08/2013:
 * 36 months for A groups, 24 for B/C), vượt khung 5 % after a cycle at the
 * top step then +1 %/year, rank promotions on promo[] dates placing the
 * person on the lowest step whose coefficient exceeds the current one. */
static void gen_salary(struct gen *g, struct gperson *p, const struct ctx *c, cdate recruit, const cdate *promo)
{
    int k = 0, step = 1, vk = 0;
    const struct salary_group *sg = g->rank_sg[c->chain[0]];
    cdate since = recruit;
    p->nsal = 0;
    for (;;) {
        struct sal_row *s = &p->sal[p->nsal++];
        s->rank = c->chain[k];
        s->step = step;
        s->coef = sg->coef_x100[step - 1];
        s->vk = vk;
        iso(since, s->from);
        if (p->nsal == MAX_SAL) break;
        cdate due = date_add_months(since, step < sg->steps || vk == 0 ? sg->cycle_months : 12);
        if (k + 1 < c->nchain && promo[k + 1] <= due && promo[k + 1] <= g->today) {
            int eff = s->coef * (100 + vk) / 100;
            k++;
            sg = g->rank_sg[c->chain[k]];
            step = sg->steps;
            for (int i = 0; i < sg->steps; i++)
                if (sg->coef_x100[i] > eff) { step = i + 1; break; }
            vk = 0;
            since = promo[k];
            continue;
        }
        if (due > g->today) break;
        if (step < sg->steps) step++;
        else vk = vk == 0 ? 5 : vk + 1;
        since = due;
    }
}

static const char *lang_level_name(const char *code)
{
    static const struct { const char *code, *name; } t[] = {
        {"cc_a", "Chứng chỉ A"}, {"cc_b", "Chứng chỉ B"}, {"cc_c", "Chứng chỉ C"}, {"bac1", "Bậc 1 (A1)"},
        {"bac2", "Bậc 2 (A2)"}, {"bac3", "Bậc 3 (B1)"}, {"bac4", "Bậc 4 (B2)"}, {"bac5", "Bậc 5 (C1)"},
        {"bac6", "Bậc 6 (C2)"},
    };
    for (int i = 0; i < NELEM(t); i++)
        if (!strcmp(t[i].code, code)) return t[i].name;
    return code;
}

static void authority_of(struct gen *g, const struct dunit *u, char *out, size_t cap)
{
    const struct dunit *top = &g->units[u->top];
    if (top->kind == K_ROOT) {
        scpy(out, cap, "Chủ tịch UBND ");
        scat(out, cap, g->plc);
    } else if (top->kind == K_COMMUNE) {
        scpy(out, cap, "Chủ tịch ");
        scat(out, cap, top->name);
    } else {
        scpy(out, cap, top->head_t == T_GD_SO ? "Giám đốc " : top->head_t == T_CVP_TINH ? "Chánh " : "Chánh ");
        scat(out, cap, top->name);
    }
}

static int gen_person(struct gen *g, long idx, int ui, long off, struct gperson *p)
{
    struct rng rs, *r = &rs;
    rng_seed(r, g->seed, (uint64_t)idx);
    const struct dunit *u = &g->units[ui];
    struct ctx c = {.unit = ui};
    c.role = (off == 0 && u->head_t != T_NONE) ? 1 : (off >= 1 && off <= u->ndep) ? 2 : 0;

    memset(p, 0, offsetof(struct gperson, sal));
    p->id = g->first_id + idx;
    p->unit = ui;
    p->nsal = p->nfam = p->ntrain = p->naward = p->npost = 0;
    p->has_work = p->has_disc = 0;

    /* sex */
    int fem_pct;
    switch (u->prof) {
    case P_MN: fem_pct = 90; break;
    case P_TH: fem_pct = 64; break;
    case P_THCS: fem_pct = 57; break;
    case P_THPT: fem_pct = 54; break;
    case P_HOSP: case P_CHEALTH: fem_pct = 58; break;
    default: fem_pct = 42; break;
    }
    if (c.role == 1) fem_pct = fem_pct > 50 ? 45 : 18;
    else if (c.role == 2) fem_pct = fem_pct > 50 ? 55 : 30;
    c.sex = p->sex = rp(r, fem_pct) ? SEX_FEMALE : SEX_MALE;

    /* rank and career chain */
    c.rank = pick_rank(r, u, c.role);
    int chain_rev[3], n = 0, needed = 0;
    for (int k = c.rank; k >= 0 && n < 3; k = rankdefs[k].prev) {
        chain_rev[n++] = k;
        needed += rankdefs[k].years;
    }
    c.nchain = n;
    for (int i = 0; i < n; i++) c.chain[i] = chain_rev[n - 1 - i];

    /* age */
    int role_min = 22;
    if (c.role == 1) role_min = (u->kind == K_ROOT || u->kind == K_DEPT) ? 42 : 33;
    else if (c.role == 2) role_min = (u->kind == K_ROOT || u->kind == K_DEPT) ? 38 : 29;
    int min_age = 22 + needed + 1;
    if (min_age < role_min) min_age = role_min;
    int hi = g->today_mi - 12 * min_age - 1, lo = g->min_bmi[c.sex];
    if (hi < lo) hi = lo;
    int span = hi - lo;
    int bmi;
    if (rp(r, 60)) bmi = lo + (rb(r, span + 1) + rb(r, span + 1)) / 2;
    else bmi = lo + rb(r, span + 1);
    int by = month_index_year(bmi), bm = month_index_month(bmi);
    cdate birth = ymd(by, bm, rr(r, 1, date_days_in_month(by, bm)));
    iso(birth, p->birth);

    /* recruitment */
    int age_m = g->today_mi - bmi;
    int ra_lo = 22 * 12 + 1, ra_hi = age_m - needed * 12 - 2; /* recruited at 22 or older */
    int ra_cap = (c.role ? 32 : 38) * 12;
    if (ra_hi > ra_cap) ra_hi = ra_cap;
    if (ra_hi < ra_lo) ra_hi = ra_lo;
    int ra = ra_lo + (rb(r, ra_hi - ra_lo + 1) < (ra_hi - ra_lo + 1) / 2 ? rb(r, (ra_hi - ra_lo) / 2 + 1)
                                                                      : rb(r, ra_hi - ra_lo + 1));
    int rmi = bmi + ra;
    if (rmi >= g->today_mi) rmi = g->today_mi - 1;
    cdate recruit = ymd(month_index_year(rmi), month_index_month(rmi), rr(r, 1, 28));
    iso(recruit, p->recruit);

    /* promotions: chain[k] from promo[k] */
    cdate promo[3] = {recruit, 0, 0};
    int avail = g->today_mi - rmi - 1, extra = avail - needed * 12;
    if (extra < 0) extra = 0;
    int at = rmi;
    for (int k = 1; k < c.nchain; k++) {
        int e = extra > 0 ? rb(r, (extra < 72 ? extra : 72) + 1) : 0;
        extra -= e;
        at += rankdefs[c.chain[k]].years * 12 + e;  /* years held in chain[k - 1] */
        promo[k] = ymd(month_index_year(at), month_index_month(at), 1);
    }
    gen_salary(g, p, &c, recruit, promo);
    /* the current rank is the rank of the last salary row */
    p->rank = p->sal[p->nsal - 1].rank;

    /* ethnicity, religion, name */
    int eth = pick_eth(g, r);
    p->eth_id = (int)g->eth_ids[eth];
    int rel = wpick(r, religions, NELEM(religions));
    p->rel_id = (int)g->rel_ids[rel];
    const char *given = NULL;
    gen_name(g, r, c.sex, by, eth, NULL, p->full_name, sizeof p->full_name, &given);
    if (vn_fold(p->full_name, strlen(p->full_name), p->fold, sizeof p->fold) == (size_t)-1) return -1;
    if (vn_name_sort_key(p->full_name, p->sort_key, sizeof p->sort_key) == (size_t)-1) return -1;
    char fam_name[32];
    {
        size_t k = 0;
        while (p->full_name[k] && p->full_name[k] != ' ' && k + 1 < sizeof fam_name) { fam_name[k] = p->full_name[k]; k++; }
        fam_name[k] = '\0';
    }

    /* places, CCCD */
    int oldcode = gen_place(g, r, 85, p->birth_place, sizeof p->birth_place);
    if (rp(r, 70)) scpy(p->home_town, sizeof p->home_town, p->birth_place);
    else gen_place(g, r, 75, p->home_town, sizeof p->home_town);
    if (cccd_make(g, r, oldcode, c.sex, by, p->cccd) != 0) return -1;
    gen_address(g, r, u->commune, p->perm_addr, sizeof p->perm_addr);
    if (rp(r, 80)) scpy(p->cur_addr, sizeof p->cur_addr, p->perm_addr);
    else gen_address(g, r, u->commune, p->cur_addr, sizeof p->cur_addr);
    snprintf(p->phone, sizeof p->phone, "0%d%08d", PICK(r, ((const int[]){90, 91, 93, 94, 98, 97, 70, 76, 77, 78, 79, 83, 86, 88, 89, 35, 36, 39})), rb(r, 100000000));
    int teacher = u->prof == P_THPT || u->prof == P_THCS || u->prof == P_TH || u->prof == P_MN;
    if (rp(r, 65)) {
        char gf[32], ini[16] = "";
        vn_fold(given, strlen(given), gf, sizeof gf);
        size_t k = 0;
        for (const char *s = p->fold; *s; ) {
            const char *e = strchr(s, ' ');
            if (!e) break;              /* last word = given name */
            if (k + 1 < sizeof ini) ini[k++] = *s;
            s = e + 1;
        }
        ini[k] = '\0';
        scpy(p->email, sizeof p->email, gf);
        scat(p->email, sizeof p->email, ini);
        if (rp(r, 40)) catnum(p->email, sizeof p->email, rr(r, 1, 99), 1);
        scat(p->email, sizeof p->email, "@");
        scat(p->email, sizeof p->email, g->domain);
        scat(p->email, sizeof p->email, teacher ? ".edu.vn" : ".gov.vn");
    }
    snprintf(p->bhxh, sizeof p->bhxh, "%02d%08" PRIu32, oldcode % 100, (uint32_t)((uint64_t)p->id * 2654435761u % 100000000u));
    cdate iss = ymd(rr(r, 2021, 2024), rr(r, 1, 12), rr(r, 1, 28));
    if (iss > g->today) iss = g->today;
    iso(iss, p->id_issue);

    /* education */
    const struct rankdef *rd = &rankdefs[p->rank];
    const char *grp = rd->group;
    int pl;
    if (grp[0] == 'A' && grp[1] == '3') pl = rp(r, 25) ? 5 : rp(r, 70) ? 4 : 3;
    else if (grp[0] == 'A' && grp[1] == '2') pl = rp(r, 4) ? 5 : rp(r, 38) ? 4 : 3;
    else if (!strcmp(grp, "A1")) pl = rp(r, 13) ? 4 : 3;
    else if (!strcmp(grp, "A0")) pl = rp(r, 35) ? 3 : 2;
    else pl = rp(r, 70) ? 1 : rp(r, 60) ? 2 : 0;
    static const char *const plevels[] = {"so_cap", "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"};
    p->prof_level = plevels[pl];
    int mcat = rd->major;
    const char *major;
    if (mcat == M_PED) {
        if (u->prof == P_MN) major = "Giáo dục Mầm non";
        else if (u->prof == P_TH) major = rp(r, 80) ? "Giáo dục Tiểu học" : PICK(r, majors_ped_sec);
        else major = PICK(r, majors_ped_sec);
    } else if (mcat == M_MED) major = rp(r, 85) ? "Y đa khoa" : "Y học cổ truyền";
    else if (mcat == M_NURSE) major = "Điều dưỡng";
    else if (mcat == M_ACC) major = "Kế toán";
    else if (mcat == M_ARCH) major = "Văn thư – Lưu trữ";
    else if (mcat == M_LAW) major = "Luật";
    else {
        int k = rb(r, NELEM(majors_admin));
        major = majors_admin[k];
        mcat = majors_admin_cat[k];
    }
    if (mcat < 0) mcat = M_ADMIN;
    p->prof_major = major;
    p->gen_edu = (by < 1976 && rp(r, 5)) ? "10/10" : "12/12";
    set_training(g, r, p, &c, by, recruit, mcat, major, p->prof_level);

    /* party membership */
    int party_pct = c.role == 1 ? 100 : c.role == 2 ? 95 : (grp[1] == '2' || grp[1] == '3') ? 75 : 32;
    if (g->today_mi - bmi < 30 * 12 && c.role == 0) party_pct = 12;
    int party = rp(r, party_pct);
    if (party) {
        int jmi = bmi + rr(r, 23 * 12, 36 * 12);
        if (jmi > g->today_mi - 2) jmi = g->today_mi - 2;
        if (jmi < bmi + 18 * 12) jmi = bmi + 18 * 12;
        cdate j = ymd(month_index_year(jmi), month_index_month(jmi), rr(r, 1, 28));
        if (c.role) { /* leaders: official members well before appointment */
            int lim = month_index(2024, 6);
            if (jmi > lim) { jmi = lim; j = ymd(month_index_year(jmi), month_index_month(jmi), rr(r, 1, 28)); }
        }
        iso(j, p->party_join);
        cdate off12 = date_add_months(j, 12);
        if (off12 <= g->today) iso(off12, p->party_official);
    }
    /* political theory (15.3), state management (15.4) */
    if (c.role == 1 && (u->kind == K_ROOT || u->kind == K_DEPT))
        p->theory = rp(r, 75) ? "cao_cap" : rp(r, 50) ? "cao_cap_llct_hc" : "cu_nhan_ct";
    else if (c.role == 1) p->theory = rp(r, 45) ? "cao_cap" : "trung_cap";
    else if (c.role == 2) p->theory = rp(r, 30) ? "cao_cap" : "trung_cap";
    else if (party) p->theory = rp(r, 55) ? "so_cap" : rp(r, 70) ? "trung_cap" : NULL;
    else p->theory = rp(r, 15) ? "so_cap" : NULL;
    int viench = !strncmp(rd->code, "V.", 2);
    if (p->rank == R_CVCC || p->rank == R_TTVCC || p->rank == R_KTVCC) p->mgmt = "chuyen_vien_cao_cap";
    else if (p->rank == R_CVC || p->rank == R_TTVC || p->rank == R_KTVC || p->rank == R_VTVC) p->mgmt = "chuyen_vien_chinh";
    else if (c.role) p->mgmt = viench ? (rp(r, 60) ? "chuyen_vien" : NULL) : "chuyen_vien";
    else if (!viench && !strcmp(grp, "A1")) p->mgmt = rp(r, 80) ? "chuyen_vien" : NULL;
    else if (p->rank == R_CS || p->rank == R_KTVTC) p->mgmt = rp(r, 50) ? "can_su" : NULL;
    else p->mgmt = NULL;
    if ((p->theory && !strcmp(p->theory, "trung_cap")) || (p->theory && !strncmp(p->theory, "cao_cap", 7))) {
        if (p->ntrain < MAX_TRAIN) {
            struct train_row *t = &p->train[p->ntrain++];
            int ty = year_of(g->today), y0 = year_of(recruit) + rr(r, 3, 12);
            int cao = strcmp(p->theory, "trung_cap") != 0;
            if (y0 + (cao ? 2 : 1) > ty) y0 = ty - (cao ? 2 : 1);
            ymtext(t->from, y0, 3);
            ymtext(t->to, y0 + (cao ? 1 : 0), cao ? 12 : 11);
            t->school = cao ? "Học viện Chính trị khu vực III" : "Trường Chính trị";
            t->major = "Lý luận chính trị";
            t->form = rp(r, 60) ? "Không tập trung" : "Tập trung";
            t->degree = cao ? "Bằng cao cấp lý luận chính trị" : "Bằng trung cấp lý luận chính trị";
        }
    }
    if (p->mgmt && strncmp(p->mgmt, "chuyen_vien_c", 13) == 0 && p->ntrain < MAX_TRAIN) {
        struct train_row *t = &p->train[p->ntrain++];
        int ty = year_of(g->today), y0 = year_of(recruit) + rr(r, 1, 10);
        if (y0 > ty) y0 = ty;
        ymtext(t->from, y0, 5);
        ymtext(t->to, y0, 7);
        t->school = "Học viện Hành chính Quốc gia";
        t->major = !strcmp(p->mgmt, "chuyen_vien_cao_cap") ? "Bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên cao cấp"
                   : !strcmp(p->mgmt, "chuyen_vien_chinh") ? "Bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên chính"
                   : "Bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên";
        t->form = "Bồi dưỡng";
        t->degree = "Chứng chỉ";
    }
    /* IT and foreign language */
    if (by < 1981) {
        static const struct wstr it_old[] = {{"cc_a", 30}, {"cc_b", 40}, {"co_ban", 20}, {"", 10}};
        p->it = WPICK(r, it_old);
    } else {
        static const struct wstr it_young[] = {{"co_ban", 65}, {"nang_cao", 15}, {"cc_b", 10}, {"cc_a", 5}, {"", 5}};
        p->it = WPICK(r, it_young);
    }
    if (!*p->it) p->it = NULL;
    const char *lang = "Tiếng Anh";
    if (by < 1975 && rp(r, 10)) lang = "Tiếng Pháp";
    else if (rp(r, 4)) lang = PICK(r, ((const char *const[]){"Tiếng Trung", "Tiếng Nhật", "Tiếng Hàn", "Tiếng Nga"}));
    const char *lvl;
    if (!strcmp(major, "Sư phạm Tiếng Anh") || !strcmp(major, "Ngôn ngữ Anh")) lvl = rp(r, 80) ? "bac5" : "bac4";
    else if (by < 1981) {
        static const struct wstr l_old[] = {{"cc_b", 50}, {"cc_c", 20}, {"cc_a", 15}, {"bac3", 5}, {"", 10}};
        lvl = WPICK(r, l_old);
    } else {
        static const struct wstr l_young[] = {{"bac2", 30}, {"bac3", 40}, {"bac4", 8}, {"bac5", 2}, {"cc_b", 10}, {"", 10}};
        lvl = WPICK(r, l_young);
    }
    if (*lvl) {
        scpy(p->language, sizeof p->language, lang);
        scat(p->language, sizeof p->language, " – ");
        scat(p->language, sizeof p->language, lang_level_name(lvl));
    }

    /* other personal items */
    p->occupation = rp(r, 60) ? "Sinh viên mới tốt nghiệp"
                    : teacher ? "Giáo viên hợp đồng"
                    : (u->prof == P_HOSP || u->prof == P_CHEALTH) ? "Nhân viên y tế hợp đồng"
                    : "Nhân viên hợp đồng";
    {
        const struct dunit *top = &g->units[u->top];
        if (teacher) scpy(p->recruit_agency, sizeof p->recruit_agency, "Sở Giáo dục và Đào tạo ");
        else if (u->prof == P_HOSP || u->prof == P_CHEALTH) scpy(p->recruit_agency, sizeof p->recruit_agency, "Sở Y tế ");
        else if (top->kind == K_DEPT && strncmp(top->name, "Sở ", strlen("Sở ")) == 0) {
            scpy(p->recruit_agency, sizeof p->recruit_agency, top->name);
            scat(p->recruit_agency, sizeof p->recruit_agency, " ");
        } else scpy(p->recruit_agency, sizeof p->recruit_agency, "Sở Nội vụ ");
        scat(p->recruit_agency, sizeof p->recruit_agency, g->plc);
    }
    p->mass_org = g->today_mi - bmi < 31 * 12 ? "Đoàn TNCS Hồ Chí Minh; Công đoàn Việt Nam" : "Công đoàn Việt Nam";
    if (c.sex == SEX_MALE && by < 1990 && rp(r, 4)) {
        cdate aj = ymd(by + 18 + rb(r, 2), rr(r, 2, 9), rr(r, 1, 28));
        cdate al = date_add_months(aj, 24);
        if (al < recruit) {
            iso(aj, p->army_join);
            iso(al, p->army_leave);
            p->army_rank = PICK(r, ((const char *const[]){"Binh nhất", "Hạ sĩ", "Trung sĩ", "Thượng sĩ"}));
        }
    }
    if (g->today_mi - bmi > 45 * 12 && rp(r, 2)) {
        if (teacher && (rd->group[1] == '2')) p->honor = "Nhà giáo ưu tú";
        else if (u->prof == P_HOSP && (p->rank == R_BSC || p->rank == R_BSCC)) p->honor = "Thầy thuốc ưu tú";
    }
    p->health = rp(r, 70) ? "Tốt" : rp(r, 85) ? "Khá" : "Trung bình";
    p->height = c.sex == SEX_MALE ? rr(r, 158, 180) : rr(r, 148, 168);
    p->weight = c.sex == SEX_MALE ? rr(r, 52, 82) : rr(r, 42, 63);
    static const struct wstr blood[] = {{"O", 42}, {"B", 30}, {"A", 21}, {"AB", 7}};
    p->blood = WPICK(r, blood);
    p->policy = rb(r, 1000) < 10 ? "Con thương binh" : rb(r, 1000) < 3 ? "Con liệt sĩ" : NULL;

    /* postings and title */
    int64_t title = c.role == 1 ? g->title_ids[u->head_t] : c.role == 2 ? g->title_ids[u->dep_t] : 0;
    const char *position = c.role == 1 ? titledefs[u->head_t].position
                           : c.role == 2 ? titledefs[u->dep_t].position : rd->position;
    p->position = position;
    p->title_id = title;
    cdate from = recruit > g->reform ? recruit : g->reform;
    const char *reason = recruit > g->reform ? "Tuyển dụng" : "Sắp xếp tổ chức bộ máy, chính quyền địa phương hai cấp";
    cdate moved_from = ymd(2025, 8, 1);
    if (recruit < g->reform && g->today > moved_from && g->nunits > 1 && rp(r, c.role ? 10 : 6)) {
        int months = g->today_mi - month_index(2025, 8);
        int mmi = month_index(2025, 8) + rb(r, months + 1);
        cdate mv = ymd(month_index_year(mmi), month_index_month(mmi), 1);
        if (mv > g->today) mv = g->today;
        if (mv > g->reform) {
            int other = 1 + rb(r, g->nunits - 1);
            if (other == ui) other = other + 1 < g->nunits ? other + 1 : 1;
            if (other != ui) {
                struct post_row *q = &p->post[p->npost++];
                q->unit = g->units[other].id;
                q->position = rd->position;
                q->title = 0;
                iso(g->reform, q->from);
                iso(mv, q->to);
                snprintf(q->dec, sizeof q->dec, "%d/QĐ-UBND", rr(r, 100, 4999));
                q->reason = "Sắp xếp tổ chức bộ máy, chính quyền địa phương hai cấp";
                from = mv;
                reason = c.role ? "Điều động, bổ nhiệm" : "Điều động";
            }
        }
    }
    struct post_row *q = &p->post[p->npost++];
    q->unit = u->id;
    q->position = position;
    q->title = title;
    iso(from, q->from);
    q->to[0] = '\0';
    snprintf(q->dec, sizeof q->dec, "%d/QĐ-UBND", rr(r, 100, 4999));
    q->reason = reason;
    if (title) scpy(p->title_since, sizeof p->title_since, q->from);

    /* work before the reform (28) */
    if (recruit < g->reform && rp(r, 25)) {
        p->has_work = 1;
        ym(recruit, p->work_from);
        scpy(p->work_desc, sizeof p->work_desc, rd->position);
        scat(p->work_desc, sizeof p->work_desc, ", cơ quan, đơn vị trước sắp xếp thuộc ");
        scat(p->work_desc, sizeof p->work_desc, g->plc);
    }

    /* family (30) */
    {
        int ty = year_of(g->today);
        struct fam_row *f = &p->fam[p->nfam++];
        f->rel = "Bố đẻ";
        f->by = by - rr(r, 23, 36);
        gen_name(g, r, SEX_MALE, f->by, eth, fam_name, f->name, sizeof f->name, NULL);
        scpy(f->details, sizeof f->details, ty - f->by > 78 && rp(r, 60) ? "Đã mất" : ty - f->by >= 62 ? (rp(r, 50) ? "Nghỉ hưu" : "Làm ruộng") : PICK(r, ((const char *const[]){"Làm ruộng", "Buôn bán", "Công nhân", "Lao động tự do"})));
        scat(f->details, sizeof f->details, "; ");
        scat(f->details, sizeof f->details, p->home_town);
        f = &p->fam[p->nfam++];
        f->rel = "Mẹ đẻ";
        f->by = by - rr(r, 20, 33);
        gen_name(g, r, SEX_FEMALE, f->by, eth, NULL, f->name, sizeof f->name, NULL);
        scpy(f->details, sizeof f->details, ty - f->by > 82 && rp(r, 50) ? "Đã mất" : ty - f->by >= 60 ? (rp(r, 40) ? "Nghỉ hưu" : "Nội trợ") : PICK(r, ((const char *const[]){"Làm ruộng", "Buôn bán", "Nội trợ", "Công nhân"})));
        scat(f->details, sizeof f->details, "; ");
        scat(f->details, sizeof f->details, p->home_town);
        int age = ty - by;
        if (age >= 25 && rp(r, age >= 30 ? 88 : 55)) {
            f = &p->fam[p->nfam++];
            int ssex = c.sex == SEX_MALE ? SEX_FEMALE : SEX_MALE;
            f->rel = c.sex == SEX_MALE ? "Vợ" : "Chồng";
            f->by = c.sex == SEX_MALE ? by + rr(r, 0, 6) : by - rr(r, 0, 6);
            gen_name(g, r, ssex, f->by, eth, NULL, f->name, sizeof f->name, NULL);
            scpy(f->details, sizeof f->details, PICK(r, ((const char *const[]){"Giáo viên", "Kế toán", "Kinh doanh", "Công chức", "Viên chức", "Nhân viên văn phòng", "Bác sĩ", "Kỹ sư", "Nội trợ", "Công nhân"})));
            char cfam[32];
            if (c.sex == SEX_MALE) scpy(cfam, sizeof cfam, fam_name);
            else {
                size_t k = 0;
                while (f->name[k] && f->name[k] != ' ' && k + 1 < sizeof cfam) { cfam[k] = f->name[k]; k++; }
                cfam[k] = '\0';
            }
            int mother_by = c.sex == SEX_FEMALE ? by : f->by;
            int nkids = rb(r, 100) < 12 ? 0 : rb(r, 100) < 35 ? 1 : rb(r, 100) < 85 ? 2 : 3;
            int kid_y = mother_by + rr(r, 23, 30);
            for (int k = 0; k < nkids && p->nfam < MAX_FAM && kid_y <= ty; k++) {
                f = &p->fam[p->nfam++];
                f->rel = "Con";
                f->by = kid_y;
                int ks = rp(r, 50) ? SEX_MALE : SEX_FEMALE;
                gen_name(g, r, ks, kid_y, eth, cfam, f->name, sizeof f->name, NULL);
                int ka = ty - kid_y;
                scpy(f->details, sizeof f->details, ka < 6 ? "Còn nhỏ" : ka < 18 ? "Học sinh" : ka < 23 ? "Sinh viên" : "Đi làm");
                kid_y += rr(r, 2, 6);
            }
        }
    }

    /* awards (21), discipline (22) */
    {
        int ty = year_of(g->today), y0 = year_of(recruit) + 1;
        if (y0 < 2005) y0 = 2005;
        int y1 = ty - 1;
        int na = rb(r, 100) < 55 ? 0 : rb(r, 100) < 67 ? 1 : rb(r, 100) < 80 ? 2 : 3;
        if (c.role == 1 && na < 2) na++;
        for (int k = 0; k < na && y0 <= y1; k++) {
            struct award_row *a = &p->award[p->naward++];
            a->year = rr(r, y0, y1);
            int kind = rb(r, 100);
            if (kind < 55) { a->form = "Giấy khen"; authority_of(g, u, a->authority, sizeof a->authority); }
            else if (kind < 80) { a->form = "Chiến sĩ thi đua cơ sở"; authority_of(g, u, a->authority, sizeof a->authority); }
            else if (kind < 97) { a->form = "Bằng khen"; scpy(a->authority, sizeof a->authority, "Chủ tịch UBND "); scat(a->authority, sizeof a->authority, g->plc); }
            else { a->form = "Bằng khen"; scpy(a->authority, sizeof a->authority, "Thủ tướng Chính phủ"); }
            snprintf(a->dec, sizeof a->dec, "%d/QĐ-%s", rr(r, 10, 4999), kind >= 97 ? "TTg" : "UBND");
        }
        if (rb(r, 1000) < 12 && y0 <= ty) {
            p->has_disc = 1;
            p->disc_year = rr(r, y0, ty);
            p->disc_form = rp(r, 70) ? "Khiển trách" : "Cảnh cáo";
            authority_of(g, u, p->disc_authority, sizeof p->disc_authority);
            snprintf(p->disc_dec, sizeof p->disc_dec, "%d/QĐ-UBND", rr(r, 10, 4999));
            cdate e = ymd(p->disc_year, rr(r, 1, 12), rr(r, 1, 28));
            if (e > g->today) e = g->today;
            iso(e, p->disc_eff);
            p->disc_reason = PICK(r, ((const char *const[]){"Vi phạm quy định về thời giờ làm việc",
                                                            "Chậm giải quyết hồ sơ thủ tục hành chính",
                                                            "Vi phạm quy chế làm việc của cơ quan",
                                                            "Thiếu trách nhiệm trong thực hiện nhiệm vụ được giao"}));
        }
    }

    /* main duty (13) */
    if (c.role == 1) p->main_duty = "Phụ trách chung";
    else if (c.role == 2) p->main_duty = "Giúp người đứng đầu phụ trách lĩnh vực được phân công";
    else if (teacher && mcat == M_PED) p->main_duty = "Giảng dạy";
    else if (mcat == M_MED) p->main_duty = "Khám bệnh, chữa bệnh";
    else if (mcat == M_NURSE) p->main_duty = "Chăm sóc người bệnh";
    else if (mcat == M_ACC) p->main_duty = "Kế toán";
    else if (p->rank == R_NV) p->main_duty = "Hành chính, phục vụ";
    else p->main_duty = "Tham mưu, giúp việc trong lĩnh vực được phân công";
    return 0;
}

/* ------------------------------------------------------------------------
 * Insertion of a generated chunk. */
static int bind_person(sqlite3_stmt *st, int b, const struct gen *g, const struct gperson *p)
{
    const struct sal_row *s = &p->sal[p->nsal - 1];
    int i = b;
    bi(st, ++i, p->id);
    bt(st, ++i, p->cccd);
    bt(st, ++i, p->full_name);
    bt(st, ++i, p->fold);
    bt(st, ++i, p->sort_key);
    bt(st, ++i, p->birth);
    bi(st, ++i, p->sex);
    bt(st, ++i, p->birth_place);
    bt(st, ++i, p->home_town);
    bi(st, ++i, p->eth_id);
    bi(st, ++i, p->rel_id);
    bt(st, ++i, p->perm_addr);
    bt(st, ++i, p->cur_addr);
    bt(st, ++i, p->phone);
    bt(st, ++i, p->email);
    bt(st, ++i, p->occupation);
    bt(st, ++i, p->recruit);
    bt(st, ++i, p->recruit_agency);
    bt(st, ++i, p->main_duty);
    bt(st, ++i, p->gen_edu);
    bt(st, ++i, p->prof_level);
    bt(st, ++i, p->prof_major);
    bt(st, ++i, p->theory);
    bt(st, ++i, p->mgmt);
    bt(st, ++i, p->language);
    bt(st, ++i, p->it);
    bt(st, ++i, p->party_join);
    bt(st, ++i, p->party_official);
    bt(st, ++i, p->mass_org);
    bt(st, ++i, p->army_join);
    bt(st, ++i, p->army_leave);
    bt(st, ++i, p->army_rank);
    bt(st, ++i, p->honor);
    bt(st, ++i, p->health);
    bi(st, ++i, p->height);
    bi(st, ++i, p->weight);
    bt(st, ++i, p->blood);
    bt(st, ++i, p->policy);
    bt(st, ++i, p->id_issue);
    bt(st, ++i, p->bhxh);
    bi(st, ++i, g->units[p->unit].id);
    bt(st, ++i, p->position);
    if (p->title_id) bi(st, ++i, p->title_id); else sqlite3_bind_null(st, ++i);
    bt(st, ++i, p->title_since);
    bt(st, ++i, rankdefs[s->rank].code);
    bi(st, ++i, s->step);
    bi(st, ++i, s->coef);
    bt(st, ++i, s->from);
    bi(st, ++i, s->vk);
    bt(st, ++i, g->now);
    bt(st, ++i, g->now);
    return i - b;
}

/* Multi-row inserts: groups of GROUP rows, then single rows. */
#define FLUSH_ROWS(sqlg, sql1, ncols, COUNT, BIND)                                             \
    do {                                                                                       \
        int nref = 0;                                                                          \
        for (int pi = 0; pi < n; pi++) {                                                       \
            const struct gperson *p = &chunk[pi];                                              \
            for (int j = 0; j < (COUNT); j++) { g->refs[nref].pi = pi; g->refs[nref].ji = j; nref++; } \
        }                                                                                      \
        int kk = 0;                                                                            \
        for (; kk + GROUP <= nref; kk += GROUP) {                                              \
            sqlite3_stmt *st = db_stmt(g->d, sqlg);                                            \
            if (!st) return -1;                                                                \
            for (int m = 0; m < GROUP; m++) {                                                  \
                const struct gperson *p = &chunk[g->refs[kk + m].pi];                          \
                int j = g->refs[kk + m].ji, b = m * (ncols);                                   \
                BIND;                                                                          \
            }                                                                                  \
            if (step_done(g->d, st)) return -1;                                                \
        }                                                                                      \
        for (; kk < nref; kk++) {                                                              \
            sqlite3_stmt *st = db_stmt(g->d, sql1);                                            \
            if (!st) return -1;                                                                \
            const struct gperson *p = &chunk[g->refs[kk].pi];                                  \
            int j = g->refs[kk].ji, b = 0;                                                     \
            BIND;                                                                              \
            if (step_done(g->d, st)) return -1;                                                \
        }                                                                                      \
    } while (0)

static int insert_chunk(struct gen *g, const struct gperson *chunk, int n)
{
    int k = 0;
    for (; k + PGROUP <= n; k += PGROUP) {
        sqlite3_stmt *st = db_stmt(g->d, SQL_STAGEP);
        if (!st) return -1;
        for (int m = 0; m < PGROUP; m++) bind_person(st, m * PERSON_NCOLS, g, &chunk[k + m]);
        if (step_done(g->d, st)) return -1;
    }
    for (; k < n; k++) {
        sqlite3_stmt *st = db_stmt(g->d, SQL_STAGE1);
        if (!st) return -1;
        bind_person(st, 0, g, &chunk[k]);
        if (step_done(g->d, st)) return -1;
    }
    FLUSH_ROWS(SQL_PSTG, SQL_PST1, 8, p->npost, {
        const struct post_row *q = &p->post[j];
        bi(st, b + 1, p->id);
        bi(st, b + 2, q->unit);
        bt(st, b + 3, q->position);
        if (q->title) bi(st, b + 4, q->title); else sqlite3_bind_null(st, b + 4);
        bt(st, b + 5, q->from);
        bt(st, b + 6, q->to);
        bt(st, b + 7, q->dec);
        bt(st, b + 8, q->reason);
    });
    FLUSH_ROWS(SQL_SALG, SQL_SAL1, 7, p->nsal, {
        const struct sal_row *s = &p->sal[j];
        bi(st, b + 1, p->id);
        bt(st, b + 2, rankdefs[s->rank].code);
        bi(st, b + 3, s->step);
        bi(st, b + 4, s->coef);
        bi(st, b + 5, s->vk);
        bt(st, b + 6, s->from);
        bt(st, b + 7, j + 1 < p->nsal ? p->sal[j + 1].from : NULL);
    });
    FLUSH_ROWS(SQL_FAMG, SQL_FAM1, 5, p->nfam, {
        const struct fam_row *f = &p->fam[j];
        bi(st, b + 1, p->id);
        bt(st, b + 2, f->rel);
        bt(st, b + 3, f->name);
        bi(st, b + 4, f->by);
        bt(st, b + 5, f->details);
    });
    FLUSH_ROWS(SQL_TRNG, SQL_TRN1, 7, p->ntrain, {
        const struct train_row *t = &p->train[j];
        bi(st, b + 1, p->id);
        bt(st, b + 2, t->school);
        bt(st, b + 3, t->major);
        bt(st, b + 4, t->from);
        bt(st, b + 5, t->to);
        bt(st, b + 6, t->form);
        bt(st, b + 7, t->degree);
    });
    FLUSH_ROWS(SQL_AWDG, SQL_AWD1, 5, p->naward, {
        const struct award_row *a = &p->award[j];
        bi(st, b + 1, p->id);
        bi(st, b + 2, a->year);
        bt(st, b + 3, a->form);
        bt(st, b + 4, a->authority);
        bt(st, b + 5, a->dec);
    });
    FLUSH_ROWS(SQL_WRKG, SQL_WRK1, 3, p->has_work, {
        (void)j;
        bi(st, b + 1, p->id);
        bt(st, b + 2, p->work_from);
        bt(st, b + 3, p->work_desc);
    });
    for (int i = 0; i < n; i++) {
        const struct gperson *p = &chunk[i];
        if (!p->has_disc) continue;
        sqlite3_stmt *st = db_stmt(g->d, SQL_DISC);
        if (!st) return -1;
        bi(st, 1, p->id);
        bi(st, 2, p->disc_year);
        bt(st, 3, p->disc_form);
        bt(st, 4, p->disc_authority);
        bt(st, 5, p->disc_dec);
        bt(st, 6, p->disc_eff);
        bt(st, 7, p->disc_reason);
        if (step_done(g->d, st)) return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * Producer: one thread generates chunks of people (sequentially, so the
 * CCCD counters stay deterministic) while the caller's thread inserts. */
#define NBUF 4

struct ring {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct gperson *buf[NBUF];
    int count[NBUF];
    long produced, consumed;   /* chunk sequence numbers */
    int stop, failed;
};

struct producer {
    struct gen *g;
    struct ring *rg;
    long n;
    int batch;
};

/* Chunk sizes never cross a batch boundary; both sides use this. */
static int chunk_size(long done, long n, int batch)
{
    long in_batch = done % batch, left_batch = batch - in_batch, left = n - done;
    long c = left < left_batch ? left : left_batch;
    return c < CHUNK ? (int)c : CHUNK;
}

static void *producer_main(void *arg)
{
    struct producer *pr = arg;
    struct gen *g = pr->g;
    struct ring *rg = pr->rg;
    long done = 0, seq = 0;
    int ui = 0;
    long off = 0;
    while (done < pr->n) {
        pthread_mutex_lock(&rg->mu);
        while (!rg->stop && rg->produced - rg->consumed >= NBUF) pthread_cond_wait(&rg->cv, &rg->mu);
        int stop = rg->stop;
        pthread_mutex_unlock(&rg->mu);
        if (stop) return NULL;
        int slot = (int)(seq % NBUF), cn = chunk_size(done, pr->n, pr->batch), ok = 1;
        for (int k = 0; k < cn && ok; k++) {
            while (ui < g->nunits && off >= g->units[ui].count) { ui++; off = 0; }
            if (ui >= g->nunits || gen_person(g, done + k, ui, off, &rg->buf[slot][k]) != 0) {
                fprintf(stderr, "demo: cannot generate person %ld\n", done + k);
                ok = 0;
            }
            off++;
        }
        pthread_mutex_lock(&rg->mu);
        if (!ok) rg->failed = 1;
        rg->count[slot] = cn;
        rg->produced = ++seq;
        pthread_cond_broadcast(&rg->cv);
        pthread_mutex_unlock(&rg->mu);
        if (!ok) return NULL;
        done += cn;
    }
    return NULL;
}

/* ------------------------------------------------------------------------
 * Setup: lookups, today, retirement bounds. */
static int lookup_id(db *d, const char *sql, const char *key, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st) return -1;
    db_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) {
        fprintf(stderr, "demo: reference value \"%s\" missing (migration 0002)\n", key);
        return -1;
    }
    return 0;
}

static int count_rows(db *d, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

static int setup(struct gen *g)
{
    for (int t = 0; t < T_COUNT; t++)
        if (lookup_id(g->d, "SELECT id FROM ref_title WHERE code = ?1", titledefs[t].code, &g->title_ids[t])) return -1;
    g->eth_tab = strcmp(g->prov->code, "12") ? eth_other : eth_danang;
    g->neth = strcmp(g->prov->code, "12") ? NELEM(eth_other) : NELEM(eth_danang);
    g->eth_kinh = g->eth_cotu = g->eth_hoa = g->eth_tay = g->eth_nung = g->eth_muong = -1;
    for (int i = 0; i < g->neth; i++) {
        const char *s = g->eth_tab[i].s;
        if (lookup_id(g->d, "SELECT id FROM ref_ethnicity WHERE name = ?1", s, &g->eth_ids[i])) return -1;
        if (!strcmp(s, "Kinh")) g->eth_kinh = i;
        else if (!strcmp(s, "Cơ-tu")) g->eth_cotu = i;
        else if (!strcmp(s, "Hoa")) g->eth_hoa = i;
        else if (!strcmp(s, "Tày")) g->eth_tay = i;
        else if (!strcmp(s, "Nùng")) g->eth_nung = i;
        else if (!strcmp(s, "Mường")) g->eth_muong = i;
    }
    for (int i = 0; i < NELEM(religions); i++)
        if (lookup_id(g->d, "SELECT id FROM ref_religion WHERE name = ?1", religions[i].s, &g->rel_ids[i])) return -1;
    for (int k = 0; k < R_COUNT; k++) {
        int64_t one;
        if (lookup_id(g->d, "SELECT 1 FROM ref_rank WHERE code = ?1", rankdefs[k].code, &one)) return -1;
        g->rank_sg[k] = salary_group_find(rankdefs[k].group);
        if (!g->rank_sg[k]) { fprintf(stderr, "demo: salary group %s unknown\n", rankdefs[k].group); return -1; }
    }
    g->today = date_today();
    int y, m, dd;
    date_to_ymd(g->today, &y, &m, &dd);
    g->today_mi = month_index(y, m);
    if (date_parse_iso(REFORM_ISO, &g->reform) != 0) return -1;
    if (g->reform > g->today) g->reform = g->today;
    for (int sex = SEX_MALE; sex <= SEX_FEMALE; sex++) {
        g->min_bmi[sex] = g->today_mi - 12 * 22;
        for (int bmi = g->today_mi - 12 * 70; bmi < g->today_mi - 12 * 22; bmi++) {
            struct retire_result rt;
            if (retire_compute(month_index_year(bmi), month_index_month(bmi), (enum sex)sex, &rt) != 0) continue;
            if (rt.retire_date >= g->today) { g->min_bmi[sex] = bmi; break; }
        }
    }
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(g->now, sizeof g->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return 0;
}

static int insert_units(struct gen *g)
{
    for (int i = 0; i < g->nunits; i++) {
        struct dunit *u = &g->units[i];
        sqlite3_stmt *st = db_stmt(g->d, "INSERT INTO unit (created_on) VALUES ('" REFORM_ISO "')");
        if (!st || step_done(g->d, st)) return -1;
        u->id = db_last_id(g->d);
        char detail[512] = "{\"unit_id\":";
        char num[32];
        snprintf(num, sizeof num, "%" PRId64, u->id);
        scat(detail, sizeof detail, num);
        scat(detail, sizeof detail, ",\"name\":");
        json_str(detail, sizeof detail, u->name);
        scat(detail, sizeof detail, ",\"type\":");
        json_str(detail, sizeof detail, u->type);
        if (u->parent >= 0) {
            snprintf(num, sizeof num, ",\"parent_id\":%" PRId64, g->units[u->parent].id);
            scat(detail, sizeof detail, num);
        }
        scat(detail, sizeof detail, ",\"source\":\"demo\"}");
        st = db_stmt(g->d, "INSERT INTO unit_event (kind, effective, decision_no, detail, created_by, created_at)"
                           " VALUES ('create', '" REFORM_ISO "', ?1, ?2, NULL, ?3)");
        if (!st) return -1;
        bt(st, 1, u->kind == K_ROOT ? "202/2025/QH15" : NULL);
        bt(st, 2, detail);
        bt(st, 3, g->now);
        if (step_done(g->d, st)) return -1;
        int64_t ev = db_last_id(g->d);
        long h = u->count;
        long quota = h + (h / 20 > 1 ? h / 20 : 1);
        st = db_stmt(g->d, "INSERT INTO unit_version (unit_id, valid_from, valid_to, name, code, type, parent_id, quota, event_id)"
                           " VALUES (?1, '" REFORM_ISO "', NULL, ?2, ?3, ?4, ?5, ?6, ?7)");
        if (!st) return -1;
        bi(st, 1, u->id);
        bt(st, 2, u->name);
        bt(st, 3, u->code);
        bt(st, 4, u->type);
        if (u->parent >= 0) bi(st, 5, g->units[u->parent].id); else sqlite3_bind_null(st, 5);
        bi(st, 6, quota);
        bi(st, 7, ev);
        if (step_done(g->d, st)) return -1;
    }
    char today[11];
    iso(g->today, today);
    if (db_unit_closure_rebuild(g->d, today) != 0) return -1;
    char after[256];
    snprintf(after, sizeof after, "{\"units\":%d,\"province\":", g->nunits);
    json_str(after, sizeof after, g->pname);
    scat(after, sizeof after, "}");
    return audit_append(g->d, &(struct actor){0, "system"}, "demo.units", "unit", 0, NULL, after);
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void gen_free(struct gen *g)
{
    free(g->communes);
    free(g->units);
    free(g->cccd_ctr);
    free(g->chunk);
    free(g->refs);
}

/* Bulk-load settings for this connection, restored afterwards: foreign-key
 * enforcement off (the generator writes consistent rows; children may
 * precede their person inside a batch), and a rollback journal without
 * fsync instead of WAL, so new pages are written once. A batch stays atomic
 * against SIGKILL (the hot journal rolls it back on the next open); only an
 * OS crash or power loss during the run can damage the file. If another
 * connection holds the database the journal mode simply stays WAL. */
static void bulk_begin(db *d)
{
    db_exec(d, "PRAGMA foreign_keys=OFF");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_handle(d), "PRAGMA journal_mode=TRUNCATE", -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {}
        sqlite3_finalize(st);
    }
    db_exec(d, "PRAGMA synchronous=OFF");
}

static void bulk_end(db *d)
{
    sqlite3_exec(db_handle(d), SQL_STAGE_DROP, NULL, NULL, NULL);
    db_exec(d, "PRAGMA synchronous=NORMAL");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_handle(d), "PRAGMA journal_mode=WAL", -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {}
        sqlite3_finalize(st);
    }
    db_exec(d, "PRAGMA foreign_keys=ON");
}

int demo_generate(db *d, const struct demo_opts *o, struct demo_stats *stats)
{
    double t0 = mono();
    struct gen gs, *g = &gs;
    memset(g, 0, sizeof *g);
    g->d = d;
    g->seed = o->seed;
    long n = o->people > 0 ? o->people : 0;
    int batch = o->batch > 0 ? o->batch : 50000;
    int progress = o->progress < 0 ? isatty(STDERR_FILENO) : o->progress;
    const char *shared = o->shared_dir ? o->shared_dir : getenv("CANBO_SHARED");
    if (!shared || !*shared) shared = "../shared";
    int rc = -1, bulk = 0, thread = 0;
    pthread_t tid;
    struct ring rg;
    memset(&rg, 0, sizeof rg);
    pthread_mutex_init(&rg.mu, NULL);
    pthread_cond_init(&rg.cv, NULL);
    if (stats) memset(stats, 0, sizeof *stats);

    if (db_in_tx(d)) {
        fprintf(stderr, "demo: must not run inside a transaction\n");
        goto out;
    }
    int64_t have = 0;
    if (count_rows(d, "SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM unit)", &have)) goto out;
    if (have > 0) {
        fprintf(stderr, "demo: the database already holds units or people; use a fresh database\n");
        goto out;
    }
    if (load_geography(g, shared, o->province && *o->province ? o->province : "Đà Nẵng") != 0) goto out;
    if (setup(g) != 0) goto out;

    /* schools per commune grow with the population asked for */
    if (build_tree(g, 1) != 0) goto out;
    long natural = 0;
    for (int i = 0; i < g->nunits; i++) natural += g->units[i].natural;
    int copies = 1;
    while (copies < 20 && (double)n / (double)natural > (double)(copies + 1) * (copies + 1)) copies++;
    if (copies > 1) {
        g->nunits = 0;
        if (build_tree(g, copies) != 0) goto out;
    }
    allocate(g, n);

    g->cccd_ctr = calloc(100, sizeof *g->cccd_ctr);
    g->chunk = malloc((size_t)NBUF * CHUNK * sizeof *g->chunk);
    g->refs = malloc((size_t)CHUNK * MAX_SAL * sizeof *g->refs);
    if (!g->cccd_ctr || !g->chunk || !g->refs) { fprintf(stderr, "demo: out of memory\n"); goto out; }
    for (int i = 0; i < NBUF; i++) rg.buf[i] = g->chunk + (size_t)i * CHUNK;

    if (db_begin(d) != 0) goto out;
    if (insert_units(g) != 0) { db_rollback(d); goto out; }
    if (db_commit(d) != 0) goto out;

    int64_t maxid = 0;
    if (count_rows(d, "SELECT COALESCE(MAX(id), 0) FROM person", &maxid)) goto out;
    g->first_id = maxid + 1;

    bulk_begin(d);
    bulk = 1;
    if (db_exec(d, SQL_STAGE_CREATE) != 0) goto out;
    struct producer pr = {g, &rg, n, batch};
    if (n > 0) {
        if (pthread_create(&tid, NULL, producer_main, &pr) != 0) { fprintf(stderr, "demo: no thread\n"); goto out; }
        thread = 1;
    }
    long done = 0, seq = 0;
    while (done < n) {
        long bn = n - done < batch ? n - done : batch;
        if (db_begin(d) != 0) goto out;
        long left = bn;
        while (left > 0) {
            pthread_mutex_lock(&rg.mu);
            while (rg.produced <= seq && !rg.failed) pthread_cond_wait(&rg.cv, &rg.mu);
            int failed = rg.failed && rg.produced <= seq + 1;
            pthread_mutex_unlock(&rg.mu);
            int slot = (int)(seq % NBUF), cn = rg.count[slot];
            if (failed || cn != chunk_size(done + (bn - left), n, batch) ||
                insert_chunk(g, rg.buf[slot], cn) != 0) {
                db_rollback(d);
                goto out;
            }
            pthread_mutex_lock(&rg.mu);
            rg.consumed = ++seq;
            pthread_cond_broadcast(&rg.cv);
            pthread_mutex_unlock(&rg.mu);
            left -= cn;
        }
        sqlite3_stmt *st = db_stmt(d, SQL_STAGE_FLUSH);
        if (!st || step_done(d, st)) { db_rollback(d); goto out; }
        st = db_stmt(d, SQL_STAGE_CLEAR);
        if (!st || step_done(d, st)) { db_rollback(d); goto out; }
        char after[256];
        snprintf(after, sizeof after, "{\"count\":%ld,\"first_id\":%" PRId64 ",\"last_id\":%" PRId64 ",\"seed\":%" PRIu64 ",\"province\":",
                 bn, g->first_id + done, g->first_id + done + bn - 1, g->seed);
        json_str(after, sizeof after, g->pname);
        scat(after, sizeof after, "}");
        if (audit_append(d, &(struct actor){0, "system"}, "demo.generate", "person", 0, NULL, after) != 0) {
            db_rollback(d);
            goto out;
        }
        if (db_commit(d) != 0) goto out;
        done += bn;
        if (progress) fprintf(stderr, "\rdemo: %ld / %ld people (%.0f s)", done, n, mono() - t0);
    }
    if (progress && n > 0) fputc('\n', stderr);
    if (stats) {
        stats->people = n;
        stats->units = g->nunits;
        stats->first_person_id = g->first_id;
        stats->seconds = mono() - t0;
    }
    rc = 0;
out:
    if (thread) {
        pthread_mutex_lock(&rg.mu);
        rg.stop = 1;
        pthread_cond_broadcast(&rg.cv);
        pthread_mutex_unlock(&rg.mu);
        pthread_join(tid, NULL);
    }
    if (bulk) bulk_end(d);
    pthread_mutex_destroy(&rg.mu);
    pthread_cond_destroy(&rg.cv);
    gen_free(g);
    return rc;
}

/* ------------------------------------------------------------------------
 * Demo users. */
static int64_t one_id(db *d, const char *sql, int64_t arg, char *name, size_t cap)
{
    sqlite3_stmt *st = db_stmt(d, sql);
    if (!st) return -1;
    if (arg) db_bind_int(st, 1, arg);
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        if (name) scpy(name, cap, sqlite3_column_count(st) > 1 && db_col_text(st, 1) ? db_col_text(st, 1) : "");
    }
    sqlite3_reset(st);
    return id;
}

int demo_create_users(db *d, const char *password)
{
    if (!password || strlen(password) < 8) {
        fprintf(stderr, "demo: the demo users' password must have at least 8 characters\n");
        return -1;
    }
    struct { const char *username, *role; int64_t unit, person; char display[128]; } u[4];
    memset(u, 0, sizeof u);
    int64_t snv = one_id(d, "SELECT unit_id FROM unit_version WHERE name = 'Sở Nội vụ' AND type = 'department'"
                            " AND valid_to IS NULL ORDER BY unit_id LIMIT 1", 0, NULL, 0);
    int64_t xa = one_id(d, "SELECT unit_id FROM unit_version WHERE type IN ('ward', 'commune')"
                           " AND valid_to IS NULL ORDER BY unit_id LIMIT 1", 0, NULL, 0);
    if (snv <= 0 || xa <= 0) {
        fprintf(stderr, "demo: run the generator first (no Sở Nội vụ or commune found)\n");
        return -1;
    }
    u[0].username = "canbo.noivu"; u[0].role = "officer"; u[0].unit = snv;
    u[0].person = one_id(d, "SELECT p.id, p.full_name FROM person p JOIN unit_closure c ON c.descendant = p.unit_id"
                            " WHERE c.ancestor = ?1 AND p.title_id IS NULL ORDER BY p.id LIMIT 1",
                         snv, u[0].display, sizeof u[0].display);
    u[1].username = "canbo.xa"; u[1].role = "officer"; u[1].unit = xa;
    u[1].person = one_id(d, "SELECT p.id, p.full_name FROM person p JOIN unit_closure c ON c.descendant = p.unit_id"
                            " WHERE c.ancestor = ?1 AND p.title_id IS NULL ORDER BY p.id LIMIT 1",
                         xa, u[1].display, sizeof u[1].display);
    u[2].username = "lanhdao.noivu"; u[2].role = "leader"; u[2].unit = snv;
    u[2].person = one_id(d, "SELECT p.id, p.full_name FROM person p JOIN ref_title t ON t.id = p.title_id"
                            " WHERE p.unit_id = ?1 AND t.code = 'GD_SO' ORDER BY p.id LIMIT 1",
                         snv, u[2].display, sizeof u[2].display);
    u[3].username = "nhanvien"; u[3].role = "staff";
    {
        sqlite3_stmt *st = db_stmt(d, "SELECT p.id, p.full_name, p.unit_id FROM person p JOIN unit_closure c"
                                      " ON c.descendant = p.unit_id WHERE c.ancestor = ?1 AND p.title_id IS NULL"
                                      " AND p.id <> ?2 ORDER BY p.id LIMIT 1");
        if (!st) return -1;
        db_bind_int(st, 1, snv);
        db_bind_int(st, 2, u[0].person);
        u[3].person = 0;
        if (sqlite3_step(st) == SQLITE_ROW) {
            u[3].person = sqlite3_column_int64(st, 0);
            scpy(u[3].display, sizeof u[3].display, db_col_text(st, 1) ? db_col_text(st, 1) : "");
            u[3].unit = sqlite3_column_int64(st, 2);
        }
        sqlite3_reset(st);
    }
    if (!u[3].unit) u[3].unit = snv;

    char hash[4][256];
    for (int i = 0; i < 4; i++)
        if (auth_hash_password(password, hash[i], sizeof hash[i]) != 0) {
            fprintf(stderr, "demo: password hashing failed\n");
            return -1;
        }
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);

    int own_tx = !db_in_tx(d);
    if (own_tx && db_begin(d) != 0) return -1;
    char after[1024] = "{\"users\":[";
    int created = 0;
    for (int i = 0; i < 4; i++) {
        sqlite3_stmt *st = db_stmt(d, "INSERT INTO app_user (username, pw_hash, role, unit_id, person_id, display_name,"
                                      " active, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7)"
                                      " ON CONFLICT (username) DO NOTHING");
        if (!st) goto fail;
        db_bind_text(st, 1, u[i].username);
        db_bind_text(st, 2, hash[i]);
        db_bind_text(st, 3, u[i].role);
        if (u[i].unit) db_bind_int(st, 4, u[i].unit); else db_bind_null(st, 4);
        if (u[i].person) db_bind_int(st, 5, u[i].person); else db_bind_null(st, 5);
        db_bind_text(st, 6, u[i].display[0] ? u[i].display : u[i].username);
        db_bind_text(st, 7, now);
        if (db_step_done(st) != 0) goto fail;
        if (db_changes(d) == 1) {
            if (created++) scat(after, sizeof after, ",");
            json_str(after, sizeof after, u[i].username);
        }
    }
    scat(after, sizeof after, "]}");
    if (created && audit_append(d, &(struct actor){0, "system"}, "demo.users", "app_user", 0, NULL, after) != 0)
        goto fail;
    if (own_tx && db_commit(d) != 0) return -1;
    for (int i = 0; i < 4; i++) memset(hash[i], 0, sizeof hash[i]);
    return 0;
fail:
    fprintf(stderr, "demo: cannot create users: %s\n", db_errmsg(d));
    if (own_tx) db_rollback(d);
    return -1;
}

/* ------------------------------------------------------------------------
 * Command line. */
int cli_demo(int argc, char **argv)
{
    const char *path = NULL;
    struct demo_opts o = {.people = 5000, .province = "Đà Nẵng", .seed = 1, .batch = 50000, .progress = -1};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!strcmp(a, "--db") && v) { path = v; i++; }
        else if (!strcmp(a, "--people") && v) {
            errno = 0;
            long x = strtol(v, &end, 10);
            if (errno || *end || x < 0 || x > 10000000) { fprintf(stderr, "demo: --people must be 0..10000000\n"); return 2; }
            o.people = x;
            i++;
        } else if (!strcmp(a, "--seed") && v) {
            errno = 0;
            unsigned long long x = strtoull(v, &end, 10);
            if (errno || *end || v[0] == '-') { fprintf(stderr, "demo: --seed must be a non-negative integer\n"); return 2; }
            o.seed = x;
            i++;
        } else if (!strcmp(a, "--province") && v) { o.province = v; i++; }
        else if (!strcmp(a, "--batch") && v) {
            long x = strtol(v, &end, 10);
            if (*end || x < 1 || x > 1000000) { fprintf(stderr, "demo: --batch must be 1..1000000\n"); return 2; }
            o.batch = (int)x;
            i++;
        } else {
            fprintf(stderr, "usage: canbo demo --db FILE [--people N] [--province NAME] [--seed S]\n");
            return 2;
        }
    }
    if (!path) { fprintf(stderr, "demo: --db FILE is required\n"); return 2; }
    db *d = NULL;
    if (db_open(path, DB_OPEN_BULK, &d) != 0) return 1;
    int rc = 1;
    struct demo_stats st;
    if (db_migrate(d) != 0) goto out;
    if (demo_generate(d, &o, &st) != 0) goto out;
    const char *pw = getenv("CANBO_DEMO_PASSWORD");
    if (pw && *pw) {
        if (demo_create_users(d, pw) != 0) goto out;
        printf("demo: users canbo.noivu, canbo.xa, lanhdao.noivu, nhanvien (password from CANBO_DEMO_PASSWORD)\n");
    }
    printf("demo: %ld people in %d units, %.1f s\n", st.people, st.units, st.seconds);
    rc = 0;
out:
    db_close(d);
    return rc;
}
