package io.policyrouter.learn;

import io.policyrouter.catalog.ModelCatalog;
import io.policyrouter.catalog.ModelProfile;
import io.policyrouter.vocabulary.TaskType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a model's measured outcome for a task type has left its catalog score: the positive rate of its judged
 * outcomes, with a 95 % Wilson interval, lies wholly more than {@code margin} below (or above) the score, on at least
 * {@code minSamples} outcomes. Each flag proposes the catalog change — the score set to the measured rate — as a diff
 * of the catalog file, with its evidence. Nothing is ever applied: a person edits the catalog. Changes to the task
 * types where a weak model's errors cost most are marked as needing approval.
 */
public final class DriftReport {

    /** Task types whose score changes need a second person's approval. */
    public static final Set<String> CAPABILITY_SENSITIVE = Set.of("code", "math", "reasoning", "extraction");

    public record Flag(String model, String taskType, double catalogScore, double measured, double low, double high,
                       long outcomes, long positive, String direction, double proposedScore, boolean needsApproval,
                       String diff) {
    }

    /** A model × task type with enough outcomes, flagged or not: what was judged. */
    public record Checked(String model, String taskType, double catalogScore, double measured, double low,
                          double high, long outcomes, boolean flagged) {
    }

    public record Report(long sinceMs, double margin, int minSamples, List<Flag> flags, List<Checked> checked,
                         long tooFewOutcomes, String catalogSource, String diff) {
    }

    private DriftReport() {
    }

    public static Report of(List<OutcomeStats.Cell> cells, ModelCatalog catalog, double margin, int minSamples,
                            long sinceMs) {
        String yaml = new String(catalog.content(), StandardCharsets.UTF_8);
        List<Flag> flags = new ArrayList<>();
        List<Checked> checked = new ArrayList<>();
        long tooFew = 0;
        for (OutcomeStats.Cell c : OutcomeStats.byModelAndTask(cells)) {
            Optional<ModelProfile> model = catalog.find(c.model());
            if (model.isEmpty() || c.judged() == 0) {
                continue;
            }
            if (c.judged() < minSamples) {
                tooFew++;
                continue;
            }
            double score = model.get().score(TaskType.fromWire(c.taskType()));
            double[] ci = c.interval();
            boolean below = ci[1] < score - margin;
            boolean above = ci[0] > score + margin;
            checked.add(new Checked(c.model(), c.taskType(), score, c.positiveRate(), ci[0], ci[1], c.judged(),
                    below || above));
            if (below || above) {
                double proposed = Math.round(c.positiveRate() * 100) / 100.0;
                flags.add(new Flag(c.model(), c.taskType(), score, c.positiveRate(), ci[0], ci[1], c.judged(),
                        c.positive(), below ? "below" : "above", proposed,
                        CAPABILITY_SENSITIVE.contains(c.taskType()),
                        diff(yaml, catalog.source(), c.model(), c.taskType(), score, proposed)));
            }
        }
        flags.sort(Comparator.comparingDouble((Flag f) -> -Math.abs(f.measured() - f.catalogScore())));
        checked.sort(Comparator.comparing(Checked::model).thenComparing(Checked::taskType));
        String all = String.join("", flags.stream().map(Flag::diff).toList());
        return new Report(sinceMs, margin, minSamples, List.copyOf(flags), List.copyOf(checked), tooFew,
                catalog.source(), all);
    }

    /**
     * The proposed change as a unified-diff hunk of the catalog file: the line of the model's block that holds the
     * task type's score, before and after. Falls back to a YAML fragment when the file's layout is not recognised.
     */
    static String diff(String yaml, String source, String model, String task, double from, double to) {
        String name = source.startsWith("classpath:") ? source.substring("classpath:".length()) : source;
        String[] lines = yaml.split("\n", -1);
        int start = -1;
        Pattern id = Pattern.compile("^\\s*-\\s*id:\\s*\"?" + Pattern.quote(model) + "\"?\\s*$");
        for (int i = 0; i < lines.length && start < 0; i++) {
            if (id.matcher(lines[i]).matches()) {
                start = i;
            }
        }
        Pattern score = Pattern.compile("(\\b" + Pattern.quote(task) + ":\\s*)([0-9.]+)");
        for (int i = start + 1; start >= 0 && i < lines.length; i++) {
            if (lines[i].matches("^\\s*-\\s*id:.*")) {
                break;
            }
            Matcher m = score.matcher(lines[i]);
            if (m.find()) {
                String after = lines[i].substring(0, m.start(2)) + format(to) + lines[i].substring(m.end(2));
                return "--- " + name + "\n+++ " + name + " (proposed)\n"
                        + "@@ -" + (i + 1) + ",1 +" + (i + 1) + ",1 @@ " + model + " " + task + "\n"
                        + "-" + lines[i] + "\n+" + after + "\n";
            }
        }
        return "# " + name + ": model " + model + "\n- id: " + model + "\n  scores: {" + task + ": " + format(to)
                + "}   # was " + format(from) + "\n";
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
