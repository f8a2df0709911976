package io.ferrymq.namesrv;

import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Properties;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import io.ferrymq.common.util.ServerProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mqnamesrv [-c namesrv.conf] [-p]}: starts a name server in the foreground until it is
 * signalled; {@code -p} prints the effective configuration and exits.
 */
public final class NamesrvStartup {
    private static final Logger LOG = LoggerFactory.getLogger(NamesrvStartup.class);

    private NamesrvStartup() {
    }

    public static void main(String[] args) {
        prepareCodecsInBackground();
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Prepares the JSON codecs of a broker registration and a route answer on a helper thread while
     * the server starts, so that the first broker to register does not wait for their generation.
     */
    static void prepareCodecsInBackground() {
        Thread t = new Thread(() -> {
            RemotingJson.prepareReaders(RegisterBrokerBody.class, TopicConfigSerializeWrapper.class, TopicConfig.class,
                    DataVersion.class);
            RemotingJson.prepareWriters(TopicRouteData.class, QueueData.class, BrokerData.class);
        }, "NamesrvCodecPreparation");
        t.setDaemon(true);
        t.start();
    }

    /** Returns a process exit code; blocks while the server runs. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = new Options()
                .addOption(Option.builder("c").longOpt("configFile").hasArg().argName("file")
                        .desc("name server config file (RocketMQ keys)").build())
                .addOption(Option.builder("p").longOpt("printConfigItem").desc("print the effective config and exit").build())
                .addOption(Option.builder("h").longOpt("help").desc("print this help").build());
        CommandLine cmd;
        NamesrvConfig config;
        try {
            cmd = new DefaultParser().parse(options, args);
            if (cmd.hasOption('h')) {
                new HelpFormatter().printHelp(new java.io.PrintWriter(out, true), 100, "mqnamesrv", null, options, 2, 2,
                        null, true);
                return 0;
            }
            config = NamesrvConfig.fromProperties(ServerProcess.loadProperties(cmd.getOptionValue('c')));
        } catch (ParseException | IllegalArgumentException | IOException e) {
            err.println("mqnamesrv: " + e.getMessage());
            return 1;
        }
        for (String key : config.unknownKeys()) {
            LOG.warn("unknown config key '{}' ignored", key);
        }
        if (cmd.hasOption('p')) {
            config.asMap().forEach((k, v) -> out.println(k + "=" + v));
            return 0;
        }
        NamesrvController controller = new NamesrvController(config);
        try {
            controller.start();
        } catch (RuntimeException e) {
            LOG.error("name server failed to start: {}", e.getMessage(), e);
            err.println("mqnamesrv: failed to start: " + e.getMessage());
            return 1;
        }
        LOG.info("The Name Server boot success. listening on {}:{}", config.bindAddress(), controller.port());
        ServerProcess.awaitShutdown("NamesrvShutdownHook", controller::shutdown);
        return 0;
    }
}
