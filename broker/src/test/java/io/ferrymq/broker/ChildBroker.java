package io.ferrymq.broker;

import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.namesrv.NamesrvController;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An in-process name server and a broker in a child JVM (same classpath), for tests that kill the broker the hard
 * way ({@link #kill9()}) and start it again on the same port and store.
 */
public final class ChildBroker implements AutoCloseable {
    private final Path dir;
    private final NamesrvController namesrv;
    private final Path conf;
    private final int port;
    private Process broker;

    /** Starts a name server and the broker; {@code settings} are broker.conf lines added to the test defaults. */
    public ChildBroker(Path dir, String... settings) throws Exception {
        this.dir = dir;
        namesrv = new NamesrvController(new NamesrvConfig().bindAddress("127.0.0.1").listenPort(0)
                .kvConfigPath(dir.resolve("kv.json")));
        namesrv.start();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> lines = new ArrayList<>(List.of(
                "namesrvAddr=127.0.0.1:" + namesrv.port(), "brokerName=broker-crash", "listenPort=" + port,
                "fastListenPort=-1", "bindAddress=127.0.0.1", "brokerIP1=127.0.0.1",
                "storePathRootDir=" + dir.resolve("store"), "mapedFileSizeCommitLog=" + (8 << 20),
                "mapedFileSizeConsumeQueue=" + (20 * 20_000)));
        lines.addAll(List.of(settings));
        lines.add("");
        conf = dir.resolve("broker.conf");
        Files.writeString(conf, String.join("\n", lines));
        try {
            start();
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    public String namesrvAddr() {
        return "127.0.0.1:" + namesrv.port();
    }

    public String brokerAddr() {
        return "127.0.0.1:" + port;
    }

    public NamesrvController namesrv() {
        return namesrv;
    }

    /** Starts the broker JVM and waits until it listens and has registered with the name server. */
    public void start() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                BrokerStartup.class.getName(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("broker-" + System.nanoTime() + ".out").toFile())
                .start();
        broker = p;
        BrokerHarness.await("the broker port", Duration.ofSeconds(30), () -> {
            if (!p.isAlive()) {
                throw new AssertionError("broker exited with " + p.exitValue());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        BrokerHarness.await("the broker's registration", Duration.ofSeconds(30),
                () -> namesrv.routes().pickupTopicRouteData("TBW102") != null);
    }

    /** SIGKILL: no shutdown hook, nothing flushed or saved. */
    public void kill9() throws InterruptedException {
        if (broker != null) {
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            broker = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill9();
        namesrv.shutdown();
    }
}
