-- The decision store: one schema for both back-ends (PostgreSQL, and H2 in PostgreSQL mode for the embedded store).
-- Times are epoch milliseconds; documents are JSON text. Nothing here holds prompt text unless an operator enabled a
-- masked preview (decision_log.prompt-preview-chars).

CREATE TABLE decisions (
    decision_id      VARCHAR(64)  PRIMARY KEY,
    at_ms            BIGINT       NOT NULL,
    replica          VARCHAR(128) NOT NULL,
    policy_version   VARCHAR(32)  NOT NULL,
    tenant           VARCHAR(256),
    task_type        VARCHAR(32)  NOT NULL,
    tier             VARCHAR(64),
    model            VARCHAR(128),
    provider         VARCHAR(128),
    strategy         VARCHAR(16),
    refused          BOOLEAN      NOT NULL,
    degraded         BOOLEAN      NOT NULL,
    estimated_cost   DOUBLE PRECISION NOT NULL,
    facts            TEXT         NOT NULL,
    explanation      TEXT         NOT NULL
);
CREATE INDEX decisions_at ON decisions (at_ms);
CREATE INDEX decisions_policy ON decisions (policy_version, at_ms);

CREATE TABLE dispatches (
    decision_id      VARCHAR(64)  PRIMARY KEY,
    at_ms            BIGINT       NOT NULL,
    status           INTEGER      NOT NULL,
    result           VARCHAR(64)  NOT NULL,
    model            VARCHAR(128),
    provider         VARCHAR(128),
    stream           BOOLEAN      NOT NULL,
    cost_usd         DOUBLE PRECISION,
    prompt_tokens    INTEGER,
    completion_tokens INTEGER,
    duration_ms      BIGINT       NOT NULL,
    attempts         TEXT         NOT NULL
);
CREATE INDEX dispatches_at ON dispatches (at_ms);

CREATE TABLE shadow_results (
    decision_id        VARCHAR(64)  PRIMARY KEY,
    at_ms              BIGINT       NOT NULL,
    active_version     VARCHAR(32)  NOT NULL,
    candidate_version  VARCHAR(32)  NOT NULL,
    task_type          VARCHAR(32)  NOT NULL,
    tier               VARCHAR(64),
    active_model       VARCHAR(128),
    candidate_model    VARCHAR(128),
    primary_differs    BOOLEAN      NOT NULL,
    chain_differs      BOOLEAN      NOT NULL,
    strategy_differs   BOOLEAN      NOT NULL,
    refusal_differs    BOOLEAN      NOT NULL,
    cost_delta_usd     DOUBLE PRECISION NOT NULL,
    responsible        TEXT         NOT NULL
);
CREATE INDEX shadow_candidate ON shadow_results (candidate_version, at_ms);

-- Which compiled policy answers, shared by every replica (one row), and every change to it.
CREATE TABLE policy_state (
    id               INTEGER      PRIMARY KEY,
    active_version   VARCHAR(32)  NOT NULL,
    previous_version VARCHAR(32),
    changed_at_ms    BIGINT       NOT NULL
);
CREATE TABLE policy_changes (
    at_ms            BIGINT       NOT NULL,
    actor            VARCHAR(128) NOT NULL,
    action           VARCHAR(16)  NOT NULL,
    from_version     VARCHAR(32),
    to_version       VARCHAR(32)  NOT NULL,
    replica          VARCHAR(128) NOT NULL
);
CREATE INDEX policy_changes_at ON policy_changes (at_ms);

-- What happened after a decision: from the caller (POST /v1/feedback) or recorded by dispatch itself.
CREATE TABLE feedback (
    decision_id      VARCHAR(64)  NOT NULL,
    source           VARCHAR(128) NOT NULL,
    at_ms            BIGINT       NOT NULL,
    outcome          VARCHAR(32)  NOT NULL,
    score            DOUBLE PRECISION,
    detail           VARCHAR(512),
    PRIMARY KEY (decision_id, source)
);
CREATE INDEX feedback_at ON feedback (at_ms);
