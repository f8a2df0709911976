package io.ferrymq.broker.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerWheelTest {

    @Test
    void drainsOnlyDueTimersAndKeepsOnesThatWereNotDoneWith() {
        TimerWheel wheel = new TimerWheel();
        wheel.add(5_500, 0, 100, false);
        wheel.add(1_200, 1, 101, false);
        wheel.add(1_900, 2, 102, true);
        wheel.add(9_000, 3, 103, false);
        List<Long> seen = new ArrayList<>();
        assertTrue(wheel.drainDue(1_500, (due, qo, phy, verify) -> seen.add(qo)));
        assertEquals(List.of(1L), seen);
        assertEquals(3, wheel.size());
        // the store refuses: the timer stays, and so does everything after it
        assertFalse(wheel.drainDue(6_000, (due, qo, phy, verify) -> false));
        assertEquals(3, wheel.size());
        seen.clear();
        List<Boolean> verified = new ArrayList<>();
        assertTrue(wheel.drainDue(6_000, (due, qo, phy, verify) -> {
            verified.add(verify);
            return seen.add(qo);
        }));
        assertEquals(List.of(2L, 0L), seen);
        assertEquals(List.of(true, false), verified);
        assertEquals(1, wheel.size());
    }

    @Test
    void pendingOffsetsKnowTheSmallestAcrossCompactionAndRebase() {
        PendingOffsets p = new PendingOffsets();
        p.reset(10);
        assertEquals(10, p.min(10));
        for (long o = 10; o < 200_010; o++) {
            p.add(o);
        }
        for (long o = 10; o < 100_010; o++) {
            p.remove(o);
        }
        assertEquals(100_010, p.min(-1));
        assertEquals(100_000, p.count());
        p.add(5); // the queue was found shorter than expected
        assertEquals(5, p.min(-1));
        p.remove(5);
        for (long o = 100_010; o < 200_010; o++) {
            p.remove(o);
        }
        assertEquals(0, p.count());
        assertEquals(200_010, p.min(200_010));
        p.add(200_010);
        assertEquals(200_010, p.min(-1));
    }
}
