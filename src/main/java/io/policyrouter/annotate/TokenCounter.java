package io.policyrouter.annotate;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Token counts with a real BPE tokenizer: cl100k_base (GPT-4). Other providers' tokenizers, o200k_base included,
 * differ by a few per cent on English and code; whitespace estimates are off by 30 % and more on code and Chinese,
 * which matters for context-window checks and cost estimates. cl100k because jtokkit pre-tokenises it with a
 * hand-written parser, three times faster than the regex path of o200k_base (docs/benchmarks.md).
 */
public final class TokenCounter {

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }
}
