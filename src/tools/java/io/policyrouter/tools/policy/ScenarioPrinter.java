package io.policyrouter.tools.policy;

import io.policyrouter.policy.Decision;


/** Prints a scenario's decision compactly (run with -Dscenarios.print=true) when writing new scenarios. */
public final class ScenarioPrinter {

    private ScenarioPrinter() {
    }

    public static String print(Scenario s, Decision d) {
        StringBuilder sb = new StringBuilder("### ").append(s.file()).append(": ").append(s.note()).append('\n');
        if (d.refusal() != null) {
            sb.append("  REFUSED: ").append(d.refusal().getReason()).append(" | constraint=").append(d.refusal().getConstraint()).append('\n');
        } else {
            sb.append("  primary=").append(d.primary().model()).append(" (").append(d.primary().chosenBy()).append(") fallbacks=")
                    .append(d.fallbacks().stream().map(Decision.Target::model).toList()).append(" strategy=").append(d.strategy())
                    .append(" tier=").append(d.latencyTier().name()).append('\n');
        }
        if (d.requirement() != null) {
            sb.append("  need ").append(d.requirement()).append('\n');
        }
        d.firedRules().forEach(r -> sb.append("  - ").append(r.rule()).append(r.row() == null ? "" : " [row " + r.row() + "]")
                .append(": ").append(r.reason()).append('\n'));
        d.notes().forEach(n -> sb.append("  note: ").append(n).append('\n'));
        return sb.toString();
    }
}
