package io.policyrouter.annotate.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Word lists for names and places (see docs/annotator-sources.md for sources and licences), loaded once into one
 * {@link PhraseTable}; a token's categories cost one probe.
 */
final class Gazetteer {

    static final int FIRST = 1;
    static final int LAST = 1 << 1;
    static final int OTHER_NAME = 1 << 2;
    static final int COMMON = 1 << 3;
    static final int COUNTRY = 1 << 4;
    static final int CITY = 1 << 5;
    static final int CITY_MID = 1 << 6;
    static final int CITY_BIG = 1 << 7;
    static final int STATE = 1 << 8;
    static final int STATE_CODE = 1 << 9;
    static final int STREET_SUFFIX = 1 << 10;
    /** A first name given to at least 20,000 US babies: frequent enough to mark a person on its own in a list. */
    static final int FIRST_TOP = 1 << 11;
    /** A common word only at SCOWL level 35 (rarer): yields to a frequent first name ("Maria"). */
    static final int COMMON_RARE = 1 << 12;
    static final int PREFIX = PhraseTable.PREFIX;

    static final int NAME = FIRST | LAST | OTHER_NAME;
    static final int PLACE = COUNTRY | CITY | STATE;

    private static final String DIR = "/annotate/gazetteer/";

    final PhraseTable table = new PhraseTable(400_000);

    private static final class Holder {
        static final Gazetteer INSTANCE = new Gazetteer();
    }

    static Gazetteer shared() {
        return Holder.INSTANCE;
    }

    private Gazetteer() {
        read("first-names.txt", line -> {
            int tab = line.indexOf('\t');
            table.add(tab < 0 ? line : line.substring(0, tab), tab < 0 ? FIRST : FIRST | FIRST_TOP);
        });
        words("surnames.txt", LAST);
        words("other-names.txt", OTHER_NAME);
        read("common-words.txt", line -> {
            int tab = line.indexOf('\t');
            table.add(tab < 0 ? line : line.substring(0, tab), tab < 0 ? COMMON : COMMON | COMMON_RARE);
        });
        words("countries.txt", COUNTRY);
        words("street-suffixes.txt", STREET_SUFFIX);
        read("cities.txt", line -> {
            int tab = line.indexOf('\t');
            char size = tab < 0 ? '0' : line.charAt(tab + 1);
            int f = CITY | (size >= '1' ? CITY_MID : 0) | (size == '2' ? CITY_BIG : 0);
            table.add(tab < 0 ? line : line.substring(0, tab), f);
        });
        read("us-states.txt", line -> {
            int tab = line.indexOf('\t');
            table.add(line.substring(0, tab), STATE);
            table.add(line.substring(tab + 1), STATE_CODE);
        });
    }

    private void words(String file, int flag) {
        read(file, line -> table.add(line, flag));
    }

    static void read(String file, Consumer<String> handler) {
        try (InputStream in = Gazetteer.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing gazetteer resource " + DIR + file);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isEmpty() && line.charAt(0) != '#') {
                    handler.accept(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Categories of token k; a word with non-ASCII letters is never a common English word ("Bašić"). */
    int flags(PiiTokens t, int k) {
        int f = table.flags(t, k);
        if ((f & (COMMON_RARE | FIRST_TOP)) == (COMMON_RARE | FIRST_TOP) || t.nonAscii(k)) {
            f &= ~COMMON;
        }
        return f;
    }

    int size() {
        return table.size();
    }
}
