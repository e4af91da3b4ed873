package io.policyrouter.vocabulary;


/** Classes of sensitive data the annotator detects; compliance rows are written against these names. */
public enum DataClass {
    EMAIL, PHONE, CREDIT_CARD, NATIONAL_ID, IBAN, IP_ADDRESS, PERSON, LOCATION, DATE_OF_BIRTH, MEDICAL, SECRET;

    public static DataClass fromWire(String text) {
        return Wire.parse(DataClass.class, text);
    }
}
