package io.ferrymq.tools;

import io.ferrymq.remoting.exception.RemotingException;
import io.ferrymq.tools.admin.AdminException;
import io.ferrymq.tools.admin.NamesrvAdmin;
import io.ferrymq.tools.command.AdminCommand;
import io.ferrymq.tools.command.BrokerConfigCommands;
import io.ferrymq.tools.command.BrokerStatusCommand;
import io.ferrymq.tools.command.ClusterListCommand;
import io.ferrymq.tools.command.ConnectionCommands;
import io.ferrymq.tools.command.ConsumerGroupCommands;
import io.ferrymq.tools.command.ConsumerProgressCommand;
import io.ferrymq.tools.command.ExportMetadataCommand;
import io.ferrymq.tools.command.GetNamesrvConfigCommand;
import io.ferrymq.tools.command.KvConfigCommands;
import io.ferrymq.tools.command.ResetOffsetByTimeCommand;
import io.ferrymq.tools.command.SendMessageCommand;
import io.ferrymq.tools.command.SubscriptionGroupCommands;
import io.ferrymq.tools.command.TopicCommands;
import io.ferrymq.tools.command.TopicListCommand;
import io.ferrymq.tools.command.TopicRouteCommand;
import io.ferrymq.tools.command.TopicStatusCommand;
import io.ferrymq.tools.command.TransactionCommands;
import io.ferrymq.tools.command.WritePermCommands;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code mqadmin <command> [options]}: RocketMQ's admin command names and flags. */
public final class MQAdminStartup {
    private static final List<AdminCommand> COMMANDS = List.of(new ClusterListCommand(), new TopicListCommand(),
            new TopicRouteCommand(), new GetNamesrvConfigCommand(), new KvConfigCommands.Update(),
            new KvConfigCommands.Delete(), new KvConfigCommands.Get(), new WritePermCommands.Wipe(),
            new WritePermCommands.Add(), new SendMessageCommand(),
            new TopicStatusCommand(), new ConsumerProgressCommand(), new BrokerStatusCommand(),
            new SubscriptionGroupCommands.Update(), new SubscriptionGroupCommands.Delete(), new TopicCommands.Update(),
            new TopicCommands.Delete(), new ConnectionCommands.Consumer(), new ConnectionCommands.Producer(),
            new TransactionCommands.ListCommand(), new TransactionCommands.ResolveCommand(),
            new TransactionCommands.TimelineCommand(), new TransactionCommands.StatsCommand(),
            new ExportMetadataCommand(), new BrokerConfigCommands.Get(), new BrokerConfigCommands.Update(),
            new ResetOffsetByTimeCommand(), new ConsumerGroupCommands.Status(), new ConsumerGroupCommands.CloneOffset());

    private MQAdminStartup() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, AdminCommand> byName = new LinkedHashMap<>();
        COMMANDS.forEach(c -> byName.put(c.name(), c));
        if (args.length == 0 || args[0].equals("help") || args[0].equals("-h")) {
            printCommands(byName, out);
            return args.length == 0 ? 1 : 0;
        }
        AdminCommand command = byName.get(args[0]);
        if (command == null) {
            err.println("mqadmin: unknown command '" + args[0] + "'");
            printCommands(byName, err);
            return 1;
        }
        Options options = command.options()
                .addOption(Option.builder("n").longOpt("namesrvAddr").hasArg()
                        .desc("name server address list, e.g. 127.0.0.1:9876;127.0.0.2:9876").build())
                .addOption(Option.builder("h").longOpt("help").desc("print help").build());
        CommandLine line;
        try {
            line = new DefaultParser().parse(options, Arrays.copyOfRange(args, 1, args.length));
        } catch (ParseException e) {
            err.println("mqadmin " + command.name() + ": " + e.getMessage());
            printUsage(command, options, err);
            return 1;
        }
        if (line.hasOption('h')) {
            printUsage(command, options, out);
            return 0;
        }
        String namesrv = line.getOptionValue('n', System.getenv("NAMESRV_ADDR"));
        if (namesrv == null || namesrv.isBlank()) {
            err.println("mqadmin " + command.name() + ": no name server: pass -n host:port or set NAMESRV_ADDR");
            return 1;
        }
        try (NamesrvAdmin admin = new NamesrvAdmin(namesrv, 5000)) {
            command.execute(line, admin, out);
            return 0;
        } catch (AdminException | RemotingException | IllegalArgumentException e) {
            err.println("mqadmin " + command.name() + ": " + e.getMessage());
            return 2;
        }
    }

    private static void printCommands(Map<String, AdminCommand> byName, PrintStream out) {
        out.println("usage: mqadmin <command> [-n namesrvAddr] [options]");
        out.println("commands:");
        byName.values().forEach(c -> out.printf("   %-20s %s%n", c.name(), c.description()));
        out.println("See 'mqadmin <command> -h' for a command's options.");
    }

    private static void printUsage(AdminCommand command, Options options, PrintStream out) {
        java.io.PrintWriter writer = new java.io.PrintWriter(out, true);
        new HelpFormatter().printHelp(writer, 100, "mqadmin " + command.name(), command.description(), options, 2, 2,
                null, true);
    }
}
