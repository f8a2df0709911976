package io.ferrymq.tools.command;

import io.ferrymq.tools.admin.BrokerAdmin;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code brokerStatus -b addr | -c cluster}: the broker's runtime figures, one {@code key : value} per line. */
public final class BrokerStatusCommand implements AdminCommand {
    @Override
    public String name() {
        return "brokerStatus";
    }

    @Override
    public String description() {
        return "Fetch broker runtime status data";
    }

    @Override
    public Options options() {
        return BrokerTargets.addTo(new Options());
    }

    @Override
    public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
        try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
            List<String> addrs = BrokerTargets.resolve(line, brokers);
            boolean oneBroker = line.hasOption('b');
            for (String addr : addrs) {
                Map<String, String> info = new TreeMap<>(brokers.runtimeInfo(addr));
                info.forEach((k, v) -> {
                    if (oneBroker) {
                        out.printf("%-32s: %s%n", k, v);
                    } else {
                        out.printf("%-24s %-32s: %s%n", addr, k, v);
                    }
                });
            }
        }
    }
}
