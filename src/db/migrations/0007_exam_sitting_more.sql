-- canbo schema, version 7: the online sitting beyond the shared contract of
-- migration 6 (issue 5; docs/exam-sitting.md). One-time sign-in codes (only
-- their SHA-256 is kept), candidate sessions (not user sessions: they reach
-- only /api/v1/sitting/*), and incidents reported by the candidate's browser.
-- Times are UTC "YYYY-MM-DDTHH:MM:SS.mmmZ" like exam_attempt.
CREATE TABLE exam_code (
  candidate_id INTEGER PRIMARY KEY REFERENCES exam_candidate(id),
  sitting_id INTEGER NOT NULL REFERENCES exam_sitting(id),
  code_hash TEXT NOT NULL UNIQUE,            -- hex SHA-256 of the code; the code is shown once
  issued_at TEXT NOT NULL,
  issued_by INTEGER REFERENCES app_user(id),
  generation INTEGER NOT NULL DEFAULT 1,     -- 1 = first issue, +1 per reissue
  used_at TEXT                               -- the sign-in that consumed it (one sign-in per code)
);
CREATE INDEX exam_code_sitting ON exam_code(sitting_id);

CREATE TABLE exam_csession (
  token_hash TEXT PRIMARY KEY,               -- hex SHA-256 of the cookie token
  candidate_id INTEGER NOT NULL REFERENCES exam_candidate(id),
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX exam_csession_candidate ON exam_csession(candidate_id);

CREATE TABLE exam_incident (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES exam_candidate(id),
  kind TEXT NOT NULL CHECK (kind IN ('reconnect', 'focus_loss', 'visibility', 'offline', 'signin')),
  detail TEXT,                               -- client's short note (≤ 200 bytes)
  client_at TEXT,                            -- the client's clock, as sent (not trusted)
  at TEXT NOT NULL                           -- server clock
);
CREATE INDEX exam_incident_candidate ON exam_incident(candidate_id, id);
CREATE TRIGGER exam_incident_no_update BEFORE UPDATE ON exam_incident
BEGIN SELECT RAISE(ABORT, 'incidents are append-only'); END;
CREATE TRIGGER exam_incident_no_delete BEFORE DELETE ON exam_incident
BEGIN SELECT RAISE(ABORT, 'incidents are append-only'); END;
