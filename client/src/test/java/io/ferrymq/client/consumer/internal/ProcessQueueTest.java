package io.ferrymq.client.consumer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.common.message.MessageExt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committable offset never passes a message still being consumed, whatever order listeners finish in. */
class ProcessQueueTest {
    private static MessageExt at(long offset) {
        MessageExt m = new MessageExt();
        m.setQueueOffset(offset);
        m.setBody(new byte[10]);
        return m;
    }

    @Test
    void offsetsMoveOnlyPastTheOldestUnfinishedMessage() {
        ProcessQueue pq = new ProcessQueue(new MessageQueue("T", "b", 0), 5);
        List<MessageExt> msgs = List.of(at(5), at(6), at(7), at(8));
        pq.put(msgs);
        assertEquals(4, pq.count());
        assertEquals(40, pq.bytes());
        assertEquals(3, pq.span());
        assertEquals(5, pq.remove(List.of(msgs.get(2), msgs.get(1))), "5 still running");
        assertEquals(8, pq.remove(List.of(msgs.get(0))));
        assertEquals(9, pq.remove(List.of(msgs.get(3))));
        assertEquals(0, pq.count());
        assertEquals(0, pq.bytes());
        assertEquals(-1, pq.remove(List.of(msgs.get(3))), "nothing held");
        assertEquals(12, pq.skipTo(12), "filtered-out offsets become committable when nothing is held");
        pq.put(List.of(at(12)));
        assertEquals(-1, pq.skipTo(20));
    }

    @Test
    void orderlyTakesInOrderAndGivesBackOnFailure() {
        ProcessQueue pq = new ProcessQueue(new MessageQueue("T", "b", 0), 0);
        pq.put(List.of(at(2), at(0), at(1)));
        assertEquals(0, pq.takeNext().getQueueOffset());
        pq.giveBack();
        assertEquals(0, pq.takeNext().getQueueOffset());
        assertEquals(1, pq.commit());
        assertEquals(1, pq.takeNext().getQueueOffset());
        assertEquals(2, pq.takeNext().getQueueOffset());
        assertEquals(3, pq.commit());
        assertNull(pq.takeNext());
        assertEquals(0, pq.count());
    }
}
