package io.ferrymq.tools.command;

import io.ferrymq.tools.admin.BrokerAdmin;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code getBrokerConfig} / {@code updateBrokerConfig}: a broker's settings, read or changed while it runs. */
public final class BrokerConfigCommands {
    private BrokerConfigCommands() {
    }

    public static final class Get implements AdminCommand {
        @Override
        public String name() {
            return "getBrokerConfig";
        }

        @Override
        public String description() {
            return "Show the settings of a broker or of every master of a cluster";
        }

        @Override
        public Options options() {
            return BrokerTargets.addTo(new Options());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
                for (String addr : BrokerTargets.resolve(line, brokers)) {
                    out.printf("============%s============%n", addr);
                    for (String kv : brokers.brokerConfig(addr).split("\n")) {
                        int eq = kv.indexOf('=');
                        if (eq > 0) {
                            out.printf(Locale.ROOT, "%-50s=  %s%n", kv.substring(0, eq), kv.substring(eq + 1));
                        }
                    }
                }
            }
        }
    }

    public static final class Update implements AdminCommand {
        @Override
        public String name() {
            return "updateBrokerConfig";
        }

        @Override
        public String description() {
            return "Change a broker setting while it runs (brokerPermission, autoCreateTopicEnable, "
                    + "autoCreateSubscriptionGroup, longPollingEnable, shortPollingTimeMills)";
        }

        @Override
        public Options options() {
            return BrokerTargets.addTo(new Options())
                    .addOption(Option.builder("k").longOpt("key").hasArg().required().desc("config key").build())
                    .addOption(Option.builder("v").longOpt("value").hasArg().required().desc("config value").build());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            String key = line.getOptionValue('k').trim();
            String value = line.getOptionValue('v').trim();
            if (key.isEmpty() || key.contains("=") || key.contains("\n") || value.contains("\n")) {
                throw new IllegalArgumentException("-k must be one config key and -v one value");
            }
            try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
                for (String addr : BrokerTargets.resolve(line, brokers)) {
                    brokers.updateBrokerConfig(addr, key, value);
                    out.printf("update broker config success, %s%n", addr);
                }
            }
        }
    }
}
