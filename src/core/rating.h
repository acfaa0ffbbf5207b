/* The year's quality rating (xếp loại chất lượng), rules.md §1:
 *  - NĐ 335/2025/NĐ-CP (công chức from 2026): annual score = average of the
 *    period scores (Art. 21), bands and KHT triggers (Art. 20);
 *  - NĐ 90/2020/NĐ-CP (+ NĐ 48/2023): criteria-based levels (Art. 8-15),
 *    the discipline principles (NĐ 48/2023), lawful absence (Art. 20);
 *  - legacy NĐ 56/2015 levels, stored only.
 * Pure functions over plain structs: no I/O, no allocation. */
#ifndef CANBO_CORE_RATING_H
#define CANBO_CORE_RATING_H
#include <stddef.h>
#include <stdint.h>

#include "core/regime.h"

/* The four levels of Luật CBCC (2019) Art. 58, ordered KHT < HTNV < HTT < HTXS. */
enum rating_level {
    LEVEL_UNDETERMINED = 0, /* the criteria reach no level: the competent level decides */
    LEVEL_KHT = 1,
    LEVEL_HTNV = 2,
    LEVEL_HTT = 3,
    LEVEL_HTXS = 4,
    LEVEL_NOT_RATED = 5,    /* not rated (absence >= 6 months, no period worked) */
};
/* "HTXS", "HTT", "HTNV", "KHT", "undetermined", "not_rated". */
const char *rating_level_code(enum rating_level l);
/* "Hoàn thành xuất sắc nhiệm vụ", ... */
const char *rating_level_name(enum rating_level l);
/* Parses "HTXS"/"HTT"/"HTNV"/"KHT" (exact). 0 when unknown. */
enum rating_level rating_level_parse(const char *s);

/* Legacy NĐ 56/2015 levels (before 2020), stored for history only; they do
 * not map onto the four current levels. */
enum legacy_level {
    LEGACY_HTXS = 1,
    LEGACY_HTT = 2,
    LEGACY_HTNV = 3,
    LEGACY_HTNV_HAN_CHE = 4, /* "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực" */
    LEGACY_KHT = 5,
};
const char *legacy_level_code(enum legacy_level l);
const char *legacy_level_name(enum legacy_level l);
enum legacy_level legacy_level_parse(const char *code);

/* The level of a historic year rating as stored under regime `rg`, from a
 * code ("HTXS", "htnv_han_che"; case ignored) or the Vietnamese label
 * ("Hoàn thành tốt nhiệm vụ"; case, diacritics and punctuation ignored):
 *  - current regimes: the four levels of Luật CBCC (2019) Art. 58, stored
 *    as "HTXS" / "HTT" / "HTNV" / "KHT";
 *  - legacy regimes with a level list (rg->legacy_levels): its legacy codes,
 *    stored lower-case ("htnv_han_che");
 *  - rg->free_levels (no list encoded): the trimmed text itself, 1-100 bytes
 *    of valid UTF-8.
 * Writes the stored form into buf (cap >= 101) and returns buf, or NULL when
 * the text names no level of that regime. */
const char *rating_history_level(const struct eval_regime *rg, const char *text, char *buf, size_t cap);

/* ---- discipline ---- */
enum disc_kind { DISC_PARTY = 1, DISC_ADMIN = 2 };
/* Forms, ordered by severity; party and administrative forms share the scale
 * only for the "khiển trách or higher" test. */
enum disc_form {
    DISC_KHIEN_TRACH = 1,
    DISC_CANH_CAO = 2,
    DISC_HA_BAC_LUONG = 3,
    DISC_GIANG_CHUC = 4,
    DISC_CACH_CHUC = 5,
    DISC_BUOC_THOI_VIEC = 6,
    DISC_KHAI_TRU = 7,
};
enum disc_form disc_form_parse(const char *code); /* "khien_trach", ... ; 0 when unknown */

struct discipline {
    int violation;      /* caller's id: decisions for the same violation share it */
    enum disc_kind kind;
    enum disc_form form;
    int effective_year; /* year the decision takes effect */
    int prior_kht_year; /* 0, or a year before the rated one in which this violation,
                           not yet disciplined, was already used to rate KHT */
};

/* Index of the first decision that counts for rating `year` (⇒ KHT), or -1.
 * With regime->discipline_principles (NĐ 48/2023): a violation already used to
 * rate KHT in a prior year is not counted again; party and administrative
 * decisions for the same violation count once, in the earliest year one takes
 * effect. *skipped (optional) receives the number of decisions effective in
 * `year` that were not counted because of these principles. */
int rating_discipline_counts(const struct eval_regime *regime, const struct discipline *d,
                             size_t n, int year, int *skipped);

/* ---- NĐ 90/2020 criteria ---- */
enum general_criteria { GEN_FAILS = 0, GEN_MEETS = 1, GEN_GOOD = 2 }; /* Art. 3 §1-4 */
struct nd90_criteria {
    enum general_criteria general;
    /* own tasks (criteria of the work plan) */
    int tasks_total, tasks_completed, tasks_not_ensured, tasks_over;
    /* leaders: the unit or field led (Art. 3 §5a) */
    int targets_total, targets_completed, targets_on_time, targets_over;
    /* leaders: directly managed sub-units and their own ratings */
    int subunits_total, subunits_htnv_or_above, subunits_htt_or_above;
};

/* KHT triggers (bit mask in rating_result.kht). */
enum {
    KHT_SCORE = 1 << 0,       /* NĐ 335 Art. 20: score < 50 */
    KHT_DEGRADATION = 1 << 1, /* concluded degradation / forbidden acts / example duty */
    KHT_DISCIPLINE = 1 << 2,  /* disciplined in the year (khiển trách or higher) */
    KHT_CORRUPTION = 1 << 3,  /* leader: a directly managed unit's corruption handled by law */
    KHT_CRITERIA_B = 1 << 4,  /* NĐ 90: >50% of the task criteria not ensured */
    KHT_UNIT_TARGETS = 1 << 5,/* NĐ 90 leaders: unit completes < 50% of its targets */
};

struct rating_input {
    int year;
    enum eval_category category;
    int leader;
    /* NĐ 335: period scores in hundredths of a point, periods actually worked,
     * including those carried over from a previous unit (Art. 21). */
    const int32_t *periods;
    size_t nperiods;
    int periods_absent;  /* lawful-absence periods left out (for the explanation) */
    int carried_over;    /* how many of `periods` came from the previous unit */
    /* NĐ 90 */
    struct nd90_criteria crit;
    /* both */
    int degradation;
    int unit_corruption; /* leaders only */
    const struct discipline *disc;
    size_t ndisc;
    int absence_months;  /* lawful absence in the year, whole months */
    int maternity;       /* the absence is maternity leave */
};

#define RATING_EXPLAIN_MAX 14
#define RATING_EXPLAIN_LEN 640

struct rating_result {
    const struct eval_regime *regime;
    enum rating_level level;      /* final */
    enum rating_level base_level; /* from the score or the criteria, before triggers and caps */
    int has_score;
    int32_t score;                /* annual score, hundredths (NĐ 335) */
    unsigned kht;                 /* KHT_* triggers that applied */
    int absence_capped;           /* 1 when the absence cap lowered the level */
    int discipline_index;         /* counting decision, or -1 */
    int discipline_skipped;
    int nexplain;
    char explain[RATING_EXPLAIN_MAX][RATING_EXPLAIN_LEN];
};

/* Error codes of rating_compute (negative). */
enum {
    RATING_EINVAL = -1,     /* bad argument or inconsistent counts */
    RATING_ENOREGIME = -2,  /* no regime for the year and category */
    RATING_ELEGACY = -3,    /* the regime is legacy: levels can only be stored */
};

/* The band of a score in hundredths under a scored regime (NĐ 335 Art. 20).
 * LEVEL_UNDETERMINED when the regime has no score. */
enum rating_level rating_band(const struct eval_regime *regime, int32_t score);

/* The NĐ 90/2020 level from the criteria alone (Art. 8-15), with the KHT
 * conditions (b) and, for leaders, the unit-target and corruption ones.
 * *kht receives the KHT_* bits that applied. */
enum rating_level rating_nd90_level(const struct eval_regime *regime, int leader,
                                    const struct nd90_criteria *c, unsigned *kht);

/* One period of the year as stored by the workflow (NĐ 335/2025 Art. 21):
 * its score when scored, and the lawful absence recorded on it. */
enum absence_reason { ABSENCE_NONE = 0, ABSENCE_SICK = 1, ABSENCE_MATERNITY = 2, ABSENCE_OTHER_LAWFUL = 3 };
/* "sick", "maternity", "other_lawful"; 0 when unknown. */
enum absence_reason absence_reason_parse(const char *code);
const char *absence_reason_code(enum absence_reason r);
const char *absence_reason_name(enum absence_reason r);

struct rating_period {
    int scored;          /* 1: score holds the period score */
    int32_t score;       /* hundredths */
    int not_worked;      /* 1: the whole period was not worked (lawful absence) */
    int32_t absence_days;/* days of lawful absence in the period */
    enum absence_reason reason;
};

/* Fills the period members of *in from the year's periods (Art. 21: rated on
 * the periods actually worked): in->periods = `scores` (caller's buffer of
 * `cap`), nperiods = the scored periods that were worked, periods_absent = the
 * periods not worked; in->maternity = 1 when every period not worked was
 * maternity leave and there is at least one. *absence_days (optional)
 * receives the total days of lawful absence. -1 on a bad argument, a worked
 * period without a score, a not-worked period with a score or without a
 * reason, or more scored periods than cap. */
int rating_periods_collect(const struct rating_period *p, size_t n, int32_t *scores, size_t cap,
                           struct rating_input *in, int32_t *absence_days);

/* Rates one person for in->year under the regime in force on 31/12 of it.
 * Returns 0 or a negative RATING_E* code. */
int rating_compute(const struct rating_input *in, struct rating_result *out);

#endif
