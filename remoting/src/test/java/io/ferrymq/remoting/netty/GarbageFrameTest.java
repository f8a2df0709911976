package io.ferrymq.remoting.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Throws malformed frames at a server and checks that each offending connection is closed while
 * an already open connection and new ones keep working.
 */
class GarbageFrameTest {
    private static final int ECHO = 1000;
    private static final int MAX_FRAME = 64 * 1024;

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private NettyRemotingServer server;
    private NettyRemotingClient goodClient;
    private String addr;

    @BeforeEach
    void start() {
        server = new NettyRemotingServer(new NettyServerConfig().setBindAddress("127.0.0.1").setListenPort(0)
                .setMaxFrameLength(MAX_FRAME).setServerChannelMaxIdleTimeSeconds(60), null);
        server.registerProcessor(ECHO, (ctx, req) -> RemotingCommand.createResponse(req, ResponseCode.SUCCESS, "ok"),
                executor);
        server.start();
        addr = "127.0.0.1:" + server.localPort();
        goodClient = new NettyRemotingClient(new NettyClientConfig());
        assertGoodClientWorks();
    }

    @AfterEach
    void stop() {
        goodClient.shutdown();
        server.shutdown();
        executor.shutdownNow();
    }

    private void assertGoodClientWorks() {
        RemotingCommand response = goodClient.invokeSync(addr, RemotingCommand.createRequest(ECHO), 3000);
        assertEquals("ok", response.getRemark());
    }

    /** Sends {@code garbage} on a raw socket and expects the server to close it without answering. */
    private void assertServerCloses(byte[] garbage, boolean halfClose) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.localPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(garbage);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("server kept the connection open after garbage", e);
            } catch (IOException reset) {
                read = -1; // a reset is a close too
            }
            assertEquals(-1, read, "server answered garbage instead of closing");
        }
        assertGoodClientWorks();
        RemotingCommand fresh = freshClientCall();
        assertEquals(ResponseCode.SUCCESS, fresh.getCode());
    }

    private RemotingCommand freshClientCall() {
        NettyRemotingClient fresh = new NettyRemotingClient(new NettyClientConfig());
        try {
            return fresh.invokeSync(addr, RemotingCommand.createRequest(ECHO), 3000);
        } finally {
            fresh.shutdown();
        }
    }

    private static byte[] frame(int lengthField, int typeAndHeaderLength, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).putInt(lengthField).putInt(typeAndHeaderLength).put(rest).array();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 42L, 20261121L, 0xFEEDL, 7777L})
    void randomBytes(long seed) throws IOException {
        byte[] garbage = new byte[4096];
        new Random(seed).nextBytes(garbage);
        // a random length word is negative or far above the limit for these seeds; both must close
        assertServerCloses(garbage, false);
    }

    @Test
    void lengthAboveTheFrameLimit() throws IOException {
        assertServerCloses(frame(MAX_FRAME + 1, 0, new byte[16]), false);
    }

    @Test
    void negativeLength() throws IOException {
        assertServerCloses(frame(-5, 0, new byte[16]), false);
    }

    @Test
    void zeroLength() throws IOException {
        assertServerCloses(ByteBuffer.allocate(4).putInt(0).array(), false);
    }

    @Test
    void truncatedFrameThenEndOfStream() throws IOException {
        assertServerCloses(frame(1000, 200, new byte[20]), true);
    }

    @Test
    void headerLengthLargerThanFrame() throws IOException {
        assertServerCloses(frame(12, 1000, new byte[8]), false);
    }

    @Test
    void hugeHeaderLength() throws IOException {
        assertServerCloses(frame(100, 0x00FFFFFF, new byte[96]), false);
    }

    @Test
    void unknownSerializeType() throws IOException {
        assertServerCloses(frame(12, 0x05000004, new byte[8]), false);
    }

    @Test
    void malformedJsonHeader() throws IOException {
        byte[] json = "{\"code\":1000,\"opaque\":\"x".getBytes(StandardCharsets.UTF_8);
        assertServerCloses(frame(4 + json.length, json.length, json), false);
    }

    @Test
    void binaryHeaderWithLyingExtLength() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(21).putShort((short) ECHO).put((byte) 0).putShort((short) 0)
                .putInt(1).putInt(0).putInt(0).putInt(1_000_000);
        byte[] bytes = header.array();
        assertServerCloses(frame(4 + bytes.length, 0x01000000 | bytes.length, bytes), false);
    }

    @Test
    void silentConnectionIsClosedWhenIdle() throws IOException {
        NettyRemotingServer idleServer = new NettyRemotingServer(new NettyServerConfig().setBindAddress("127.0.0.1")
                .setListenPort(0).setServerChannelMaxIdleTimeSeconds(1), null);
        idleServer.start();
        try (Socket socket = new Socket("127.0.0.1", idleServer.localPort())) {
            socket.setSoTimeout(5000);
            int read;
            try {
                read = socket.getInputStream().read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("idle connection was not closed", e);
            } catch (IOException reset) {
                read = -1;
            }
            assertEquals(-1, read);
        } finally {
            idleServer.shutdown();
        }
        assertGoodClientWorks();
    }

    @Test
    void officialClientTalksToOurServer() throws Exception {
        org.apache.rocketmq.remoting.netty.NettyRemotingClient official =
                new org.apache.rocketmq.remoting.netty.NettyRemotingClient(
                        new org.apache.rocketmq.remoting.netty.NettyClientConfig());
        official.start();
        try {
            org.apache.rocketmq.remoting.protocol.RemotingCommand request =
                    org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(ECHO, null);
            org.apache.rocketmq.remoting.protocol.RemotingCommand response = official.invokeSync(addr, request, 3000);
            assertEquals(ResponseCode.SUCCESS, response.getCode());
            assertEquals("ok", response.getRemark());
            org.apache.rocketmq.remoting.protocol.RemotingCommand unknown =
                    official.invokeSync(addr,
                            org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(4242, null), 3000);
            assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, unknown.getCode());
            assertTrue(unknown.getRemark().contains("4242"));
        } finally {
            official.shutdown();
        }
    }
}
