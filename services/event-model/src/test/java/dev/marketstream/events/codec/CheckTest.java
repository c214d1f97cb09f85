package dev.marketstream.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Proves the symbol and identifier checks accept exactly what their documented patterns match, and name the field when not. */
class CheckTest {

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.:/_-]{0,19}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    @Test
    void symbolCheckAcceptsExactlyThePattern() {
        for (String candidate : candidates(20)) {
            assertThat(Check.isSymbol(candidate)).as("'%s'", candidate).isEqualTo(SYMBOL.matcher(candidate).matches());
        }
    }

    @Test
    void identifierCheckAcceptsExactlyThePattern() {
        for (String candidate : candidates(128)) {
            assertThat(Check.isIdentifier(candidate)).as("'%s'", candidate).isEqualTo(IDENTIFIER.matcher(candidate).matches());
        }
    }

    @Test
    void rejectsSymbolNamingFieldAndRule() {
        EventValidationException error = catchThrowableOfType(EventValidationException.class,
                () -> Check.marketSymbol("-AAPL", "data.symbol"));

        assertThat(error.getMessage())
                .isEqualTo("data.symbol: '-AAPL' is not a symbol (1-20 of A-Z 0-9 . : / _ -, starting with a letter or digit)");
    }

    @Test
    void rejectsIdentifierNamingFieldAndRule() {
        EventValidationException error = catchThrowableOfType(EventValidationException.class,
                () -> Check.identifier("bad user", "user_id"));

        assertThat(error.getMessage()).isEqualTo("user_id: 'bad user' is not an identifier (1-128 of letters, digits . _ : @ -)");
    }

    /**
     * Every character up to U+0200 (and some beyond) alone, first and after a valid first character;
     * lengths around the limit; and random strings over a mixed alphabet.
     */
    private static List<String> candidates(int maxLength) {
        List<String> candidates = new ArrayList<>(List.of("", "A".repeat(maxLength - 1), "A".repeat(maxLength),
                "A".repeat(maxLength + 1), "a".repeat(maxLength), "9".repeat(maxLength + 1), "A\n", "A\u0000"));
        for (char c = 0; c < 0x200; c++) {
            candidates.add(String.valueOf(c));
            candidates.add("A" + c);
            candidates.add(c + "A");
            candidates.add("A" + c + "1");
        }
        for (char c : "\u00c4\u0130\u212a\uff21\u0660\ud835".toCharArray()) {
            candidates.add(String.valueOf(c));
            candidates.add("A" + c);
        }
        String alphabet = "AZaz09.:/_-@ #\u00e9";
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder candidate = new StringBuilder();
            int length = random.nextInt(maxLength + 3);
            for (int j = 0; j < length; j++) {
                candidate.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            candidates.add(candidate.toString());
        }
        return candidates;
    }
}
