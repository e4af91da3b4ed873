package io.policyrouter.annotate.shape;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Token counts with a real BPE tokenizer: cl100k_base (GPT-4). Other providers' tokenizers, o200k_base included,
 * differ by a few per cent on English and code; whitespace estimates are off by 30 % and more on code and Chinese,
 * which matters for context-window checks and cost estimates. The count is exact, by {@link Cl100kCounter} (a
 * counting-only cl100k with a flat rank table, about four times faster than jtokkit's encoder on a 2 KB prompt;
 * docs/benchmarks.md), with jtokkit for the rare very long piece.
 */
public final class TokenCounter {

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    private final Cl100kCounter counter = new Cl100kCounter(encoding);

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : counter.count(wellFormed(text));
    }

    /** The same count by jtokkit's encoder: the reference the fast counter is tested against. */
    int reference(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(wellFormed(text));
    }

    /**
     * The tokenizer needs well-formed UTF-16; JSON may carry a lone surrogate ("\ud800"). Each unpaired surrogate
     * becomes U+FFFD, as an encoder would write it. Costs one scan; allocates only when there is something to fix.
     */
    static String wellFormed(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    return replaceUnpaired(text);
                }
                i++;
            }
        }
        return text;
    }

    private static String replaceUnpaired(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                sb.append(c).append(text.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }
}
