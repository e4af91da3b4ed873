package io.policyrouter.annotate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Interim e-mail-only detector; replaced by the full detector (issue 3). */
public final class PiiDetector {

    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]{1,64}+@[\\w-]{1,63}+(?:\\.[\\w-]{1,63}+){1,8}+");

    public List<PiiSpan> detect(String text) {
        List<PiiSpan> spans = new ArrayList<>();
        Matcher m = EMAIL.matcher(text);
        while (m.find()) {
            spans.add(new PiiSpan(DataClass.EMAIL, m.start(), m.end()));
        }
        return spans;
    }
}
