import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Writes a CSV of realistic contacts for {@code contacts import}, the same file for the same arguments:
 * {@code java bench/ContactsCsv.java ROWS > contacts.csv}. Emails are unique (name, number, one of many domains);
 * about a third of the rows carry one or two tags.
 */
public final class ContactsCsv {

    static final String[] FIRST = {"Emma", "Liam", "Olivia", "Noah", "Ava", "Elijah", "Sophia", "Mateo", "Isabella",
        "Lucas", "Mia", "Amir", "Chloe", "Hiroshi", "Zara", "Kwame", "Ingrid", "Rafael", "Priya", "Tomasz", "Fatima",
        "Diego", "Aisha", "Sven", "Mei", "Oluwaseun", "Camille", "Dmitri", "Lucia", "Arjun", "Nadia", "Finn", "Yuki",
        "Santiago", "Leila", "Jonas", "Ana", "Kofi", "Elena", "Wei", "Grace", "Omar", "Hannah", "Ravi", "Julia",
        "Marek", "Sofia", "Tariq", "Maya", "Anders"};
    static final String[] LAST = {"Smith", "Garcia", "Haddad", "Silva", "Tanaka", "Müller", "Okafor", "Rossi",
        "Nguyen", "Kowalski", "Johansson", "Patel", "Martin", "Kim", "Dubois", "Ivanova", "Mensah", "Andersen",
        "Fernandez", "Cohen", "Yamamoto", "Novak", "O'Brien", "Schmidt", "Costa", "Singh", "Lopez", "Wilson",
        "Hoffmann", "Chen", "Eriksen", "Moreau", "Popescu", "Adeyemi", "Bianchi", "Horvat", "Larsen", "Kaya",
        "Walsh", "Ortiz", "Nakamura", "Jensen", "Petrov", "Ali", "Brown", "Suzuki", "Romero", "Fischer", "Quinn",
        "Okonkwo"};
    static final String[] COMPANY = {"Globex", "Initech", "Umbrella", "Vandelay", "Hooli", "Stark Industries",
        "Wayne Enterprises", "Acme", "Soylent", "Cyberdyne", "Tyrell", "Wonka", "Oscorp", "Aperture", "Massive Dynamic",
        "Pied Piper", "Dunder Mifflin", "Gringotts", "Monarch", "Nakatomi"};
    static final String[] DOMAIN = {"gmail.com", "outlook.com", "yahoo.com", "proton.me", "fastmail.com",
        "icloud.com"};
    static final String[] STAGE = {"SUBSCRIBER", "LEAD", "MQL", "SQL", "CUSTOMER"};
    static final String[] TAG = {"newsletter", "webinar-2026", "trial", "customer", "vip", "churn-risk", "partner",
        "event-berlin"};

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args.length > 0 ? args[0] : "1000000");
        Random random = new Random(42);
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8),
                1 << 16)) {
            out.write("email,firstName,lastName,company,jobTitle,country,lifecycleStage,leadScore,tags\n");
            for (int i = 0; i < rows; i++) {
                String first = FIRST[random.nextInt(FIRST.length)];
                String last = LAST[random.nextInt(LAST.length)];
                String company = COMPANY[random.nextInt(COMPANY.length)];
                // The row number keeps emails unique; a company domain for half of them, a mail provider otherwise.
                String domain = random.nextBoolean()
                        ? company.toLowerCase().replace(" ", "") + ".example"
                        : DOMAIN[random.nextInt(DOMAIN.length)];
                String email = ascii(first) + "." + ascii(last) + i + "@" + domain;
                String tags = "";
                int roll = random.nextInt(6);
                if (roll < 2) {
                    tags = TAG[random.nextInt(TAG.length)];
                    if (roll == 0) {
                        tags += ";" + TAG[random.nextInt(TAG.length)];
                    }
                }
                out.write(email + "," + first + "," + csv(last) + "," + company + ",,"
                        + (random.nextInt(3) == 0 ? "DE" : "US") + "," + STAGE[random.nextInt(STAGE.length)] + ","
                        + random.nextInt(101) + "," + tags + "\n");
            }
        }
    }

    static String ascii(String name) {
        return name.toLowerCase().replace("ü", "u").replace("'", "");
    }

    static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
