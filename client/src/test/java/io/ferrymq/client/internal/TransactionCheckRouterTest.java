package io.ferrymq.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransactionCheckRouterTest {
    private final TransactionCheckRouter router = new TransactionCheckRouter();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void close() {
        router.close();
        channel.finishAndReleaseAll();
    }

    private ChannelHandlerContext ctx() {
        ChannelHandlerContext ctx = mock(ChannelHandlerContext.class);
        when(ctx.channel()).thenReturn(channel);
        return ctx;
    }

    private static byte[] record(String group) {
        MessageExt msg = new MessageExt();
        msg.setTopic("Orders");
        msg.setQueueId(2);
        msg.setBody("order-1".getBytes(StandardCharsets.UTF_8));
        msg.setBornHost(new InetSocketAddress("127.0.0.1", 50000));
        msg.setStoreHost(new InetSocketAddress("127.0.0.1", 10911));
        msg.setCommitLogOffset(4660);
        msg.putProperty(MessageConst.UNIQ_KEY, "AC11000100002A9F0000000000001234");
        if (group != null) {
            msg.putProperty(MessageConst.PGROUP, group);
        }
        ByteBuffer buf = ByteBuffer.allocate(512);
        int size = MessageRecord.encode(buf, msg);
        byte[] out = new byte[size];
        buf.flip().get(out);
        return out;
    }

    private static RemotingCommand check(byte[] body) {
        return RemotingCommand.createRequest(RequestCode.CHECK_TRANSACTION_STATE)
                .putExt("tranStateTableOffset", 7).putExt("commitLogOffset", 9999)
                .putExt("msgId", "AC11000100002A9F0000000000001234").putExt("transactionId", "tx-7")
                .setBody(body).markOneway();
    }

    @Test
    void checksGoToTheProducerOfTheMessagesGroup() {
        List<TransactionCheck> a = new ArrayList<>();
        List<TransactionCheck> b = new ArrayList<>();
        router.register("group-a", a::add);
        router.register("group-b", b::add);

        assertNull(router.processRequest(ctx(), check(record("group-b"))), "oneway: no answer");

        assertTrue(a.isEmpty());
        assertEquals(1, b.size());
        TransactionCheck c = b.get(0);
        assertEquals(7, c.tranStateTableOffset());
        assertEquals(9999, c.commitLogOffset());
        assertEquals("tx-7", c.transactionId());
        assertEquals("Orders", c.message().getTopic());
        assertEquals("order-1", new String(c.message().getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void checksForUnknownGroupsAndUnreadableBodiesAreIgnored() {
        List<TransactionCheck> seen = new ArrayList<>();
        router.register("group-a", seen::add);
        router.processRequest(ctx(), check(record("other")));
        router.processRequest(ctx(), check(record(null)));
        router.processRequest(ctx(), check(new byte[] {1, 2, 3}));
        router.processRequest(ctx(), check(null));
        assertTrue(seen.isEmpty());

        router.unregister("group-a");
        router.processRequest(ctx(), check(record("group-a")));
        assertTrue(seen.isEmpty());
    }

    @Test
    void aGroupHasOneHandlerPerClient() {
        router.register("group-a", c -> { });
        assertThrows(IllegalStateException.class, () -> router.register("group-a", c -> { }));
    }
}
