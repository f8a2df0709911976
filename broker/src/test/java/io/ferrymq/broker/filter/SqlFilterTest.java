package io.ferrymq.broker.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlFilterTest {

    private static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static boolean eval(String sql, String... kv) throws FilterSyntaxException {
        return SqlFilter.compile(sql).matches(props(kv));
    }

    private static FilterSyntaxException bad(String sql) {
        return assertThrows(FilterSyntaxException.class, () -> SqlFilter.compile(sql), sql);
    }

    @ParameterizedTest(name = "{0} with a={1} is {2}")
    @CsvSource(delimiter = '|', value = {
        "a = 5    | 5    | true", "a = 5    | 6    | false", "a = 5    | 5.0  | true",
        "a <> 5   | 5    | false", "a <> 5   | 6    | true",
        "a < 5    | 4    | true", "a < 5    | 5    | false", "a <= 5   | 5    | true", "a <= 5   | 6    | false",
        "a > 5    | 6    | true", "a > 5    | 5    | false", "a >= 5   | 5    | true", "a >= 5   | 4    | false",
        "a > 5    | 10.5 | true", "a > 5.5  | 6    | true", "a > 5.5  | 5    | false", "a < -3   | -4   | true",
        "a > 1e3  | 1001 | true", "a = 9223372036854775807 | 9223372036854775807 | true",
        "a > 9223372036854775806 | 9223372036854775807 | true",
        "a = 'x'  | x    | true", "a = 'x'  | X    | false", "a <> 'x' | y    | true", "a = 'it''s' | it's | true",
        "a = TRUE | true | true", "a = TRUE | TRUE | true", "a = FALSE | false | true", "a = TRUE | false | false",
        "a        | true | true", "a        | false | false", "TRUE     | z    | true", "FALSE    | z    | false",
        "a BETWEEN 1 AND 3 | 1 | true", "a BETWEEN 1 AND 3 | 3 | true", "a BETWEEN 1 AND 3 | 4 | false",
        "a NOT BETWEEN 1 AND 3 | 4 | true", "a NOT BETWEEN 1 AND 3 | 2 | false",
        "a IN ('x', 'y') | y | true", "a IN ('x', 'y') | z | false", "a NOT IN ('x', 'y') | z | true",
        "a NOT IN ('x', 'y') | x | false",
        "a CONTAINS 'ell' | hello | true", "a NOT CONTAINS 'ell' | hello | false",
        "a STARTSWITH 'he' | hello | true", "a STARTSWITH 'lo' | hello | false",
        "a ENDSWITH 'lo' | hello | true", "a NOT ENDSWITH 'lo' | hello | false",
        "a IS NULL | x | false", "a IS NOT NULL | x | true",
    })
    void everyOperator(String sql, String a, boolean expected) throws FilterSyntaxException {
        assertEquals(expected, eval(sql, "a", a));
    }

    @Test
    void missingPropertyIsUnknownEvenUnderNot() throws FilterSyntaxException {
        for (String sql : new String[] {"a = 5", "a <> 5", "a > 5", "a = 'x'", "a <> 'x'", "a BETWEEN 1 AND 3",
                "a NOT BETWEEN 1 AND 3", "a IN ('x')", "a NOT IN ('x')", "a CONTAINS 'x'", "a NOT CONTAINS 'x'",
                "NOT (a = 5)", "NOT a > 5", "a"}) {
            assertFalse(eval(sql, "b", "1"), sql + " with a missing");
        }
        assertTrue(eval("a IS NULL", "b", "1"));
        assertFalse(eval("a IS NOT NULL", "b", "1"));
        assertTrue(eval("a > 5 OR b = 1", "b", "1"), "unknown OR true is true");
        assertFalse(eval("a > 5 AND b = 1", "b", "1"), "unknown AND true is unknown");
        assertFalse(eval("NOT (a > 5 AND b = 1)", "b", "1"), "NOT unknown is unknown");
        assertTrue(eval("NOT (a > 5 AND b = 2)", "b", "1"), "unknown AND false is false");
    }

    @Test
    void typeMismatchesAreFalseNotErrors() throws FilterSyntaxException {
        assertFalse(eval("a > 5", "a", "abc"));
        assertFalse(eval("a = 5", "a", "abc"));
        assertFalse(eval("a <> 5", "a", "abc"), "a mismatch is unknown, so <> does not match either");
        assertFalse(eval("a = TRUE", "a", "yes"));
        assertFalse(eval("a > b", "a", "x", "b", "y"), "strings are not ordered");
        assertTrue(eval("a > b", "a", "10", "b", "9"), "numeric strings are ordered as numbers");
        assertFalse(eval("a BETWEEN 1 AND 3", "a", "2x"));
        assertFalse(eval("a = 5", "a", " 5"), "no trimming");
        assertFalse(eval("a = 5", "a", "5L"));
        assertFalse(eval("a > 5", "a", "NaN"));
    }

    @Test
    void precedenceIsOrBelowAndBelowNotBelowComparison() throws FilterSyntaxException {
        // a = 1 OR (b = 1 AND c = 1)
        assertTrue(eval("a = 1 OR b = 1 AND c = 1", "a", "1", "b", "0", "c", "0"));
        assertFalse(eval("(a = 1 OR b = 1) AND c = 1", "a", "1", "b", "0", "c", "0"));
        // NOT applies to the comparison, then AND
        assertTrue(eval("NOT a = 1 AND b = 1", "a", "2", "b", "1"));
        assertFalse(eval("NOT (a = 2 AND b = 1)", "a", "2", "b", "1"));
        assertTrue(eval("NOT NOT a = 1", "a", "1"));
        assertEquals("((a = 1 OR (b = 1 AND c = 1)) OR NOT d = 1)",
                SqlFilter.compile("a = 1 OR b = 1 AND c = 1 OR NOT d = 1").toString());
    }

    @Test
    void keywordsInAnyCaseAndCommentsAndTags() throws FilterSyntaxException {
        assertTrue(eval("TAGS in ('TagA') and price between 1.5 and 10 -- cheap A\n",
                "TAGS", "TagA", "price", "2"));
        assertTrue(eval("/* b */ a Is Not Null", "a", "1"));
        assertTrue(eval("a = 5L", "a", "5"));
        assertTrue(eval("$x_1 = .5", "$x_1", "0.5"));
        assertEquals(Set.of("TAGS", "a"), SqlFilter.compile("TAGS = 'x' OR a > 1 OR a < 0").propertyNames());
    }

    @Test
    void brokerTestExpression() throws FilterSyntaxException {
        SqlFilter f = SqlFilter.compile("a > 5 AND b = 'x'");
        assertTrue(f.matches(props("a", "6", "b", "x")));
        assertFalse(f.matches(props("a", "5", "b", "x")));
        assertFalse(f.matches(props("a", "6", "b", "y")));
        assertFalse(f.matches(props("a", "6")));
        assertFalse(f.matches(props()));
    }

    @Test
    void syntaxErrorsNameTheProblemAndPosition() {
        FilterSyntaxException e = bad("a > ");
        assertEquals(5, e.position());
        assertTrue(e.getMessage().contains("position 5"), e.getMessage());
        assertTrue(e.getMessage().contains("ended"), e.getMessage());

        e = bad("a = 'x' AND 'y'");
        assertEquals(13, e.position());
        assertTrue(e.getMessage().contains("not a condition"), e.getMessage());

        e = bad("a = 'unterminated");
        assertEquals(5, e.position());
        assertTrue(e.getMessage().contains("unterminated string"), e.getMessage());

        e = bad("a == 1");
        assertEquals(4, e.position());

        e = bad("(a = 1");
        assertEquals(7, e.position());
        assertTrue(e.getMessage().contains("')'"), e.getMessage());

        e = bad("a = 1)");
        assertEquals(6, e.position());

        e = bad("a > 'x'");
        assertEquals(5, e.position());
        assertTrue(e.getMessage().contains("only numbers are ordered"), e.getMessage());

        e = bad("a = NULL");
        assertEquals(5, e.position());
        assertTrue(e.getMessage().contains("IS NULL"), e.getMessage());

        e = bad("a BETWEEN 5 AND 1");
        assertTrue(e.getMessage().contains("out of order"), e.getMessage());

        e = bad("a IN (1, 2)");
        assertEquals(7, e.position());

        e = bad("'x' IN ('x')");
        assertEquals(1, e.position());

        e = bad("a != 1");
        assertEquals(3, e.position());
        assertTrue(e.getMessage().contains("<>"), e.getMessage());

        e = bad("a = \"x\"");
        assertTrue(e.getMessage().contains("single quotes"), e.getMessage());

        e = bad("a NOT LIKE 'x'");
        assertEquals(7, e.position());

        e = bad("a = 99999999999999999999");
        assertTrue(e.getMessage().contains("long range"), e.getMessage());

        e = bad("5");
        assertTrue(e.getMessage().contains("not a condition"), e.getMessage());

        assertEquals(1, bad("").position());
        assertTrue(bad("   ").getMessage().contains("empty"));
        assertThrows(FilterSyntaxException.class, () -> SqlFilter.compile(null));
        bad("a = 1 b = 2");
        bad("a IS NOT 5");
        bad("a = 1 AND");
        bad("a = 1e");
        bad("a = 1x");
        bad("/* open");
        bad("(".repeat(500) + "a = 1" + ")".repeat(500));
    }

    @Test
    void cacheReturnsTheSameCompilationAndRemembersFailures() {
        SqlFilterCache cache = new SqlFilterCache(2);
        SqlFilterCache.Compiled ok = cache.compile("a = 1");
        assertTrue(ok.ok());
        assertTrue(ok == cache.compile("a = 1"));
        SqlFilterCache.Compiled failed = cache.compile("a =");
        assertFalse(failed.ok());
        assertTrue(failed.error().contains("position 4"), failed.error());
        cache.compile("b = 1");
        assertTrue(cache.compile("c = 1").ok(), "still compiles after the cache was emptied");
    }
}
