package io.ferrymq.store.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SharedTurnTest {

    @Test
    void everyItemQueuedBeforeTakingIsDoneOnceAndNeverByTwoThreadsAtOnce() throws InterruptedException {
        SharedTurn turn = new SharedTurn();
        Queue<Integer> queue = new ConcurrentLinkedQueue<>();
        int[] doneCount = new int[8 * 5_000]; // written only inside a turn
        AtomicInteger inside = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    queue.add(id * 5_000 + i);
                    turn.take(() -> !queue.isEmpty(), () -> {
                        if (inside.incrementAndGet() != 1) {
                            failure.set("two threads in the turn");
                        }
                        int n = 0;
                        Integer item;
                        while ((item = queue.poll()) != null) {
                            doneCount[item]++;
                            n++;
                        }
                        inside.decrementAndGet();
                        return n;
                    }, Integer.MAX_VALUE);
                }
            }, "taker-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join(30_000);
            assertFalse(th.isAlive(), th.getName() + " still running");
        }
        assertNull(failure.get());
        assertEquals(0, queue.size(), "nothing left behind without an agent thread");
        turn.runAlone(() -> {
            for (int i = 0; i < doneCount.length; i++) {
                assertEquals(1, doneCount[i], "item " + i);
            }
        });
    }

    @Test
    void stopsAtTheTurnLimitAndAfterATurnThatDidNothing() {
        SharedTurn turn = new SharedTurn();
        AtomicInteger runs = new AtomicInteger();
        assertEquals(3, turn.take(() -> true, () -> runs.incrementAndGet(), 3));
        assertEquals(0, turn.take(() -> true, () -> 0, 3));
        assertEquals(0, turn.take(() -> false, () -> runs.incrementAndGet(), 3));
        assertEquals(3, runs.get());
    }
}
