package io.ferrymq.tools.command;

import io.ferrymq.remoting.protocol.body.TransactionListBody;
import io.ferrymq.remoting.protocol.body.TransactionResolveBody;
import io.ferrymq.remoting.protocol.body.TransactionStatsBody;
import io.ferrymq.remoting.protocol.body.TransactionTimelineBody;
import io.ferrymq.tools.admin.AdminException;
import io.ferrymq.tools.admin.NamesrvAdmin;
import io.ferrymq.tools.admin.TransactionAdmin;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code transactionList}, {@code transactionResolve}, {@code transactionTimeline},
 * {@code transactionStats}: FerryMQ's transaction admin, against every master broker (or {@code -b}).
 */
public final class TransactionCommands {
    private static final long TIMEOUT_MILLIS = 10_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private TransactionCommands() {
    }

    private static Option broker() {
        return Option.builder("b").longOpt("brokerName").hasArg().desc("only this broker group").build();
    }

    static String time(long millis) {
        return millis < 0 ? "-" : TIME.format(Instant.ofEpochMilli(millis));
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }

    /** {@code transactionList [-t topic] [-g group] [--stuck] [-b broker]}. */
    public static final class ListCommand implements AdminCommand {
        @Override
        public String name() {
            return "transactionList";
        }

        @Override
        public String description() {
            return "List pending and stuck transactions (half messages)";
        }

        @Override
        public Options options() {
            return new Options()
                    .addOption(Option.builder("t").longOpt("topic").hasArg().desc("only this topic").build())
                    .addOption(Option.builder("g").longOpt("group").hasArg().desc("only this producer group").build())
                    .addOption(Option.builder("s").longOpt("stuck").desc("only stuck transactions").build())
                    .addOption(Option.builder("l").longOpt("limit").hasArg().desc("rows per broker (1000)").build())
                    .addOption(broker());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            int limit = Integer.parseInt(line.getOptionValue('l', "1000"));
            try (TransactionAdmin tx = new TransactionAdmin(admin, TIMEOUT_MILLIS)) {
                out.printf("%-14s %-8s %-7s %-34s %-20s %-20s %-20s %-10s %-6s %-23s %s%n", "#Broker", "#Root",
                        "#State", "#MsgId", "#Topic", "#Group", "#Keys", "#Age(s)", "#Checks", "#LastCheck",
                        "#LastCheckTo");
                for (Map.Entry<String, String> broker : tx.masters(line.getOptionValue('b')).entrySet()) {
                    TransactionListBody body = tx.list(broker.getValue(), line.getOptionValue('t'),
                            line.getOptionValue('g'), line.hasOption('s'), limit);
                    for (TransactionListBody.Row r : body.transactions()) {
                        out.printf("%-14s %-8d %-7s %-34s %-20s %-20s %-20s %-10.1f %-6d %-23s %s%n", broker.getKey(),
                                r.root(), r.state(), orDash(r.transactionId()), orDash(r.topic()),
                                orDash(r.producerGroup()), orDash(r.keys()), r.ageMillis() / 1000.0, r.checks(),
                                time(r.lastCheckMillis()), orDash(r.lastCheckTarget()));
                    }
                    if (body.total() > body.transactions().size()) {
                        out.printf("%-14s ... %d more (raise -l)%n", broker.getKey(),
                                body.total() - body.transactions().size());
                    }
                }
            }
        }
    }

    /** {@code transactionResolve -i <uniqId|root> -a commit|rollback|check [-r reason] [-b broker]}. */
    public static final class ResolveCommand implements AdminCommand {
        @Override
        public String name() {
            return "transactionResolve";
        }

        @Override
        public String description() {
            return "Commit, roll back or check again a stuck transaction by hand";
        }

        @Override
        public Options options() {
            return new Options()
                    .addOption(Option.builder("i").longOpt("id").hasArg().required()
                            .desc("the message id (unique id) or, with -b, the root").build())
                    .addOption(Option.builder("a").longOpt("action").hasArg().required()
                            .desc("commit, rollback or check").build())
                    .addOption(Option.builder("r").longOpt("reason").hasArg().desc("why (recorded)").build())
                    .addOption(broker());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            String id = line.getOptionValue('i').trim();
            String action = line.getOptionValue('a').trim().toUpperCase(Locale.ROOT);
            if (!List.of("COMMIT", "ROLLBACK", "CHECK").contains(action)) {
                throw new IllegalArgumentException("-a must be commit, rollback or check, not " + line.getOptionValue('a'));
            }
            try (TransactionAdmin tx = new TransactionAdmin(admin, TIMEOUT_MILLIS)) {
                Map<String, String> masters = tx.masters(line.getOptionValue('b'));
                if (masters.size() > 1 && id.chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException("a root names a transaction on one broker: pass -b brokerName");
                }
                List<TransactionResolveBody> answers = new ArrayList<>();
                for (String addr : masters.values()) {
                    TransactionResolveBody answer = tx.resolve(addr, id, action, line.getOptionValue('r'));
                    if (!"NOT_FOUND".equals(answer.status()) || masters.size() == 1) {
                        answers.add(answer);
                    }
                }
                if (answers.isEmpty()) {
                    throw new AdminException("no broker has transaction " + id);
                }
                out.printf("%-14s %-18s %s%n", "#Broker", "#Result", "#Detail");
                for (TransactionResolveBody a : answers) {
                    out.printf("%-14s %-18s %s%n", a.brokerName(), a.status(), orDash(a.detail()));
                }
                if (answers.stream().noneMatch(a -> List.of("COMMITTED", "ROLLED_BACK", "CHECKING_AGAIN",
                        "ALREADY_RESOLVED").contains(a.status()))) {
                    throw new AdminException("transaction " + id + " not resolved: " + answers.get(0).detail());
                }
            }
        }
    }

    /** {@code transactionTimeline -i <msgId> | -k <key> -t <topic> [-b broker]}. */
    public static final class TimelineCommand implements AdminCommand {
        @Override
        public String name() {
            return "transactionTimeline";
        }

        @Override
        public String description() {
            return "Show what happened to a transaction: half message, checks, decision, delivery";
        }

        @Override
        public Options options() {
            return new Options()
                    .addOption(Option.builder("i").longOpt("msgId").hasArg().desc("the message id (unique id)").build())
                    .addOption(Option.builder("k").longOpt("key").hasArg().desc("a message key (with -t)").build())
                    .addOption(Option.builder("t").longOpt("topic").hasArg().desc("the topic of -k").build())
                    .addOption(broker());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            String id = line.getOptionValue('i');
            String key = line.getOptionValue('k');
            String topic = line.getOptionValue('t');
            if ((id == null) == (key == null) || (key != null && topic == null)) {
                throw new IllegalArgumentException("pass -i msgId, or -k key with -t topic");
            }
            int found = 0;
            try (TransactionAdmin tx = new TransactionAdmin(admin, TIMEOUT_MILLIS)) {
                for (Map.Entry<String, String> broker : tx.masters(line.getOptionValue('b')).entrySet()) {
                    for (TransactionTimelineBody.Timeline t : tx.timeline(broker.getValue(), id, key, topic)
                            .timelines()) {
                        print(broker.getKey(), t, out);
                        found++;
                    }
                }
            }
            if (found == 0) {
                throw new AdminException("no transaction " + (id != null ? id : "with key " + key + " in " + topic));
            }
        }

        private static void print(String brokerName, TransactionTimelineBody.Timeline t, PrintStream out) {
            out.printf("Transaction %s on %s: topic %s, group %s, keys %s, state %s%n", t.transactionId(), brokerName,
                    orDash(t.topic()), orDash(t.producerGroup()), orDash(t.keys()), t.state());
            out.printf("  %-23s %-24s %-6s %-9s %-22s %s%n", "#Time", "#Event", "#Root", "#By", "#Who", "#Detail");
            for (TransactionTimelineBody.Event e : t.events()) {
                String detail = e.reason() == null ? orDash(e.detail())
                        : "reason: " + e.reason() + (e.detail() == null ? "" : "; " + e.detail());
                out.printf("  %-23s %-24s %-6d %-9s %-22s %s%n", time(e.timeMillis()), e.kind(), e.root(),
                        orDash(e.by()), orDash(e.who()), detail);
            }
            for (TransactionTimelineBody.Delivery d : t.delivered()) {
                out.printf("  delivered to %s queue %d offset %d, offsetMsgId %s, stored %s%n", d.topic(), d.queueId(),
                        d.queueOffset(), d.offsetMsgId(), time(d.storeTimestamp()));
            }
        }
    }

    /** {@code transactionStats [-b broker]}. */
    public static final class StatsCommand implements AdminCommand {
        @Override
        public String name() {
            return "transactionStats";
        }

        @Override
        public String description() {
            return "Transaction counters of each broker (pending, stuck, commits, rollbacks, checks)";
        }

        @Override
        public Options options() {
            return new Options().addOption(broker());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            try (TransactionAdmin tx = new TransactionAdmin(admin, TIMEOUT_MILLIS)) {
                out.printf("%-14s %-9s %-7s %-9s %-9s %-10s %-8s %-9s %-7s%n", "#Broker", "#Pending", "#Stuck",
                        "#Halves", "#Commits", "#Rollbacks", "#Checks", "#SetAside", "#Manual");
                for (String addr : tx.masters(line.getOptionValue('b')).values()) {
                    TransactionStatsBody s = tx.stats(addr);
                    out.printf("%-14s %-9d %-7d %-9d %-9d %-10d %-8d %-9d %-7d%n", s.brokerName(), s.pending(),
                            s.stuck(), s.halves(), s.commits(), s.rollbacks(), s.checksSent(), s.setAside(),
                            s.manual());
                }
            }
        }
    }
}
