package io.policyrouter.annotate.pii;

import io.policyrouter.vocabulary.DataClass;

/** One detected piece of sensitive data: its class and UTF-16 offsets [start, end) into the text. Never leaves the service. */
public record PiiSpan(DataClass type, int start, int end) {
}
