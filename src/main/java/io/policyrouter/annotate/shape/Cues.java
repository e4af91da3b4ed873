package io.policyrouter.annotate.shape;

/**
 * Hand-written cue phrases, grouped in families (English words and phrases of up to four words, Chinese strings of
 * one to four characters). They are matched on the token stream by hash, so matching costs one table probe per
 * phrase length per token, whatever the number of phrases. A family is a generic signal ("asks to translate",
 * "attached passage"), never a phrasing of a particular data row; the trained models weigh them.
 */
final class Cues {

    /** Family names, in signal order. */
    static final String[] FAMILIES = {
            "code", "code_lang", "code_syntax", "error", "math", "reasoning", "summarize", "translate", "language", "extract",
            "context", "classify", "creative", "factual", "open", "brainstorm", "roleplay", "rewrite", "negation",
            "except", "steps", "compare", "format"};

    private static final String[][] PHRASES = {
            // code: talking about programs
            {"code", "coding", "program", "programming", "script", "function", "functions", "regular expression",
                    "algorithm", "implement", "implementation", "debug", "compile", "compiler", "variable", "array",
                    "recursion", "recursive", "loop", "unit test", "unit tests", "shell script", "database", "query",
                    "class method", "data structure", "runtime", "time complexity", "space complexity", "library",
                    "framework", "software", "return value", "input list",
                    "integer", "integers", "string", "strings", "boolean", "binary tree", "linked list",
                    "代码", "函数", "程序", "编程", "算法", "变量", "数组", "字符串", "脚本", "调试", "编译", "接口",
                    "数据库", "数据结构", "复杂度", "递归", "循环", "整数", "列表", "返回", "实现一个", "编写一个"},
            // code_lang: programming languages, tools and formats (names that rarely occur outside software)
            {"python", "java", "javascript", "typescript", "sql", "html", "css", "regex", "bash", "linux", "git",
                    "docker", "kubernetes", "json", "yaml", "xml", "api", "rust", "golang", "kotlin", "php", "ruby",
                    "perl", "scala", "haskell", "matlab", "numpy", "pandas", "pytorch", "tensorflow", "react",
                    "vue", "angular", "django", "flask", "spring boot", "node js", "nodejs", "jquery", "csv file",
                    "mysql", "postgresql", "mongodb", "redis", "http", "url", "github", "ide", "vscode", "excel vba",
                    "powershell", "编程语言", "前端", "后端"},
            // code_syntax: tokens that occur inside code rather than prose
            {"def", "elif", "self", "lambda", "println", "printf", "void", "const", "std", "null", "nullptr",
                    "bool", "int", "str", "dict", "len", "args", "kwargs", "func", "fn", "struct", "async", "await",
                    "console log", "isinstance", "enumerate", "append", "init", "return", "import", "public static",
                    "for i in", "in range", "namespace", "typedef", "malloc", "sizeof", "cout", "endl", "div class",
                    "href", "select from", "np", "df", "println", "system out", "std vector", "def main"},
            // error: failures to diagnose
            {"traceback", "exception", "stack trace", "error", "errors", "segmentation fault", "undefined", "crash",
                    "crashes", "bug", "bugs", "fails", "failing", "not working", "doesn t work", "warning",
                    "报错", "错误", "异常", "崩溃"},
            // math
            {"calculate", "compute", "solve", "equation", "equations", "how many", "how much", "total", "sum",
                    "product", "percent", "percentage", "probability", "integral", "derivative", "area", "volume",
                    "average", "ratio", "fraction", "remainder", "divisible", "formula", "value of", "find the value",
                    "prove", "theorem", "math", "mathematical", "arithmetic", "geometry", "algebra", "triangle",
                    "circle", "radius", "perimeter", "square root", "prime", "multiply", "divide", "minus", "plus",
                    "times", "cost", "costs", "price", "dollars", "cents", "miles", "per hour", "each", "every",
                    "计算", "求出", "求解", "多少", "几", "方程", "等于", "面积", "周长", "体积", "平均", "百分之", "比例",
                    "概率", "分数", "一共", "剩下", "每", "千克", "倍", "数学", "加上", "减去", "乘以", "除以",
                    "相遇", "速度", "几何", "三角形", "解方程"},
            // reasoning
            {"step by step", "reasoning", "reason", "logic", "logical", "logically", "riddle", "puzzle", "deduce",
                    "infer", "inference", "conclude", "conclusion", "explain your answer", "does not belong",
                    "must be true", "true false or uncertain", "estimate", "what could be the reasons", "implies",
                    "if and only if", "premise", "premises", "syllogism", "think carefully", "brain teaser",
                    "推理", "逻辑", "谜语", "推断", "一步一步", "前提", "结论", "脑筋急转弯"},
            // summarize
            {"summarize", "summarise", "summary", "summarizing", "summarization", "tl dr", "tldr",
                    "in one sentence", "in a few sentences", "main points", "key points", "main idea", "gist",
                    "condense", "headline", "title for", "abstract", "brief overview", "key takeaways",
                    "总结", "摘要", "概括", "归纳", "概述", "主要内容", "标题", "要点", "简述", "大意", "中心思想"},
            // translate
            {"translate", "translation", "translated", "translating", "translator", "into english", "into french",
                    "into spanish", "into german", "into chinese", "into japanese", "in english", "in french",
                    "in spanish", "in german", "to english", "to french", "to spanish", "to chinese",
                    "翻译", "译成", "译为", "翻成", "英译中", "中译英"},
            // language names (translation targets and multilingual requests)
            {"english", "french", "spanish", "german", "chinese", "japanese", "korean", "italian", "russian",
                    "portuguese", "arabic", "hindi", "dutch", "mandarin", "language",
                    "英文", "英语", "中文", "汉语", "日语", "法语", "德语", "韩语", "西班牙语", "俄语", "文言文"},
            // extract: pull facts out of supplied material
            {"extract", "extraction", "list all", "find all", "identify all", "pull out", "named entities",
                    "entities", "mentioned in", "key information", "information from", "from the text",
                    "from the passage", "from the article", "answer the question", "answer the questions",
                    "according to", "based on the", "in the text", "in the passage", "table", "fields",
                    "names of", "dates", "return a json", "structured",
                    "提取", "抽取", "找出", "文中", "文本中", "段落中", "文章中", "提到", "关键信息", "信息",
                    "回答问题", "根据文章", "根据文本", "根据段落", "哪些", "列出文中"},
            // context: a passage is attached
            {"following", "below", "the text", "passage", "article", "paragraph", "document", "the given",
                    "given text", "given the", "the above", "this text", "input", "context", "excerpt",
                    "以下", "下面", "下列", "如下", "文章", "段落", "文本", "短文", "给定", "这段", "这篇", "上述",
                    "原文", "材料"},
            // classify
            {"classify", "classification", "categorize", "categorise", "category", "categories", "label",
                    "labels", "which category", "sentiment", "positive or negative", "positive", "negative",
                    "neutral", "yes or no", "true or false", "spam", "one of the following", "determine whether",
                    "identify whether", "identify if", "decide whether", "tell me if", "is it", "whether",
                    "output 1", "belongs to", "type of", "kind of", "topic",
                    "分类", "类别", "归类", "属于", "判断", "是否", "情感", "积极", "消极", "正面", "负面", "中性",
                    "哪一类", "哪类", "类型", "区分"},
            // creative writing
            {"write", "compose", "draft", "poem", "poetry", "story", "stories", "essay", "letter", "email", "blog",
                    "blog post", "script", "song", "lyrics", "slogan", "tweet", "speech", "haiku", "limerick",
                    "narrative", "dialogue", "novel", "fiction", "creative", "describe", "paragraph about",
                    "advertisement", "tagline", "joke", "sonnet", "rap", "screenplay", "invitation", "toast",
                    "写一篇", "写一首", "写一个", "写一段", "写一封", "撰写", "创作", "编写", "诗", "故事", "作文",
                    "一封信", "书信", "邮件", "博客", "歌词", "口号", "广告语", "广告", "描述", "剧本", "演讲", "文案", "对话",
                    "小说", "散文"},
            // factual question words
            {"who", "when", "where", "which", "what year", "what is", "what are", "what was", "who is",
                    "who was", "what happens", "capital of", "is it true", "true that", "how old", "how tall",
                    "how far", "what does", "name the",
                    "谁", "什么时候", "哪里", "哪个", "哪一", "哪一年", "是什么", "哪位", "首都", "何时", "在哪"},
            // open question / explanation
            {"why", "how", "how can", "how do", "how does", "how would", "explain", "discuss", "differences",
                    "difference between", "what do you think", "opinion", "should", "pros and cons", "advantages",
                    "disadvantages", "impact", "implications", "what if", "elaborate", "insights", "analyze",
                    "analyse", "evaluate", "importance",
                    "为什么", "如何", "怎么", "怎样", "解释", "讨论", "影响", "看法", "优缺点", "区别", "原因",
                    "意义", "分析", "介绍", "说明"},
            // brainstorm
            {"ideas", "idea", "suggest", "suggestions", "suggestion", "list of", "ways to", "tips", "brainstorm",
                    "come up with", "give me", "recommend", "recommendations", "options", "alternatives",
                    "names for", "what are some", "some ways", "strategies", "list five", "list 5", "list 10",
                    "list three", "name some",
                    "建议", "列举", "列出", "想法", "点子", "方法", "推荐", "提供一些", "几种", "几个", "有哪些",
                    "一些", "方案", "策略", "创意", "技巧"},
            // roleplay
            {"act as", "acting as", "pretend", "pretend to be", "you are a", "you are an", "imagine you are",
                    "imagine yourself", "as a", "role of", "roleplay", "role play", "in character", "character",
                    "play the role", "assume the role", "take on the role", "embrace the role", "picture yourself",
                    "suppose you are", "from now on", "stay in character", "if you were", "you will be",
                    "扮演", "假设你是", "你是一名", "你是一位", "你是一个", "你现在是", "假如你是", "作为一名",
                    "作为一个", "角色", "假装", "如果你是"},
            // rewrite / edit (task-type OTHER in this taxonomy)
            {"rewrite", "rephrase", "paraphrase", "edit", "proofread", "correct", "grammar", "grammatical",
                    "polish", "improve", "simplify", "more concise", "more formal", "less formal", "tone",
                    "convert", "transform", "shorten", "fix the", "punctuation", "synonym", "antonym", "reword",
                    "改写", "重写", "润色", "修改", "改成", "改为", "转换", "简洁", "重述", "语法", "纠正", "同义词",
                    "反义词", "修正", "编辑", "标点", "替换", "错别字", "通顺"},
            // negation (difficulty: questions that turn on a negation)
            {"not", "no", "never", "none", "neither", "nor", "cannot", "can t", "don t", "doesn t", "isn t",
                    "false", "incorrect", "untrue", "without", "unless",
                    "不", "没有", "不是", "并非", "错误的", "不正确"},
            // except: "which is NOT / EXCEPT / LEAST" question stems
            {"except", "least", "not true", "not a", "is not", "are not", "would not", "does not", "false about",
                    "incorrect about", "all of the following", "none of the above", "all of the above",
                    "除了", "不属于", "不包括", "不正确的是", "错误的是"},
            // steps: multi-step quantities (word problems) and step lists
            {"then", "after", "afterwards", "remaining", "left", "more than", "less than", "twice", "half",
                    "times as", "per", "rest", "first", "second", "finally", "next", "initially", "later",
                    "然后", "之后", "剩余", "首先", "最后", "接着", "还剩"},
            // compare
            {"compare", "comparison", "versus", "vs", "better", "worse", "differ", "similar", "similarities",
                    "contrast", "比较", "对比", "相比", "异同", "更好"},
            // format: output-format constraints
            {"format", "bullet", "bullet points", "numbered", "table", "json", "csv", "markdown", "words",
                    "sentences", "less than", "at most", "at least", "exactly", "concise", "brief", "briefly",
                    "格式", "字以内", "不超过", "简要", "简短", "表格", "分点"},
    };

    private static final int SLOTS = 4096;                 // power of two, load factor < 0.35
    private static final int[] KEYS = new int[SLOTS];      // phrase hash; 0 = empty
    private static final byte[] FAMILY = new byte[SLOTS];

    /** Bit per (last token hash &amp; mask) of every multi-token phrase: most tokens end none, one probe skips them. */
    private static final long[] ENDS_PHRASE = new long[64];

    static {
        for (int f = 0; f < PHRASES.length; f++) {
            for (String phrase : PHRASES[f]) {
                put(phraseHash(phrase), f);
                int[] tokens = tokens(phrase);
                if (tokens.length > 1) {
                    int last = tokens[tokens.length - 1] & 4095;
                    ENDS_PHRASE[last >>> 6] |= 1L << last;
                }
            }
        }
    }

    /** True when some phrase of two or more tokens may end with this token. */
    static boolean mayEndPhrase(int tokenHash) {
        int b = tokenHash & 4095;
        return (ENDS_PHRASE[b >>> 6] & (1L << b)) != 0;
    }

    private Cues() {
    }

    /** Index of a family by name. */
    static int family(String name) {
        for (int i = 0; i < FAMILIES.length; i++) {
            if (FAMILIES[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** Family of the phrase with this hash, or -1. */
    static int lookup(int phraseHash) {
        int slot = TextFeatures.fmix(phraseHash) & (SLOTS - 1);
        while (true) {
            int key = KEYS[slot];
            if (key == phraseHash) {
                return FAMILY[slot];
            }
            if (key == 0) {
                return -1;
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
    }

    private static void put(int hash, int family) {
        int slot = TextFeatures.fmix(hash) & (SLOTS - 1);
        while (KEYS[slot] != 0) {
            if (KEYS[slot] == hash) {
                return; // first family listing a phrase keeps it
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        KEYS[slot] = hash;
        FAMILY[slot] = (byte) family;
    }

    /** Hash of a phrase as {@link TextFeatures} computes it on the token stream (words, or CJK characters). */
    static int phraseHash(String phrase) {
        int h = TextFeatures.PHRASE_SEED;
        for (int token : tokens(phrase)) {
            h = TextFeatures.phraseStep(h, token);
        }
        return h == 0 ? 1 : h;
    }

    /** Token hashes of a phrase: lower-cased words, and single CJK characters. */
    private static int[] tokens(String phrase) {
        int[] out = new int[phrase.length()];
        int n = 0;
        int word = TextFeatures.FNV_BASIS;
        boolean inWord = false;
        for (int i = 0; i < phrase.length(); i++) {
            char c = Character.toLowerCase(phrase.charAt(i));
            if (TextFeatures.isCjk(c)) {
                if (inWord) {
                    out[n++] = word;
                    inWord = false;
                }
                out[n++] = TextFeatures.charHash(c);
            } else if (TextFeatures.isWordChar(c)) {
                word = inWord ? TextFeatures.fnv(word, c) : TextFeatures.fnv(TextFeatures.FNV_BASIS, c);
                inWord = true;
            } else if (inWord) {
                out[n++] = word;
                inWord = false;
            }
        }
        if (inWord) {
            out[n++] = word;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
