package io.policyrouter.rest;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium (chromium or chromium-browser on PATH; .ci/run installs Debian's package) for the browser tests:
 * the DOM after the page's scripts ran, or a screenshot. Without it the calling test is skipped — unless
 * -Dpolicy.requireChromium=true (CI), which makes that a failure. Each run gets a fresh, empty profile, and no
 * background networking: the page under test is on localhost and must need nothing else.
 */
final class Chromium {

    static final List<String> NAMES = List.of("chromium", "chromium-browser");
    /** Virtual time the page gets to fetch its data and draw (it is idle long before). */
    static final int VIRTUAL_TIME_BUDGET_MS = 15_000;

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    static Path find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Skips the calling test without Chromium, or fails it when the build requires one. */
    static Chromium assumeAvailable() {
        Path binary = find();
        if (binary == null && Boolean.getBoolean("policy.requireChromium")) {
            throw new AssertionError("Chromium is required (-Dpolicy.requireChromium) but neither " + NAMES
                    + " is on PATH");
        }
        Assumptions.assumeTrue(binary != null, "no Chromium on PATH (" + String.join(", ", NAMES) + ")");
        return new Chromium(binary);
    }

    /** The serialized DOM once the page is idle. */
    String dumpDom(String url) throws IOException, InterruptedException {
        return run(url, List.of("--dump-dom"));
    }

    /** A PNG of the page's first width × height pixels. */
    void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(url, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"));
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("Chromium wrote no screenshot to " + png);
        }
    }

    private String run(String url, List<String> mode) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        Path out = Files.createTempFile("chromium", ".out");
        Path err = Files.createTempFile("chromium", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions",
                    "--user-data-dir=" + profile, "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MS));
            command.addAll(mode);
            command.add(url);
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("Chromium did not finish within 120 s on " + url);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("Chromium exited with " + p.exitValue() + " on " + url + ":\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
