-- canbo schema, version 1.
-- Conventions: dates are ISO text 'YYYY-MM-DD' (months 'YYYY-MM'); effective-dated
-- rows cover [valid_from, valid_to) with valid_to NULL while open; money and
-- coefficients are integers (coefficient x 100). SQL stays in the subset that
-- SQLite and PostgreSQL both speak, except the FTS5 index (db/ hides it).

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Reference data ----------------------------------------------------------
CREATE TABLE ref_salary_step (
  salary_group TEXT NOT NULL, step INTEGER NOT NULL, coef_x100 INTEGER NOT NULL,
  PRIMARY KEY (salary_group, step));
CREATE TABLE ref_rank (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, salary_group TEXT NOT NULL,
  rank_group TEXT NOT NULL,            -- Luật CBCC 2025 Art. 24 group
  source TEXT NOT NULL);
CREATE TABLE ref_ethnicity (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
  code_1979 TEXT, code_2008 TEXT);
CREATE TABLE ref_religion (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, gso_code TEXT);
-- kind: 'professional' (15.2), 'theory' (15.3), 'mgmt' (15.4), 'it' (15.6), 'language' (15.5)
CREATE TABLE ref_level (
  kind TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, ord INTEGER NOT NULL,
  PRIMARY KEY (kind, code));
CREATE TABLE ref_title (
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  level INTEGER NOT NULL,              -- 1 = highest
  allowance_x100 INTEGER, is_leader INTEGER NOT NULL DEFAULT 1);

-- Organisation tree (effective-dated) --------------------------------------
CREATE TABLE unit (
  id INTEGER PRIMARY KEY, created_on TEXT NOT NULL, ended_on TEXT);
CREATE TABLE unit_event (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, effective TEXT NOT NULL,
  decision_no TEXT, detail TEXT NOT NULL, created_by INTEGER, created_at TEXT NOT NULL);
CREATE TABLE unit_version (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  valid_from TEXT NOT NULL, valid_to TEXT,
  name TEXT NOT NULL, code TEXT, type TEXT NOT NULL,
  parent_id INTEGER REFERENCES unit(id),
  quota INTEGER,                        -- biên chế
  event_id INTEGER REFERENCES unit_event(id));
CREATE INDEX unit_version_unit ON unit_version(unit_id, valid_from);
CREATE INDEX unit_version_parent ON unit_version(parent_id, valid_from);
-- Current tree (as of today) as a closure table, rebuilt on every tree event.
CREATE TABLE unit_closure (
  ancestor INTEGER NOT NULL, descendant INTEGER NOT NULL, depth INTEGER NOT NULL,
  PRIMARY KEY (ancestor, descendant)) WITHOUT ROWID;

-- People (Mẫu 2C-BNV/2008) ---------------------------------------------------
CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  cccd TEXT NOT NULL UNIQUE,            -- 25: 12-digit citizen ID, the identifier
  full_name TEXT NOT NULL,              -- 1
  other_names TEXT,                     -- 2
  name_fold TEXT NOT NULL,              -- search form (no case, no diacritics)
  sort_key TEXT NOT NULL,               -- Vietnamese name order
  birth_date TEXT NOT NULL,             -- 3
  birth_precision INTEGER NOT NULL DEFAULT 0,  -- 0 full, 1 year-month, 2 year
  sex INTEGER NOT NULL CHECK (sex IN (1, 2)),
  birth_place TEXT,                     -- 4
  home_town TEXT,                       -- 5
  ethnicity_id INTEGER REFERENCES ref_ethnicity(id),  -- 6
  religion_id INTEGER REFERENCES ref_religion(id),    -- 7
  permanent_address TEXT,               -- 8
  current_address TEXT,                 -- 9
  phone TEXT, email TEXT,
  occupation_at_recruitment TEXT,       -- 10
  recruitment_date TEXT,                -- 11
  recruitment_agency TEXT,
  main_duty TEXT,                       -- 13
  general_education TEXT,               -- 15.1
  professional_level TEXT,              -- 15.2 (ref_level professional)
  professional_major TEXT,
  theory_level TEXT,                    -- 15.3
  mgmt_level TEXT,                      -- 15.4
  foreign_language TEXT,                -- 15.5
  it_level TEXT,                        -- 15.6
  party_join_date TEXT,                 -- 16
  party_official_date TEXT,
  mass_org TEXT,                        -- 17
  army_join_date TEXT,                  -- 18
  army_leave_date TEXT,
  army_rank TEXT,
  honor_title TEXT,                     -- 19
  strengths TEXT,                       -- 20
  health_status TEXT,                   -- 23 (sensitive: health)
  height_cm INTEGER, weight_kg INTEGER, blood_type TEXT,
  war_invalid_grade TEXT,               -- 24
  policy_family TEXT,
  id_issue_date TEXT,                   -- 25
  social_insurance_no TEXT,             -- 26
  history_arrest TEXT,                  -- 29 (sensitive: political history)
  history_old_regime TEXT,
  history_foreign TEXT,
  remarks TEXT,                         -- 32
  -- Current state, maintained by db/ in the same transaction as the dated
  -- history rows below (an index for scope, lists and filters; never edited alone).
  unit_id INTEGER REFERENCES unit(id),
  position TEXT,
  title_id INTEGER REFERENCES ref_title(id),
  title_since TEXT,
  rank_code TEXT REFERENCES ref_rank(code),
  salary_step INTEGER, coef_x100 INTEGER, salary_since TEXT, vk_percent INTEGER,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired', 'left')),
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  row_version INTEGER NOT NULL DEFAULT 1);
CREATE INDEX person_unit ON person(unit_id, sort_key);
CREATE INDEX person_sort ON person(sort_key);
CREATE INDEX person_rank ON person(rank_code);
CREATE INDEX person_title ON person(title_id) WHERE title_id IS NOT NULL;
CREATE INDEX person_birth ON person(birth_date);

CREATE VIRTUAL TABLE person_fts USING fts5(
  name_fold, content = 'person', content_rowid = 'id',
  tokenize = 'ascii', prefix = '1 2 3', detail = 'column');
CREATE TRIGGER person_fts_ai AFTER INSERT ON person BEGIN
  INSERT INTO person_fts(rowid, name_fold) VALUES (new.id, new.name_fold);
END;
CREATE TRIGGER person_fts_ad AFTER DELETE ON person BEGIN
  INSERT INTO person_fts(person_fts, rowid, name_fold) VALUES ('delete', old.id, old.name_fold);
END;
CREATE TRIGGER person_fts_au AFTER UPDATE OF name_fold ON person BEGIN
  INSERT INTO person_fts(person_fts, rowid, name_fold) VALUES ('delete', old.id, old.name_fold);
  INSERT INTO person_fts(rowid, name_fold) VALUES (new.id, new.name_fold);
END;

-- 12, 28: postings (unit, job position, leadership title), effective-dated.
CREATE TABLE posting (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  unit_id INTEGER NOT NULL REFERENCES unit(id),
  position TEXT,                        -- vị trí việc làm
  title_id INTEGER REFERENCES ref_title(id),
  concurrent INTEGER NOT NULL DEFAULT 0,
  valid_from TEXT NOT NULL, valid_to TEXT,
  decision_no TEXT, reason TEXT);
CREATE INDEX posting_person ON posting(person_id, valid_from);
CREATE INDEX posting_unit_open ON posting(unit_id) WHERE valid_to IS NULL;
-- 14, 31: rank, step and coefficient, effective-dated.
CREATE TABLE salary_history (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  rank_code TEXT NOT NULL REFERENCES ref_rank(code),
  step INTEGER NOT NULL, coef_x100 INTEGER NOT NULL, vk_percent INTEGER NOT NULL DEFAULT 0,
  valid_from TEXT NOT NULL, valid_to TEXT, decision_no TEXT);
CREATE INDEX salary_person ON salary_history(person_id, valid_from);
-- 27
CREATE TABLE training (
  id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),
  school TEXT NOT NULL, major TEXT, from_month TEXT, to_month TEXT,
  form TEXT, degree TEXT);
CREATE INDEX training_person ON training(person_id, from_month);
-- 28 (free-text lines beyond the postings canbo records itself)
CREATE TABLE work_history (
  id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),
  from_month TEXT NOT NULL, to_month TEXT, description TEXT NOT NULL);
CREATE INDEX work_history_person ON work_history(person_id, from_month);
-- 30 (sensitive: family)
CREATE TABLE family_member (
  id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),
  side TEXT NOT NULL CHECK (side IN ('self', 'spouse')),
  relation TEXT NOT NULL, full_name TEXT NOT NULL, birth_year INTEGER,
  details TEXT, political_history TEXT);
CREATE INDEX family_person ON family_member(person_id, side);
-- 21
CREATE TABLE award (
  id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),
  year INTEGER NOT NULL, form TEXT NOT NULL, authority TEXT, decision_no TEXT);
CREATE INDEX award_person ON award(person_id, year);
-- 22
CREATE TABLE discipline (
  id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),
  year INTEGER NOT NULL, form TEXT NOT NULL, authority TEXT, decision_no TEXT,
  effective TEXT, reason TEXT);
CREATE INDEX discipline_person ON discipline(person_id, year);

-- Users, sessions, self-service proposals ----------------------------------
CREATE TABLE app_user (
  id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, pw_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'leader', 'staff')),
  unit_id INTEGER REFERENCES unit(id), person_id INTEGER REFERENCES person(id),
  display_name TEXT, active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL);
CREATE TABLE session (
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES app_user(id),
  csrf TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE change_request (
  id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id),
  requested_by INTEGER NOT NULL REFERENCES app_user(id), created_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'decided')),
  changes TEXT NOT NULL,                -- {"field": new value}
  decisions TEXT,                       -- {"field": "accepted" | "rejected"}
  decided_by INTEGER REFERENCES app_user(id), decided_at TEXT, note TEXT);
CREATE INDEX change_request_person ON change_request(person_id, status);

-- Audit trail: append-only, hash-chained (hash = SHA-256 of prev_hash and the row).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id INTEGER, username TEXT,
  action TEXT NOT NULL, entity TEXT NOT NULL, entity_id INTEGER,
  before TEXT, after TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
