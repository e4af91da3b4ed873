package io.policyrouter.annotate;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A follow-up is a short turn that only makes sense against the previous answer ("why?", "make it shorter",
 * "and in Python?"). Only possible when the conversation has a history or a previous model.
 */
public final class FollowUpDetector {

    static final int MAX_WORDS = 14;
    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{Punct}？！。，]");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private static final Set<String> OPENERS = Set.of("why", "and", "also", "but", "so", "then", "what about",
            "how about", "more", "continue", "go on", "elaborate", "explain", "again", "shorter", "longer",
            "simpler", "rewrite", "rephrase", "translate it", "same", "ok", "okay", "thanks", "thank you",
            "now", "can you", "could you", "please", "another", "one more", "instead", "really", "are you sure",
            "为什么", "继续", "然后", "那", "再");
    private static final Set<String> REFERENCES = Set.of("it", "that", "this", "those", "these", "they", "them",
            "above", "previous", "earlier", "last", "your answer", "you said", "the code", "the text", "the list",
            "the story", "the email", "same", "again", "instead", "这个", "那个", "上面", "刚才");

    public boolean detect(String lastTurn, boolean conversationHasHistory) {
        if (!conversationHasHistory || lastTurn == null) {
            return false;
        }
        String text = lastTurn.strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty() || text.length() > 400) {
            return false;
        }
        String[] words = SPACES.split(text, MAX_WORDS + 2);
        if (words.length > MAX_WORDS) {
            return false;
        }
        String padded = " " + PUNCTUATION.matcher(text).replaceAll(" ") + " ";
        for (String opener : OPENERS) {
            if (text.startsWith(opener)) {
                return true;
            }
        }
        for (String ref : REFERENCES) {
            if (padded.contains(" " + ref + " ") || (ref.codePointAt(0) > 0x2E80 && text.contains(ref))) {
                return true;
            }
        }
        // Very short turns ("why?", "ok", "more") cannot stand on their own.
        return words.length <= 3;
    }
}
