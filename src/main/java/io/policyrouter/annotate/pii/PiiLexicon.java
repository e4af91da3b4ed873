package io.policyrouter.annotate.pii;

/**
 * The small, hand-written vocabulary of the detectors: cue phrases ("my name is", "lives in", "zip code"), closed
 * word sets (titles, street types, unit words) and trigger words that decide whether a detector runs at all. One
 * {@link PhraseTable} holds them all, each entry tagged with the bits of the sets it belongs to; cue phrases are
 * matched on token hashes, so checking a cue before a word costs a few probes of a small table.
 */
final class PiiLexicon {

    // cue phrases, matched as whole token sequences
    static final int NAME_STRONG = 1;
    static final int NAME_WEAK = 1 << 1;
    static final int NAME_PERSONAL = 1 << 2;
    static final int PERSON_AFTER = 1 << 3;
    static final int PERSONAL_NOUN = 1 << 4;
    static final int PLACE = 1 << 5;
    static final int PLACE_STRONG = 1 << 6;
    static final int ADDRESS = 1 << 7;
    static final int ZIP = 1 << 8;
    // closed word sets
    static final int NOT_NAME = 1 << 9;
    static final int NAME_PARTICLE = 1 << 10;
    static final int NOT_PLACE = 1 << 11;
    static final int STREET_PREFIX = 1 << 12;
    static final int UNIT = 1 << 13;
    static final int ADDRESS_PARTICLE = 1 << 14;
    static final int DIRECTION = 1 << 15;
    static final int MILITARY = 1 << 16;
    static final int STRONG_SUFFIX = 1 << 17;
    static final int EXTRA_SUFFIX = 1 << 18;
    static final int TITLE = 1 << 19;
    static final int ADDRESS_LABEL = 1 << 20;
    // trigger words: a detector whose trigger is absent from the text does not run
    static final int TRIGGER_BIRTH = 1 << 21;
    static final int TRIGGER_PASSWORD = 1 << 22;
    static final int TRIGGER_NATIONAL_ID = 1 << 23;
    static final int TRIGGER_MEDICAL_ID = 1 << 24;
    // clinical vocabulary (annotate/gazetteer/medical-terms.txt)
    static final int CONDITION = 1 << 25;
    static final int DRUG = 1 << 26;

    private static final int MAX_PHRASE = 5;

    private static final PiiLexicon INSTANCE = new PiiLexicon();

    private final PhraseTable table = new PhraseTable(4096);

    static PiiLexicon get() {
        return INSTANCE;
    }

    private PiiLexicon() {
        add(NAME_STRONG, "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam", "mme", "mlle",
            "herr", "frau", "señor", "señora", "sr", "sra", "srta", "rev", "capt", "sgt", "my name is", "his name is",
            "her name is", "their name is", "name is", "name", "full name", "named", "dear", "signed", "regards",
            "sincerely", "yours truly", "cheers", "patient", "applicant", "employee", "client", "customer", "tenant",
            "candidate", "beneficiary", "cardholder", "account holder", "attn", "attention", "c/o", "call me",
            "calls me", "known as", "nicknamed", "née", "maiden name is", "surname", "first name", "last name",
            "given name", "family name", "passenger", "recipient", "sender", "contact person", "signature",
            "employee name", "user");
        add(NAME_WEAK, "i am", "i'm", "im", "this is", "hi", "hello", "hey", "thanks", "thank you", "said", "asked",
            "told", "ask", "tell", "meet", "met", "married", "son", "daughter", "wife", "husband", "mother", "father",
            "mom", "mum", "dad", "brother", "sister", "kid", "child", "friend", "colleague", "boss", "manager",
            "neighbor", "neighbour", "uncle", "aunt", "cousin", "grandmother", "grandfather", "grandma", "grandpa",
            "partner", "boyfriend", "girlfriend", "fiancé", "fiancée", "teacher", "coach", "director", "producer",
            "author", "writer", "singer", "actor", "actress", "artist", "founder", "founders", "assistant",
            "follow up with", "speak to", "speak with", "talk to", "contact", "cc", "call", "email", "e-mail",
            "ping", "tribute to", "directed by", "written by", "according to", "says", "him", "her",
            "called", "was called", "agent", "officer", "nurse", "doctor", "lawyer", "attorney", "judge",
            "detective", "inspector", "captain");
        add(NAME_PERSONAL, "hi", "hello", "hey", "said", "says", "asked", "told", "married", "son", "daughter",
            "wife", "husband", "mother", "father", "mom", "mum", "dad", "brother", "sister", "kid", "child", "friend",
            "colleague", "boss", "neighbor", "neighbour", "uncle", "aunt", "cousin", "grandmother", "grandfather",
            "grandma", "grandpa", "boyfriend", "girlfriend", "fiancé", "fiancée", "my name's", "what's your name",
            "what's your last name", "what's your first name", "named him", "named her", "speak to", "speak with",
            "talk to", "follow up with", "tribute to", "written by", "starring", "shouted at",
            "yelled at", "thanked", "hugged", "kissed", "emailed", "texted", "phoned", "visited", "directed by",
            "composed by", "assistant to", "married to", "cc", "i'm", "i am", "this is", "meet", "greetings",
            "good morning", "good afternoon", "good evening", "signed by", "according to");
        add(PERSON_AFTER, "said", "says", "asked", "replied", "shouted", "yelled", "whispered", "told", "wrote to",
            "lives in", "lives at", "lives on", "lived in", "was born", "grew up", "moved to", "is from",
            "comes from", "works at", "works for", "was hired", "married", "shouted at");
        add(PERSONAL_NOUN, "address", "phone", "number", "email", "e-mail", "birthday", "date of birth", "account",
            "card", "password", "ssn", "passport", "wife", "husband", "son", "daughter", "mother", "father", "kid",
            "kids", "children", "family", "home", "salary", "diagnosis", "medical", "killers", "lawyer", "doctor",
            "boss", "contact", "details", "profile", "credentials", "id");
        add(PLACE, "live in", "lives in", "living in", "lived in", "i'm in", "i am in", "im in", "we're in",
            "based in", "located in", "moved to", "moving to", "move to", "relocated to", "relocating to", "flew to",
            "fly to", "flying to", "flight to", "travel to", "travelling to", "traveling to", "travelled to",
            "traveled to", "trip to", "visit", "visiting", "visited", "from", "born in", "grew up in", "raised in",
            "stay in", "staying in", "stayed in", "heading to", "returned to", "return to", "arrived at",
            "arrived in", "near", "hometown", "home town", "resident of", "reside in", "resides in", "residing in",
            "address", "city", "town", "village", "country", "state", "province", "region", "location",
            "meet me in", "office in", "work in", "works in", "working in", "study in", "studied in", "studying in",
            "went to", "go back to", "back in", "here in", "out of", "native of", "citizen of", "in the city of",
            "driving to", "drove to", "walk to", "commute to", "nationality", "lives near", "close to", "outside",
            "downtown", "suburb of", "suburbs of");
        add(PLACE_STRONG, "live in", "lives in", "living in", "lived in", "i'm in", "i am in", "based in",
            "moved to", "moving to", "relocated to", "flew to", "fly to", "flying to", "travelling to",
            "traveling to", "trip to", "born in", "grew up in", "raised in", "staying in", "stayed in", "returned to",
            "arrived at", "arrived in", "originally from", "moved here from", "i'm from", "i am from", "hometown",
            "home town", "home city", "resident of", "reside in", "resides in", "residing in", "where", "city",
            "town", "country", "location", "coming to", "street in", "located in", "headquartered in", "native of",
            "lives near", "i now live in");
        add(ADDRESS, "address", "addresses", "addr", "lives at", "live at", "living at", "located at", "lives on",
            "live on", "reside at", "resides at", "residing at", "meet me at", "meet you at", "ship to",
            "shipped to", "deliver to", "delivered to", "send it to", "mail it to", "return to",
            "billing", "shipping", "mailing", "residence", "home is", "moved to",
            "i now live in", "it's in", "it is in", "is located", "headquarters", "arrived at",
            "sent to", "send to", "deliver it to", "corner of", "is on",
            "stop at", "meet at", "located on", "office is on", "pick me up at", "pick up at", "drop off at",
            "drop me at", "i'm at", "i am at", "we're at", "come to", "directions to", "navigate to", "route to",
            "lives near", "apartment at", "house at", "home at", "flat at", "store at", "registered at", "ship it to", "forward to");
        add(ZIP, "zip", "zip code", "zipcode", "postal code", "postcode", "post code", "postleitzahl", "plz",
            "code postal", "cep", "pin code", "pincode");
        add(NOT_NAME, "i", "the", "a", "an", "this", "that", "these", "those", "my", "your", "his", "her", "our",
            "their", "it", "we", "you", "he", "she", "they", "monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december", "god", "lord", "jesus", "christ", "allah", "buddha",
            "mr", "mrs", "ms", "dr", "prof", "sir", "street", "road", "avenue", "university", "college", "school",
            "hospital", "bank", "company", "inc", "ltd", "llc", "corp", "group", "north", "south", "east", "west",
            "new", "old", "great", "united", "republic", "kingdom", "states", "city", "county", "lake", "river",
            "mount", "saint", "st", "dear", "hi", "hello", "hey", "thanks", "regards", "please", "yes", "no", "ok",
            "okay", "name", "phone", "email", "address", "mobile", "fax", "desk", "apt", "suite", "unit", "http",
            "https", "www", "com", "english", "french", "german", "spanish", "chinese", "american", "british",
            "european", "christmas", "easter", "amazon", "google", "apple", "microsoft", "python", "java",
            "javascript", "linux", "windows", "ios", "android", "api", "json", "sql", "html", "css", "ai", "ceo",
            "usa", "uk", "eu", "un", "tv", "pm", "am", "id", "dob", "ssn", "iban", "pin", "faq", "note", "summary",
            "question", "answer", "example", "input", "output", "step", "chapter", "section", "table", "figure",
            "part", "page", "day", "week", "month", "year", "morning", "evening", "today", "tomorrow", "yesterday",
            "mom", "dad", "mother", "father", "sister", "brother", "son", "daughter", "plc", "gmbh", "ag", "co",
            "llp", "lp", "sa", "bv", "nv", "srl", "spa", "associates", "partners", "consulting", "holdings",
            "foundation", "institute", "ministry", "department", "agency", "council", "club", "team", "church",
            "museum", "airport", "station", "park", "square", "bridge", "tower", "castle", "palace", "hotel",
            "restaurant", "cafe", "centre", "center", "mall", "market", "beach", "island", "islands", "mountain",
            "mountains", "valley", "bay", "sea", "ocean", "world", "war", "prize", "award", "cup", "league",
            "dollar", "dollars", "euro", "euros", "bitcoin", "covid", "user", "assistant", "system", "customer",
            "client", "patient", "bot", "chatgpt", "gpt", "openai", "claude", "gemini", "llama", "madam", "ma'am",
            "miss", "emperor", "president", "pope", "asia", "europe", "africa", "america", "americas",
            "antarctica", "oceania", "australia", "britain", "scandinavia", "arctic", "caribbean", "mediterranean",
            "balkans", "siberia", "earth", "mars", "venus", "jupiter", "saturn", "mercury", "olympian", "mayor",
            "senator", "governor", "minister", "chancellor");
        add(NAME_PARTICLE, "van", "von", "de", "da", "del", "della", "di", "du", "la", "le", "bin", "ibn", "al",
            "el", "ter", "ten", "den", "der", "dos", "das", "y", "mac", "st");
        add(NOT_PLACE, "the", "a", "an", "my", "your", "his", "her", "our", "their", "this", "that", "monday",
            "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
            "april", "may", "june", "july", "august", "september", "october", "november", "december", "i", "we",
            "you", "he", "she", "they", "it", "love", "time", "school", "work", "bed", "town", "there", "here",
            "home", "office", "hospital", "college", "university", "person", "order", "general", "total", "fact",
            "case", "stock", "public", "private", "business", "charge", "class");
        add(STREET_PREFIX, "rue", "avenue", "av", "ave", "avenida", "avda", "via", "viale", "vicolo", "piazza",
            "piazzale", "corso", "largo", "calle", "carrer", "camino", "paseo", "plaza", "pasaje", "rua", "travessa",
            "praça", "praca", "estrada", "alameda", "rambla", "ronda", "strada", "ulica", "ul", "aleja", "al",
            "plac", "boulevard", "bd", "blvd", "chemin", "route", "place", "quai", "cours", "impasse", "allée",
            "allee", "rte", "chaussée", "carretera", "callejón", "cesta", "utca", "odos", "leoforos", "jalan", "jl",
            "soi", "calea", "bulevardul", "bulevar", "ulitsa", "prospekt", "pereulok", "c");
        add(UNIT, "apt", "apartment", "suite", "ste", "unit", "flat", "room", "rm", "floor", "fl", "bldg",
            "building", "apto", "piso", "étage", "whg", "app", "lgh");
        add(ADDRESS_PARTICLE, "de", "la", "le", "du", "des", "del", "della", "di", "da", "do", "dos", "das", "van",
            "von", "der", "den", "the", "of", "y", "e", "z", "na", "nad", "pod", "u", "am", "an", "im", "bei", "sur",
            "en", "los", "las", "el", "al", "st", "saint", "sankt", "san", "santa", "são");
        add(DIRECTION, "n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west", "northeast",
            "northwest", "southeast", "southwest");
        add(MILITARY, "apo", "fpo", "dpo");
        add(STRONG_SUFFIX, "street", "avenue", "road", "boulevard", "lane", "drive", "court", "terrace", "highway",
            "parkway", "close", "crescent", "square", "place", "st", "ave", "rd", "blvd", "ln", "dr", "ct", "hwy",
            "pkwy");
        add(EXTRA_SUFFIX, "close", "parade", "rise", "wynd", "chase", "gate", "broadway", "esplanade", "promenade",
            "quay", "embankment");
        add(TITLE, "mr", "mrs", "ms", "dr", "prof", "miss", "mme", "sr", "sra", "mx");
        add(ADDRESS_LABEL, "phone", "mobile", "tel", "fax", "email", "e", "desk", "website", "i", "the", "please",
            "thanks", "cell", "office", "name", "when", "date");
        add(TRIGGER_BIRTH, "born", "birth", "birthday", "birthdate", "dob", "geboren", "né", "née", "nacimiento",
            "nascimento", "naissance", "geburtsdatum", "bday", "b-day");
        add(TRIGGER_PASSWORD, "password", "passwort", "passcode", "passwd", "pwd", "pin", "passwords", "contraseña",
            "senha", "passe");
        add(TRIGGER_NATIONAL_ID, "ssn", "ssns", "social", "insurance", "sin", "itin", "atin", "tin", "ein", "tax",
            "taxpayer", "tfn", "passport", "national", "identity", "id", "pan", "aadhaar", "aadhar", "voter", "nin",
            "personnummer", "bsn", "dni", "nie", "nif", "cpf", "cnp", "pesel", "steuer-id", "steuernummer", "fiscale",
            "curp", "sozialversicherungsnummer", "sécurité", "insee", "cédula", "rut", "hetu", "cpr");
        loadMedicalTerms();
        add(TRIGGER_MEDICAL_ID, "mrn", "medical", "patient", "health", "nhs", "medicare", "medicaid", "chart",
            "hospital", "ehr", "record", "member");
    }

    private void loadMedicalTerms() {
        try (java.io.InputStream in = PiiLexicon.class.getResourceAsStream("/annotate/gazetteer/medical-terms.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing /annotate/gazetteer/medical-terms.txt");
            }
            java.io.BufferedReader r = new java.io.BufferedReader(
                    new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int tab = line.indexOf('\t');
                if (!line.startsWith("#") && tab > 0) {
                    table.add(line.substring(0, tab), line.charAt(tab + 1) == 'D' ? DRUG : CONDITION);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Longest clinical term starting at token i (bits to found[0]), or -1. */
    int longestTerm(PiiTokens t, int i, int[] found) {
        if ((t.lex[i] & (CONDITION | DRUG)) == 0 && (t.lexPrefix(i)) == false) {
            return -1;
        }
        return table.longest(t, i, 4, CONDITION | DRUG, found);
    }

    private void add(int bit, String... phrases) {
        for (String p : phrases) {
            table.add(p, bit);
        }
    }

    /** Fills each token's own bits and the text-wide union. */
    void index(PiiTokens t) {
        int all = 0;
        int[] lex = new int[t.start.length];
        for (int i = 0; i < t.size; i++) {
            int f = t.kind[i] == PiiTokens.NUM ? 0 : table.flags(t, i);
            lex[i] = f & ~PhraseTable.PREFIX;
            if ((f & PhraseTable.PREFIX) != 0) {
                t.markPrefix(i);
            }
            all |= f & ~PhraseTable.PREFIX;
        }
        t.lex = lex;
        t.lexAll = all;
    }

    /** Bits of the cue phrases (one to five words, on one line) that end at token k. */
    int phrasesEndingAt(PiiTokens t, int k) {
        int bits = t.lex[k];
        long[] hashes = t.hash;
        // phrase keys combine from the left, so build each candidate start separately (at most 4 extra)
        for (int len = 2; len <= MAX_PHRASE && k - len + 1 >= 0; len++) {
            int s = k - len + 1;
            if (!joined(t, s)) {
                break;
            }
            long p = hashes[s];
            for (int j = s + 1; j <= k; j++) {
                p = PhraseTable.combine(p, hashes[j]);
            }
            bits |= table.flagsOfKey(p) & ~PhraseTable.PREFIX;
        }
        return bits;
    }

    /** Token s and s + 1 are close enough (no line break, at most two chars apart) to form one cue phrase. */
    private static boolean joined(PiiTokens t, int s) {
        int a = t.end[s];
        int b = t.start[s + 1];
        if (b - a > 2) {
            return false;
        }
        for (int i = a; i < b; i++) {
            if (t.text.charAt(i) == '\n') {
                return false;
            }
        }
        return true;
    }

    /** A cue of {@code bits} ends right before token i (only blanks and label punctuation in between). */
    boolean before(PiiTokens t, int i, int bits) {
        if (i == 0) {
            return false;
        }
        int a = t.end[i - 1];
        int b = t.start[i];
        if (b - a > 4) {
            return false;
        }
        for (int k = a; k < b; k++) {
            if (" \t\n:#'\"‘“(=?-,".indexOf(t.text.charAt(k)) < 0) {
                return false;
            }
        }
        return (t.cueEnd(this, i - 1) & bits) != 0;
    }

    /** A cue of {@code bits} ends within {@code maxChars} before token i. */
    boolean within(PiiTokens t, int i, int bits, int maxChars) {
        int limit = t.start[i] - maxChars;
        for (int k = i - 1; k >= 0 && t.end[k] >= limit; k--) {
            if ((t.cueEnd(this, k) & bits) != 0) {
                return true;
            }
        }
        return false;
    }

    /** A cue phrase of {@code bits} starts at token i (one to five words). */
    boolean startsAt(PiiTokens t, int i, int bits) {
        if (i >= t.size) {
            return false;
        }
        long key = t.hash[i];
        for (int k = i; k < t.size && k - i < MAX_PHRASE; k++) {
            if (k > i) {
                if (!joined(t, k - 1)) {
                    return false;
                }
                key = PhraseTable.combine(key, t.hash[k]);
            }
            int f = table.flagsOfKey(key);
            if ((f & bits) != 0) {
                return true;
            }
            if ((f & PhraseTable.PREFIX) == 0) {
                return false;
            }
        }
        return false;
    }

    /** Bits of token i alone (word sets, single-word cues). */
    static int word(PiiTokens t, int i) {
        return t.lex[i];
    }
}
