package io.ferrymq.namesrv.route;

import com.alibaba.fastjson2.JSON;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.common.topic.TopicFilterType;
import io.ferrymq.remoting.exception.RemotingCommandException;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * REGISTER_BROKER bodies: plain JSON, or the compressed form a broker sends with
 * {@code compressedRegister}: a zlib stream of
 * {@code int len, DataVersion JSON, int topicCount, (int len, "name readQ writeQ perm filterType")*,
 * int len, filter-server list JSON}.
 */
public final class RegisterBrokerBodyCodec {
    /** Bounds what a compressed body may inflate to, so a zip bomb cannot exhaust the heap. */
    private static final int MAX_INFLATED_BYTES = 64 * 1024 * 1024;
    private static final int MAX_FIELD_BYTES = 16 * 1024 * 1024;

    private RegisterBrokerBodyCodec() {
    }

    /** CRC32 of the body masked to 31 bits, as the header's {@code bodyCrc32} carries it. */
    public static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    public static RegisterBrokerBody decode(byte[] body, boolean compressed) {
        if (!compressed) {
            return RemotingJson.decode(body, RegisterBrokerBody.class);
        }
        try (DataInputStream in = new DataInputStream(new BoundedInput(new InflaterInputStream(
                new java.io.ByteArrayInputStream(body)), MAX_INFLATED_BYTES))) {
            RegisterBrokerBody result = new RegisterBrokerBody();
            TopicConfigSerializeWrapper wrapper = new TopicConfigSerializeWrapper();
            wrapper.setDataVersion(RemotingJson.decode(readBlock(in), DataVersion.class));
            int topicCount = in.readInt();
            if (topicCount < 0) {
                throw new RemotingCommandException("negative topic count " + topicCount);
            }
            TreeMap<String, TopicConfig> configs = new TreeMap<>();
            for (int i = 0; i < topicCount; i++) {
                TopicConfig config = parseTopicConfig(new String(readBlock(in), StandardCharsets.UTF_8));
                configs.put(config.getTopicName(), config);
            }
            wrapper.setTopicConfigTable(configs);
            result.setTopicConfigSerializeWrapper(wrapper);
            byte[] filters = readBlock(in);
            if (filters.length > 0) {
                result.setFilterServerList(JSON.parseArray(new String(filters, StandardCharsets.UTF_8), String.class));
            }
            return result;
        } catch (EOFException e) {
            throw new RemotingCommandException("compressed register body is truncated", e);
        } catch (IOException e) {
            throw new RemotingCommandException("compressed register body is corrupt: " + e.getMessage(), e);
        }
    }

    /** The compressed form, for brokers that register compressed. */
    public static byte[] encodeCompressed(RegisterBrokerBody body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            writeBlock(out, JSON.toJSONString(body.getTopicConfigSerializeWrapper().getDataVersion()));
            var configs = body.getTopicConfigSerializeWrapper().getTopicConfigTable().values();
            out.writeInt(configs.size());
            for (TopicConfig c : configs) {
                writeBlock(out, c.getTopicName() + " " + c.getReadQueueNums() + " " + c.getWriteQueueNums() + " "
                        + c.getPerm() + " " + c.getTopicFilterType().name());
            }
            writeBlock(out, JSON.toJSONString(body.getFilterServerList()));
        } catch (IOException e) {
            throw new IllegalStateException("in-memory compression failed", e);
        }
        return bytes.toByteArray();
    }

    private static void writeBlock(DataOutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBlock(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FIELD_BYTES) {
            throw new RemotingCommandException("bad field length " + length + " in compressed register body");
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    private static TopicConfig parseTopicConfig(String text) {
        List<String> parts = List.of(text.trim().split(" "));
        if (parts.size() < 5) {
            throw new RemotingCommandException("bad topic config in compressed register body: '" + text + "'");
        }
        try {
            TopicConfig config = new TopicConfig(parts.get(0), Integer.parseInt(parts.get(1)),
                    Integer.parseInt(parts.get(2)), Integer.parseInt(parts.get(3)));
            config.setTopicFilterType(TopicFilterType.valueOf(parts.get(4)));
            return config;
        } catch (IllegalArgumentException e) {
            throw new RemotingCommandException("bad topic config in compressed register body: '" + text + "'", e);
        }
    }

    /** Fails once more than {@code limit} bytes have been read. */
    private static final class BoundedInput extends java.io.FilterInputStream {
        private long remaining;

        BoundedInput(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            remaining -= n;
            if (remaining < 0) {
                throw new IOException("inflates to more than the allowed size");
            }
        }
    }
}
