package io.ferrymq.common.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HexTest {

    @Test
    void roundTrip() {
        byte[] bytes = {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xAB, (byte) 0xFF};
        assertEquals("00017F80ABFF", Hex.encode(bytes));
        assertArrayEquals(bytes, Hex.decode("00017f80abFF"));
        char[] out = new char[28];
        int pos = Hex.writeInt(out, 0, 0xCAFEBABE);
        pos = Hex.writeShort(out, pos, 0x12345);
        Hex.writeLong(out, pos, -2);
        assertEquals("CAFEBABE2345FFFFFFFFFFFFFFFE", new String(out));
    }

    @Test
    void rejectsBadText() {
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("ABC"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Hex.decode("0G"))
                .getMessage().contains("'G' at index 1"));
        assertFalse(Hex.isHex("١٢")); // Arabic-Indic digits are digits, not hex
        assertFalse(Hex.isHex("xyz"));
        assertTrue(Hex.isHex("09afAF"));
    }
}
