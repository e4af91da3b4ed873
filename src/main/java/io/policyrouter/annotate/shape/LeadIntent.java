package io.policyrouter.annotate.shape;

import io.policyrouter.vocabulary.TaskType;
import java.util.Locale;

/**
 * The task a prompt states explicitly: its opening imperative ("Translate ... into German", "Summarize the
 * following", "Extract all dates", "Classify ...", "Act as ...", "Write a poem ..."), a programming language named
 * together with a code action ("How do I reverse a list in Python?"), or an unmistakable request phrase anywhere in
 * its opening ("how do you say ... in Japanese", "pull out the phone number", "come up with names"). Stated intent
 * is the most reliable task signal there is and it generalises across sources, where a model trained on a few hundred
 * prompts does not; the classifier lets it win unless the model prefers code, math or reasoning. Reads at most the
 * first {@value #WINDOW} characters; no regular expressions.
 */
final class LeadIntent {

    static final int WINDOW = 160;

    private static final String[] POLITE = {"please", "kindly", "can you", "could you", "would you", "will you",
            "i want you to", "i need you to", "i would like you to", "i'd like you to", "help me", "now",
            "go ahead and", "pls", "plz"};
    private static final String[] CJK_POLITE = {"请你", "请帮我", "请", "帮我", "麻烦你", "麻烦", "你能", "能否", "可以"};

    private static final Object[][] VERBS = {
            {TaskType.TRANSLATION, new String[]{"translate", "translation of"}},
            {TaskType.SUMMARIZATION, new String[]{"summarize", "summarise", "summarization of", "tl;dr", "tldr",
                    "give me a summary", "write a summary", "provide a summary", "give a summary", "condense"}},
            {TaskType.EXTRACTION, new String[]{"extract", "pull out", "list all the", "find all the",
                    "identify all the"}},
            {TaskType.CLASSIFICATION, new String[]{"classify", "categorize", "categorise"}},
            {TaskType.BRAINSTORMING, new String[]{"brainstorm"}},
            {TaskType.ROLEPLAY, new String[]{"act as", "pretend to be", "pretend you are", "roleplay", "role-play",
                    "role play", "you are now", "play the role", "assume the role"}},
            {TaskType.CREATIVE, new String[]{"write a poem", "write a short poem", "write a haiku",
                    "write a limerick", "write a song", "write a story", "write a short story", "compose a poem",
                    "compose a song", "write a sonnet"}},
    };
    /**
     * Chinese often puts the verb after its object ("将以下句子翻译成英语", "对以下文本进行分类"): these are looked for in
     * the instruction clause, i.e. before the first colon, full stop or line break.
     */
    private static final Object[][] CJK_CLAUSE = {
            {TaskType.TRANSLATION, new String[]{"翻译", "译成", "译为"}},
            {TaskType.SUMMARIZATION, new String[]{"总结", "概括", "归纳"}},
            {TaskType.EXTRACTION, new String[]{"提取", "抽取"}},
            {TaskType.CLASSIFICATION, new String[]{"分类", "归类"}},
            {TaskType.ROLEPLAY, new String[]{"扮演"}},
    };
    private static final int CJK_CLAUSE_MAX = 30;

    /** Names that, in a request, almost always mean software (not "Rust" or "Ruby": too ambiguous). */
    private static final String[] PROGRAMMING = {"python", "java", "javascript", "typescript", "c++", "c#", "golang",
            "sql", "regex", "regular expression", "bash", "shell script", "html", "css", "json", "yaml", "numpy",
            "pandas", "pytorch", "tensorflow", "kotlin", "php", "scala", "haskell", "matlab", "powershell",
            "dockerfile", "kubernetes", "react", "django", "flask", "node.js", "nodejs", "spring boot", "jquery",
            "postgresql", "mysql", "mongodb", "excel formula", "vba"};
    private static final String[] CODE_ACTIONS = {"how do i", "how can i", "how to", "write", "implement", "fix",
            "debug", "convert", "refactor", "optimize", "function", "script", "code", "program", "query", "error",
            "exception", "class", "method", "snippet", "example", "代码", "程序", "函数", "编写", "实现", "报错"};
    private static final String[] LANGUAGES = {"english", "french", "spanish", "german", "chinese", "japanese",
            "korean", "italian", "russian", "portuguese", "arabic", "hindi", "dutch", "mandarin", "swedish", "polish",
            "turkish", "greek", "latin", "hebrew", "vietnamese", "thai", "indonesian"};
    private static final Object[][] ANYWHERE = {
            {TaskType.TRANSLATION, new String[]{"how do you say", "how would you say", "how to say", "how do i say",
                    "translate", "what is the word for", "what's the word for"}},
            {TaskType.EXTRACTION, new String[]{"pull out", "extract"}},
            {TaskType.BRAINSTORMING, new String[]{"come up with", "brainstorm", "what are some ideas",
                    "what are some names", "what are some ways", "give me some ideas", "suggest some names",
                    "suggest some ideas", "names for a", "ideas for a", "ideas for my"}},
    };
    private static final String[] CODE_HINTS = {"```", "python", "java", "javascript", "typescript", "c++", "c#",
            "golang", "rust", "sql", "code", "function", "代码", "程序"};

    private LeadIntent() {
    }

    /** The task the prompt states explicitly, or null. */
    static TaskType of(String text) {
        int n = Math.min(text.length(), WINDOW);
        String head = text.substring(0, n).toLowerCase(Locale.ROOT);
        if (anyWord(head, PROGRAMMING) && anyWord(head, CODE_ACTIONS)) {
            return TaskType.CODE;
        }
        TaskType opening = opening(head, n);
        if (opening != null) {
            return opening;
        }
        if (anyWord(head, CODE_HINTS)) {
            return null;
        }
        for (Object[] phrase : ANYWHERE) {
            if (anyWord(head, (String[]) phrase[1])) {
                TaskType t = (TaskType) phrase[0];
                if (t != TaskType.TRANSLATION || anyWord(head, LANGUAGES)) {
                    return t;
                }
            }
        }
        return null;
    }

    /** The task the opening imperative names (after polite openers), or null. */
    private static TaskType opening(String head, int n) {
        int at = skipSpaceAndQuotes(head, 0);
        boolean moved = true;
        while (moved) {
            moved = false;
            for (String p : POLITE) {
                if (startsWord(head, at, p)) {
                    at = skipSpaceAndQuotes(head, at + p.length());
                    moved = true;
                }
            }
            for (String p : CJK_POLITE) {
                if (head.startsWith(p, at)) {
                    at = skipSpaceAndQuotes(head, at + p.length());
                    moved = true;
                }
            }
        }
        TaskType found = null;
        for (Object[] verb : VERBS) {
            for (String v : (String[]) verb[1]) {
                if (startsWord(head, at, v)) {
                    found = (TaskType) verb[0];
                    break;
                }
            }
            if (found != null) {
                break;
            }
        }
        if (found == null) {
            int clause = at;
            while (clause < n && clause - at < CJK_CLAUSE_MAX && "：:。\n".indexOf(head.charAt(clause)) < 0) {
                clause++;
            }
            String instruction = head.substring(at, clause);
            for (int k = 0; found == null && k < CJK_CLAUSE.length; k++) {
                for (String v : (String[]) CJK_CLAUSE[k][1]) {
                    if (instruction.contains(v)) {
                        found = (TaskType) CJK_CLAUSE[k][0];
                        break;
                    }
                }
            }
        }
        // Translating, summarising or extracting from code is a code task: leave it to the model.
        if (found != null) {
            for (String hint : CODE_HINTS) {
                if (head.contains(hint)) {
                    return null;
                }
            }
        }
        return found;
    }

    /** Whether any of the phrases occurs in {@code s} as whole words. */
    private static boolean anyWord(String s, String[] phrases) {
        for (String p : phrases) {
            for (int i = s.indexOf(p); i >= 0; i = s.indexOf(p, i + 1)) {
                // Chinese has no spaces and symbols ("c++") end no word: no boundary needed for those.
                boolean start = i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)) || !latin(p.charAt(0));
                int end = i + p.length();
                boolean stop = end >= s.length() || !Character.isLetterOrDigit(s.charAt(end))
                        || !latin(p.charAt(p.length() - 1));
                if (start && stop) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean latin(char c) {
        return c < 0x2E80 && Character.isLetterOrDigit(c);
    }

    private static boolean startsWord(String s, int at, String word) {
        if (!s.startsWith(word, at)) {
            return false;
        }
        int end = at + word.length();
        return end >= s.length() || !Character.isLetter(s.charAt(end));
    }

    private static int skipSpaceAndQuotes(String s, int at) {
        while (at < s.length()) {
            char c = s.charAt(at);
            if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '“' || c == '”' || c == ',' || c == ':'
                    || c == '，' || c == '：' || c == '*' || c == '#' || c == '-') {
                at++;
            } else {
                break;
            }
        }
        return at;
    }
}
