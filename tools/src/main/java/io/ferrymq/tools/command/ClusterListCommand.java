package io.ferrymq.tools.command;

import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.ClusterInfo;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code clusterList}: every cluster, broker group, broker id and address. */
public final class ClusterListCommand implements AdminCommand {
    @Override
    public String name() {
        return "clusterList";
    }

    @Override
    public String description() {
        return "List clusters and the brokers registered in them";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
        ClusterInfo info = admin.clusterInfo();
        out.printf("%-22s %-22s %-4s %-24s%n", "#Cluster Name", "#Broker Name", "#BID", "#Addr");
        info.getClusterAddrTable().forEach((cluster, brokerNames) -> {
            for (String brokerName : brokerNames) {
                BrokerData data = info.getBrokerAddrTable().get(brokerName);
                if (data == null) {
                    continue;
                }
                for (Map.Entry<String, String> addr : data.getBrokerAddrs().entrySet()) {
                    out.printf("%-22s %-22s %-4s %-24s%n", cluster, brokerName, addr.getKey(), addr.getValue());
                }
            }
        });
    }
}
