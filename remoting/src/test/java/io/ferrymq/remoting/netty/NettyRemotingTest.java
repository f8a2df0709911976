package io.ferrymq.remoting.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.remoting.ChannelEventListener;
import io.ferrymq.remoting.exception.RemotingConnectException;
import io.ferrymq.remoting.exception.RemotingTimeoutException;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.SerializeType;
import io.netty.channel.Channel;
import java.net.ServerSocket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NettyRemotingTest {
    private static final int ECHO = 1000;
    private static final int FAIL = 1001;
    private static final int SLOW = 1002;
    private static final int NOTE = 1003;

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final BlockingQueue<RemotingCommand> onewayReceived = new LinkedBlockingQueue<>();
    private final BlockingQueue<Channel> connected = new LinkedBlockingQueue<>();
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private NettyRemotingServer server;
    private NettyRemotingClient client;
    private String addr;

    @BeforeEach
    void start() {
        server = new NettyRemotingServer(new NettyServerConfig().setBindAddress("127.0.0.1").setListenPort(0),
                new ChannelEventListener() {
                    @Override
                    public void onChannelConnect(String remoteAddr, Channel channel) {
                        connected.add(channel);
                    }
                });
        server.registerProcessor(ECHO, (ctx, req) -> RemotingCommand.createResponse(req, ResponseCode.SUCCESS, null)
                .putExt("echo", req.ext("value")).setBody(req.getBody()), executor);
        server.registerProcessor(FAIL, (ctx, req) -> {
            throw new IllegalStateException("processor broke");
        }, executor);
        server.registerProcessor(SLOW, (ctx, req) -> {
            releaseSlow.await(10, TimeUnit.SECONDS);
            return RemotingCommand.createResponse(req, ResponseCode.SUCCESS, null);
        }, executor);
        server.registerProcessor(NOTE, (ctx, req) -> {
            onewayReceived.add(req);
            return RemotingCommand.createResponse(req, ResponseCode.SUCCESS, null);
        }, executor);
        server.start();
        addr = "127.0.0.1:" + server.localPort();
        client = new NettyRemotingClient(new NettyClientConfig());
    }

    @AfterEach
    void stop() {
        releaseSlow.countDown();
        client.shutdown();
        server.shutdown();
        executor.shutdownNow();
    }

    @Test
    void syncCallGetsItsOwnResponse() {
        for (SerializeType type : SerializeType.values()) {
            RemotingCommand request = RemotingCommand.createRequest(ECHO).putExt("value", type.name())
                    .setSerializeType(type).setBody(new byte[] {9, 8, 7});
            RemotingCommand response = client.invokeSync(addr, request, 3000);
            assertEquals(ResponseCode.SUCCESS, response.getCode());
            assertEquals(request.getOpaque(), response.getOpaque());
            assertEquals(type.name(), response.ext("echo"));
            assertEquals(type, response.getSerializeType(), "reply uses the request's serialization");
            assertArrayEquals(new byte[] {9, 8, 7}, response.getBody());
        }
    }

    @Test
    void asyncCallsCompleteThroughCallbacks() throws Exception {
        int calls = 50;
        CountDownLatch done = new CountDownLatch(calls);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < calls; i++) {
            String value = "v" + i;
            client.invokeAsync(addr, RemotingCommand.createRequest(ECHO).putExt("value", value), 3000, (resp, err) -> {
                if (err != null || !value.equals(resp.ext("echo"))) {
                    failure.compareAndSet(null, err != null ? err : new AssertionError("wrong echo " + resp));
                }
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertNull(failure.get());
    }

    @Test
    void onewayIsDeliveredAndNeverAnswered() throws Exception {
        client.invokeOneway(addr, RemotingCommand.createRequest(NOTE).putExt("n", "1"), 3000);
        RemotingCommand received = onewayReceived.poll(5, TimeUnit.SECONDS);
        assertNotNull(received);
        assertTrue(received.isOneway());
        // the connection still serves sync calls: the ignored response did not confuse it
        assertEquals(ResponseCode.SUCCESS, client.invokeSync(addr, RemotingCommand.createRequest(ECHO), 3000).getCode());
    }

    @Test
    void unknownCodeIsNotSupported() {
        RemotingCommand response = client.invokeSync(addr, RemotingCommand.createRequest(4242), 3000);
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, response.getCode());
        assertEquals(" request type 4242 not supported", response.getRemark());
    }

    @Test
    void processorExceptionBecomesSystemError() {
        RemotingCommand response = client.invokeSync(addr, RemotingCommand.createRequest(FAIL), 3000);
        assertEquals(ResponseCode.SYSTEM_ERROR, response.getCode());
        assertTrue(response.getRemark().contains("processor broke"));
    }

    @Test
    void fullExecutorAnswersSystemBusy() throws Exception {
        ThreadPoolExecutor tiny = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.registerProcessor(2000, (ctx, req) -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return RemotingCommand.createResponse(req, ResponseCode.SUCCESS, null);
        }, tiny);
        try {
            CompletableFuture<RemotingCommand> first = new CompletableFuture<>();
            client.invokeAsync(addr, RemotingCommand.createRequest(2000), 5000, (r, e) -> first.complete(r));
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            CompletableFuture<RemotingCommand> queued = new CompletableFuture<>();
            client.invokeAsync(addr, RemotingCommand.createRequest(2000), 5000, (r, e) -> queued.complete(r));
            RemotingCommand busy = awaitBusy(tiny);
            assertEquals(ResponseCode.SYSTEM_BUSY, busy.getCode());
            release.countDown();
            assertEquals(ResponseCode.SUCCESS, first.get(5, TimeUnit.SECONDS).getCode());
            assertEquals(ResponseCode.SUCCESS, queued.get(5, TimeUnit.SECONDS).getCode());
        } finally {
            release.countDown();
            tiny.shutdownNow();
        }
    }

    /** Sends until the queued slot is taken, then the next call must be refused as busy. */
    private RemotingCommand awaitBusy(ThreadPoolExecutor tiny) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (tiny.getQueue().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return client.invokeSync(addr, RemotingCommand.createRequest(2000), 3000);
    }

    @Test
    void unansweredSyncCallTimesOut() {
        RemotingTimeoutException e = assertThrows(RemotingTimeoutException.class,
                () -> client.invokeSync(addr, RemotingCommand.createRequest(SLOW), 200));
        assertTrue(e.getMessage().contains("timeout"));
        releaseSlow.countDown();
        // a fresh connection is made for the next call
        assertEquals(ResponseCode.SUCCESS, client.invokeSync(addr, RemotingCommand.createRequest(ECHO), 3000).getCode());
    }

    @Test
    void asyncCallTimesOutThroughItsCallback() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        client.invokeAsync(addr, RemotingCommand.createRequest(SLOW), 200, (r, e) -> failure.complete(e));
        assertInstanceOf(RemotingTimeoutException.class, failure.get(5, TimeUnit.SECONDS));
    }

    @Test
    void serverCanCallItsClient() throws Exception {
        client.registerProcessor(3000, (ctx, req) -> RemotingCommand.createResponse(req, ResponseCode.SUCCESS, "pong"),
                executor);
        client.invokeSync(addr, RemotingCommand.createRequest(ECHO), 3000);
        Channel toClient = connected.poll(5, TimeUnit.SECONDS);
        assertNotNull(toClient);
        RemotingCommand response = server.invokeSync(toClient, RemotingCommand.createRequest(3000), 3000);
        assertEquals("pong", response.getRemark());
    }

    @Test
    void connectFailureIsReported() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }
        assertThrows(RemotingConnectException.class,
                () -> client.invokeSync("127.0.0.1:" + freePort, RemotingCommand.createRequest(ECHO), 1000));
    }

    @Test
    void shutdownReleasesThePortAndThreads() throws Exception {
        int port = server.localPort();
        client.invokeSync(addr, RemotingCommand.createRequest(ECHO), 3000);
        server.shutdown();
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        }
        long serverThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("RemotingServer")).count();
        assertEquals(0, serverThreads, "server threads still alive after shutdown");
        server = new NettyRemotingServer(new NettyServerConfig().setBindAddress("127.0.0.1").setListenPort(0), null);
        server.start();
    }
}
