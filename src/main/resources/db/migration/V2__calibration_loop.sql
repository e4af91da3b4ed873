-- The calibration loop: per-tenant spend (budgets) and outcome statistics read decisions by tenant and by time.
CREATE INDEX decisions_tenant ON decisions (tenant, at_ms);
CREATE INDEX dispatches_decision_at ON dispatches (at_ms, decision_id);
