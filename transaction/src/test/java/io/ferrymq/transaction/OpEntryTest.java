package io.ferrymq.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.topic.SystemTopics;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpEntryTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);

    @Test
    void headReadInPlaceAgreesWithTheDecodedEntry() {
        OpEntry[] entries = {
            OpEntry.done(42, "UNIQ-1", Actor.producer("127.0.0.1:5000"), true, false, 8192),
            OpEntry.done(7, "UNIQ-2", Actor.producer("127.0.0.1:5000"), false, true, -1),
            OpEntry.checked(123_456_789_012L, "UNIQ-3", "127.0.0.1:6000"),
            OpEntry.stuck(0, "UNIQ-4"),
            OpEntry.answeredUnknown(9, "UNIQ-5", "127.0.0.1:5001"),
        };
        for (OpEntry entry : entries) {
            MessageExt op = op(entry);
            ByteBuffer record = record(op);
            OpEntry decoded = OpEntry.readFrom(QueueReader.decode(record));
            OpEntry.Head head = OpEntry.headOf(record);
            assertEquals(decoded.kind(), head.kind(), entry.toString());
            assertEquals(decoded.root(), head.root(), entry.toString());
            assertEquals(entry.kind() == OpKind.CHECKED ? "127.0.0.1:6000" : null, head.checkTarget());
        }
    }

    @Test
    void recordsNamingNoTransactionHaveNoHead() {
        for (String body : new String[] {"", "abc", "12x", "-5", "123456789012345678901"}) {
            MessageExt op = op(OpEntry.stuck(1, "U"));
            op.setBody(body.getBytes(StandardCharsets.UTF_8));
            assertNull(OpEntry.headOf(record(op)), body);
        }
        MessageExt unknownTag = op(OpEntry.stuck(1, "U"));
        unknownTag.setTags("z");
        assertNull(OpEntry.headOf(record(unknownTag)));
        MessageExt padded = op(OpEntry.stuck(1, "U"));
        padded.setBody(" 77 ".getBytes(StandardCharsets.UTF_8));
        assertEquals(77, OpEntry.headOf(record(padded)).root());
    }

    private static MessageExt op(OpEntry entry) {
        MessageExt op = new MessageExt();
        op.setTopic(SystemTopics.TRANS_OP_HALF_TOPIC);
        entry.writeTo(op);
        op.setBornHost(HOST);
        op.setStoreHost(HOST);
        return op;
    }

    private static ByteBuffer record(MessageExt msg) {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        MessageRecord.encode(buf, msg);
        buf.flip();
        return buf.slice();
    }
}
