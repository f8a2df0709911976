package io.ferrymq.store.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index on its own: records handed over as dispatch would, offsets made up. */
class IndexServiceTest {

    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    private static final int RECORD_SPACING = 1000;

    @TempDir
    Path dir;

    private static ByteBuffer record(String topic, String keys, String uniq, long storeTimestamp) {
        MessageExt m = new MessageExt();
        m.setTopic(topic);
        m.setBody(new byte[] {1, 2, 3});
        m.setKeys(keys);
        if (uniq != null) {
            m.putProperty(MessageConst.UNIQ_KEY, uniq);
        }
        m.setBornHost(HOST);
        m.setStoreHost(HOST);
        ByteBuffer buf = ByteBuffer.allocate(512);
        MessageRecord.encode(buf, m);
        MessageRecord.setStoreTimestamp(buf, 0, storeTimestamp);
        return buf;
    }

    private static void dispatch(IndexService index, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            ByteBuffer r = record("T", "k" + (i % 10) + " all", "U" + i, 1_000L + i);
            index.dispatch(r, 0, (long) i * RECORD_SPACING, MessageRecord.totalSize(r, 0));
        }
    }

    private static List<Long> query(IndexService index, String key, long begin, long end) {
        List<Long> found = new ArrayList<>();
        index.query("T", key, begin, end, found::add);
        return found;
    }

    @Test
    void chainsReturnNewestFirstAcrossFilesAndFilterByTime() throws IOException {
        IndexService index = new IndexService(dir, 3, 40);
        dispatch(index, 0, 100);
        assertEquals(8, index.fileCount()); // 300 entries (unique key, k, all), 40 per file
        assertEquals(List.of(93_000L, 83_000L, 73_000L), query(index, "k3", 0, Long.MAX_VALUE).subList(0, 3));
        assertEquals(10, query(index, "k3", 0, Long.MAX_VALUE).size());
        assertEquals(List.of(42_000L), query(index, "U42", 0, Long.MAX_VALUE));
        assertEquals(List.of(23_000L, 13_000L), query(index, "k3", 1_010, 1_030));
        assertEquals(100, query(index, "all", 0, Long.MAX_VALUE).size());
        assertEquals(List.of(), query(index, "k3 all", 0, Long.MAX_VALUE));
        index.close();
    }

    @Test
    void recoveryDropsEntriesPastTheCheckpointAndReDispatchAddsNoDuplicates() throws IOException {
        IndexService index = new IndexService(dir, 7, 1000);
        dispatch(index, 0, 60);
        index.close();

        IndexService reopened = new IndexService(dir, 7, 1000);
        reopened.load();
        reopened.recover(40L * RECORD_SPACING); // the checkpoint vouches for records 0..39 only
        assertEquals(40, query(reopened, "all", 0, Long.MAX_VALUE).size());
        assertEquals(List.of(), query(reopened, "U45", 0, Long.MAX_VALUE));
        dispatch(reopened, 30, 70); // re-dispatch starts before the end: 30..39 are skipped
        assertEquals(70, query(reopened, "all", 0, Long.MAX_VALUE).size());
        assertEquals(List.of(35_000L), query(reopened, "U35", 0, Long.MAX_VALUE));
        assertEquals(List.of(45_000L), query(reopened, "U45", 0, Long.MAX_VALUE));
        reopened.close();
    }
}
