package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;


/**
 * Health data: medical record / patient / health-insurance identifiers after their cue, and clinical terms
 * (conditions, medications, drug-name stems, dosages) when a personal or clinical cue stands in the same sentence —
 * "I was diagnosed with diabetes" is health data, "what causes diabetes?" is not.
 */
final class MedicalDetector {

    private static final CueList ID_CUES = CueList.of("mrn", "medical record", "medical record number", "medical record no",
        "patient id", "patient number", "patient no", "patient #", "health id", "health card", "health card number",
        "health insurance number", "nhs number", "nhs no", "medicare number", "medicare id", "medicaid id",
        "medical file", "medical id", "chart number", "hospital number", "case number", "member id", "ehr",
        "health record", "record number");
    private static final CueList PERSONAL_CUES = CueList.of("diagnosed", "diagnosis", "suffer", "suffers", "suffering",
        "suffered", "i have", "i've", "i had", "he has", "she has", "they have", "has been", "my", "his", "her",
        "patient", "patients", "prescribed", "prescription", "taking", "takes", "took", "treated", "treatment",
        "complaining", "complains", "presents", "presented", "tested positive", "positive for",
        "admitted", "medication", "medications", "dose", "dosage", "doctor", "physician", "therapist", "psychiatrist",
        "recovering", "relapse", "battling", "living with", "struggling with", "year old", "year-old", "mg");
    private static final String[] DRUG_STEMS = {"mab", "tinib", "pril", "sartan", "olol", "statin", "prazole",
        "oxetine", "azepam", "azolam", "cillin", "mycin", "cycline", "floxacin", "tidine", "dipine", "gliptin",
        "gliflozin", "glutide", "parin", "triptan", "lukast", "setron", "semide", "thiazide", "profen", "codone",
        "morphone", "conazole", "vudine", "navir", "tegravir"};

    private final Gazetteer gazetteer;
    private final PiiLexicon lexicon = PiiLexicon.get();

    MedicalDetector(Gazetteer gazetteer) {
        this.gazetteer = gazetteer;
    }

    void detect(String text, PiiTokens t, SpanSet out) {
        int[] found = new int[1];
        for (int i = 0; i < t.size; i++) {
            int s = t.start[i];
            if (t.kind[i] != PiiTokens.WORD) {
                if ((t.lexAll & PiiLexicon.TRIGGER_MEDICAL_ID) != 0 && idToken(t, i)
                        && ID_CUES.distanceBefore(text, idStart(text, s), 30) <= 12) {
                    int e = idEnd(text, t.end[i]);
                    if (!out.claimed(idStart(text, s), e)) {
                        out.add(DataClass.MEDICAL, idStart(text, s), e);
                    }
                }
                continue;
            }
            if (t.length(i) < 3) {
                continue;
            }
            int last = lexicon.longestTerm(t, i, found);
            boolean term = last >= 0;
            if (!term && t.length(i) >= 7 && drugStem(text, s, t.end[i])
                    && (t.gaz(gazetteer, i) & Gazetteer.COMMON) == 0) {
                term = true;
                last = i;
            }
            if (!term && t.cap(i) && dosageAfter(text, t.end[i]) && (t.gaz(gazetteer, i) & Gazetteer.COMMON) == 0) {
                term = true;
                last = i;
            }
            if (term && personalCue(text, s)) {
                if (!out.claimed(s, t.end[last])) {
                    out.add(DataClass.MEDICAL, s, t.end[last]);
                }
                i = last;
            }
        }
    }

    private static boolean idToken(PiiTokens t, int i) {
        int digits = 0;
        for (int k = t.start[i]; k < t.end[i]; k++) {
            if (Chars.isDigit(t.text.charAt(k))) {
                digits++;
            }
        }
        return digits >= 4 || digits >= 3 && t.kind[i] == PiiTokens.ALNUM;
    }

    /** Identifier start, including a leading '#' and a letter prefix joined by '-' or '_' ("AHC-0933289"). */
    private static int idStart(String text, int s) {
        int k = s;
        while (k > 0 && s - k < 12 && (Chars.isAsciiAlnum(text.charAt(k - 1)) || text.charAt(k - 1) == '-'
                || text.charAt(k - 1) == '_') && (Chars.isAsciiAlnum(text.charAt(k - 1)) || k - 1 > 0
                && Chars.isAsciiAlnum(text.charAt(k - 2)))) {
            k--;
        }
        if (k > 0 && text.charAt(k - 1) == '#') {
            k--;
        }
        return k;
    }

    private static int idEnd(String text, int e) {
        int n = text.length();
        int k = e;
        while (k + 1 < n && (text.charAt(k) == '-' || text.charAt(k) == '_') && Chars.isAsciiAlnum(text.charAt(k + 1))) {
            k++;
            while (k < n && Chars.isAsciiAlnum(text.charAt(k))) {
                k++;
            }
        }
        return k;
    }

    /** Stems indexed by their last letter, so a word is compared with a handful of stems at most. */
    private static final String[][] STEMS_BY_LAST = new String[26][];

    static {
        java.util.List<java.util.List<String>> b = new java.util.ArrayList<>();
        for (int i = 0; i < 26; i++) {
            b.add(new java.util.ArrayList<>());
        }
        for (String stem : DRUG_STEMS) {
            b.get(stem.charAt(stem.length() - 1) - 'a').add(stem);
        }
        for (int i = 0; i < 26; i++) {
            STEMS_BY_LAST[i] = b.get(i).toArray(new String[0]);
        }
    }

    private static boolean drugStem(String text, int s, int e) {
        char last = (char) (text.charAt(e - 1) | 0x20);
        if (last < 'a' || last > 'z') {
            return false;
        }
        for (String stem : STEMS_BY_LAST[last - 'a']) {
            if (e - s > stem.length() + 2 && text.regionMatches(true, e - stem.length(), stem, 0, stem.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean dosageAfter(String text, int e) {
        int n = text.length();
        int k = e;
        if (k < n && text.charAt(k) == ' ') {
            k++;
        }
        int d = k;
        while (k < n && k - d < 5 && (Chars.isDigit(text.charAt(k)) || text.charAt(k) == '.')) {
            k++;
        }
        if (k == d) {
            return false;
        }
        if (k < n && text.charAt(k) == ' ') {
            k++;
        }
        for (String unit : new String[] {"mg", "mcg", "µg", "ml", "iu", "units"}) {
            if (text.regionMatches(true, k, unit, 0, unit.length()) && Chars.wordBoundary(text, k + unit.length())) {
                return true;
            }
        }
        return false;
    }

    /** A personal or clinical cue in the same sentence, at most 80 characters before the term. */
    private static boolean personalCue(String text, int s) {
        int from = s;
        while (from > 0 && s - from < 80) {
            char c = text.charAt(from - 1);
            if (c == '.' || c == '!' || c == '?' || c == '\n') {
                break;
            }
            from--;
        }
        return PERSONAL_CUES.before(text, s, s - from);
    }
}
