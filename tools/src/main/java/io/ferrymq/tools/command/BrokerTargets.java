package io.ferrymq.tools.command;

import io.ferrymq.tools.admin.AdminException;
import io.ferrymq.tools.admin.BrokerAdmin;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.OptionGroup;
import org.apache.commons.cli.Options;

/** The {@code -b brokerAddr | -c clusterName} choice of RocketMQ's admin commands that act on brokers. */
final class BrokerTargets {
    private BrokerTargets() {
    }

    /** Adds {@code -b} and {@code -c}, exactly one of them required. */
    static Options addTo(Options options) {
        OptionGroup group = new OptionGroup();
        group.addOption(Option.builder("b").longOpt("brokerAddr").hasArg().desc("broker address, host:port").build());
        group.addOption(Option.builder("c").longOpt("clusterName").hasArg()
                .desc("cluster name: every master of the cluster").build());
        group.setRequired(true);
        return options.addOptionGroup(group);
    }

    /** The broker addresses the command line names. */
    static List<String> resolve(CommandLine line, BrokerAdmin brokers) {
        if (line.hasOption('b')) {
            return List.of(line.getOptionValue('b').trim());
        }
        List<String> addrs = List.copyOf(brokers.mastersOfCluster(line.getOptionValue('c').trim()).values());
        if (addrs.isEmpty()) {
            throw new AdminException("cluster " + line.getOptionValue('c') + " has no master broker");
        }
        return addrs;
    }

    /** The value of an int option, or {@code defaultValue}; a clear error when it is not a number. */
    static int intOption(CommandLine line, char opt, int defaultValue) {
        String v = line.getOptionValue(opt);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-" + opt + " must be a number, got " + v);
        }
    }

    /** The value of a boolean option ({@code true}/{@code false}), or {@code defaultValue}. */
    static boolean boolOption(CommandLine line, char opt, boolean defaultValue) {
        String v = line.getOptionValue(opt);
        if (v == null) {
            return defaultValue;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw new IllegalArgumentException("-" + opt + " must be true or false, got " + v);
        }
        return Boolean.parseBoolean(t);
    }
}
