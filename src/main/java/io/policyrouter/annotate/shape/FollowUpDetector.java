package io.policyrouter.annotate.shape;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A follow-up is a turn that only makes sense against the previous answer: it points back at it ("your previous
 * response", "rework it", "you said"), or it is too short to stand alone ("why?", "and in Python?", "make it
 * shorter"). Only possible when the conversation has a history or a previous model. Reads the first
 * {@value #WINDOW} characters.
 */
public final class FollowUpDetector {

    static final int WINDOW = 240;
    static final int SHORT_WORDS = 8;
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\p{Punct}？！。，]+$");

    /** Phrases that point at the previous answer, anywhere in the opening of the turn. */
    private static final String[] BACK_REFERENCES = {"your previous", "your last", "your earlier", "your first",
            "your second", "your third", "previous response", "previous answer", "previous reply",
            "previous question", "previous example", "last response", "last answer", "the above", "above answer",
            "above response", "you said", "you mentioned", "you wrote", "you just", "you suggested", "you described",
            "you listed", "you gave", "you provided", "rework", "revise it", "rewrite it", "redo it", "do it again",
            "try again", "the same task", "the same question", "same thing", "the last one", "that one",
            "building on", "more details", "more detail"};
    /** Chinese back-references count only at the start: later, "继续" is usually part of the task itself. */
    private static final String[] CJK_BACK_REFERENCES = {"你刚才", "你上面", "上面的", "刚才的", "你之前", "之前的回答",
            "上一个", "再来", "继续"};
    private static final int CJK_START = 6;
    /** Openers that continue a conversation when the turn is short. */
    /** Openers that continue a conversation at any length. */
    private static final String[] CONTINUATIONS = {"what about", "how about", "and what", "and how", "now ",
            "then ", "also,", "in that case"};
    private static final String[] OPENERS = {"why", "and", "also", "but", "so", "then", "what about", "how about",
            "more", "continue", "go on", "elaborate", "explain", "again", "ok", "okay", "thanks", "thank you", "yes",
            "no", "sure", "now", "instead", "really", "are you sure", "is that", "can you", "could you", "please",
            "make it", "shorter", "longer", "simpler", "为什么", "然后", "那", "再", "还有"};
    /** A short turn whose object is a pronoun ("translate it", "explain that") leans on the previous answer. */
    private static final String[] PRONOUN_OBJECTS = {" it", " that", " this", " them", " those", " these", " one",
            "它", "这个", "那个"};

    public boolean detect(String turn, boolean conversationHasHistory) {
        if (!conversationHasHistory || turn == null) {
            return false;
        }
        String text = turn.strip();
        if (text.isEmpty()) {
            return false;
        }
        String head = text.substring(0, Math.min(text.length(), WINDOW)).toLowerCase(Locale.ROOT);
        for (String ref : BACK_REFERENCES) {
            if (head.contains(ref)) {
                return true;
            }
        }
        for (String ref : CJK_BACK_REFERENCES) {
            int at = head.indexOf(ref);
            if (at >= 0 && at < CJK_START) {
                return true;
            }
        }
        for (String c : CONTINUATIONS) {
            if (head.startsWith(c)) {
                return true;
            }
        }
        int words = words(text);
        if (words <= 3 && text.length() <= 40) {
            return true; // "why?", "ok", "more please": cannot stand on their own
        }
        if (words > SHORT_WORDS + 4 || text.length() > 100 || head.codePoints().anyMatch(c -> c >= 0x4E00 && c < 0xA000)
                && text.length() > 30) {
            return false;
        }
        String bare = TRAILING_PUNCTUATION.matcher(head).replaceAll("");
        for (String pronoun : PRONOUN_OBJECTS) {
            if (bare.endsWith(pronoun) || bare.contains(pronoun + " with") || bare.contains(pronoun + " in ")
                    || bare.contains(pronoun + " to ") || bare.contains(pronoun + " into")) {
                return true;
            }
        }
        if (words > SHORT_WORDS) {
            return false;
        }
        for (String opener : OPENERS) {
            if (head.startsWith(opener) && (head.length() == opener.length()
                    || !Character.isLetter(head.charAt(opener.length())))) {
                return true;
            }
        }
        return false;
    }

    private static int words(String text) {
        int words = 0;
        boolean in = false;
        for (int i = 0; i < Math.min(text.length(), WINDOW); i++) {
            char c = text.charAt(i);
            boolean letter = Character.isLetterOrDigit(c);
            if (letter && Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
                words += (i % 2 == 0) ? 1 : 0; // about two Chinese characters a word
                in = false;
                continue;
            }
            if (letter && !in) {
                words++;
            }
            in = letter;
        }
        return words;
    }
}
