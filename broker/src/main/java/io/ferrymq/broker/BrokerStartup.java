package io.ferrymq.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Properties;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import io.ferrymq.common.util.ServerProcess;
import io.ferrymq.store.meta.MetadataLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mqbroker [-n namesrv] [-c broker.conf] [-p]}: starts a broker in the foreground until it is
 * signalled; {@code -p} prints the effective configuration and exits.
 */
public final class BrokerStartup {
    /** Taken before the logger below: when the JVM got this far, before logging is set up. */
    private static final long MAIN_ENTERED = System.currentTimeMillis();

    static {
        MetadataLibrary.loadInBackground(); // before the logger: the two overlap
    }

    private static final Logger LOG = LoggerFactory.getLogger(BrokerStartup.class);

    private BrokerStartup() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Returns a process exit code; blocks while the broker runs. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        StartupTimeline timeline = new StartupTimeline(InstantSource.system());
        timeline.mark("main", MAIN_ENTERED);
        timeline.mark("logging");
        BrokerCodecs.prepareInBackground();
        Options options = new Options()
                .addOption(Option.builder("n").longOpt("namesrvAddr").hasArg().argName("host:port;...")
                        .desc("name server address list (overrides namesrvAddr of the config file)").build())
                .addOption(Option.builder("c").longOpt("configFile").hasArg().argName("file")
                        .desc("broker config file (RocketMQ keys)").build())
                .addOption(Option.builder("p").longOpt("printConfigItem").desc("print the effective config and exit")
                        .build())
                .addOption(Option.builder("h").longOpt("help").desc("print this help").build());
        CommandLine cmd;
        BrokerConfig.Loaded loaded;
        try {
            cmd = new DefaultParser().parse(options, args);
            if (cmd.hasOption('h')) {
                new HelpFormatter().printHelp(new PrintWriter(out, true), 100, "mqbroker", null, options, 2, 2, null,
                        true);
                return 0;
            }
            Properties props = ServerProcess.loadProperties(cmd.getOptionValue('c'));
            if (cmd.hasOption('n')) {
                props.setProperty("namesrvAddr", cmd.getOptionValue('n'));
            }
            loaded = BrokerConfig.load(props);
        } catch (ParseException | IllegalArgumentException | IOException e) {
            err.println("mqbroker: " + e.getMessage());
            return 1;
        }
        for (String key : loaded.unknownKeys()) {
            LOG.warn("unknown config key '{}' ignored", key);
        }
        if (cmd.hasOption('p')) {
            loaded.broker().asMap().forEach((k, v) -> out.println(k + "=" + v));
            BrokerConfig.storeAsMap(loaded.store()).forEach((k, v) -> out.println(k + "=" + v));
            return 0;
        }
        timeline.mark("config");
        String configFile = cmd.getOptionValue('c');
        BrokerController controller = new BrokerController(loaded.broker(), loaded.store(),
                configFile == null ? null : Path.of(configFile));
        try {
            controller.start(timeline);
        } catch (IOException | RuntimeException e) {
            LOG.error("broker failed to start: {}", e.getMessage(), e);
            err.println("mqbroker: failed to start: " + e.getMessage());
            controller.shutdown();
            return 1;
        }
        LOG.info("The broker[{}, {}] boot success. serializeType=JSON and name server is {}",
                loaded.broker().brokerName(), controller.address(), String.join(";", loaded.broker().namesrvAddrs()));
        LOG.info(timeline.describe());
        ServerProcess.awaitShutdown("BrokerShutdownHook", controller::shutdown);
        return 0;
    }
}
