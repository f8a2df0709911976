package io.ferrymq.bench;

import io.ferrymq.bench.interop.AdminChecks;
import io.ferrymq.bench.interop.CheckLog;
import io.ferrymq.bench.interop.ConsumerBehaviourChecks;
import io.ferrymq.bench.interop.InteropSettings;
import io.ferrymq.bench.interop.MessagingChecks;
import io.ferrymq.bench.interop.TransactionChecks;
import io.ferrymq.client.admin.AdminClient;
import java.io.PrintStream;
import java.time.Duration;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * FerryMQ's Java SDK against any RocketMQ-protocol cluster, Apache RocketMQ 5.x in particular (a user
 * may move to FerryMQ's client first and to its broker later): producer sends, push and pull consumers,
 * transactions with a check-back, retries through the broker, orderly and delayed delivery, and the
 * admin client. Prints {@code PASS}/{@code FAIL} per check and
 * a summary; exit code 0 when every check passed, 1 otherwise, 2 on bad usage. Topic and group names
 * carry a run id, so it can run again against the same broker. {@code bench/interop-apache} starts
 * Apache's servers and runs it.
 */
public final class ApacheInterop {
    private static final String USAGE = "ApacheInterop -n 127.0.0.1:9876 [-c DefaultCluster] [--timeout 30] "
            + "[--check-back-timeout 90]";

    private ApacheInterop() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = new Options()
                .addOption(Option.builder("n").longOpt("namesrv").hasArg().desc("name server address(es), a;b").build())
                .addOption(Option.builder("c").longOpt("cluster").hasArg().desc("cluster to create topics in").build())
                .addOption(Option.builder().longOpt("timeout").hasArg()
                        .desc("seconds to wait for a delivery, registration or index (default 30)").build())
                .addOption(Option.builder().longOpt("check-back-timeout").hasArg()
                        .desc("seconds to wait for a transaction check-back (default 90)").build())
                .addOption(Option.builder("h").longOpt("help").desc("this help").build());
        InteropSettings settings;
        try {
            CommandLine cl = new DefaultParser().parse(options, args);
            if (cl.hasOption("help")) {
                new HelpFormatter().printHelp(USAGE, options);
                return 0;
            }
            settings = new InteropSettings(cl.getOptionValue("namesrv", "127.0.0.1:9876"),
                    cl.getOptionValue("cluster", "DefaultCluster"), Long.toString(System.currentTimeMillis(), 36),
                    seconds(cl, "timeout", 30), seconds(cl, "check-back-timeout", 90));
        } catch (ParseException | IllegalArgumentException e) {
            err.println("interop: " + e.getMessage());
            err.println("usage: " + USAGE);
            return 2;
        }
        CheckLog log = new CheckLog(out);
        out.println("FerryMQ SDK against the cluster at " + settings.namesrv() + " (run " + settings.run() + ")");
        String topic = settings.name("Interop");
        String txTopic = settings.name("InteropTx");
        try (AdminClient admin = AdminClient.create(settings.namesrv())) {
            AdminChecks adminChecks = new AdminChecks(settings, log, admin);
            if (adminChecks.cluster()) {
                adminChecks.createTopic(topic);
                adminChecks.createTopic(txTopic);
                MessagingChecks messaging = new MessagingChecks(settings, log, topic);
                messaging.run();
                new TransactionChecks(settings, log, txTopic).run();
                adminChecks.lookups(topic, messaging);
                new ConsumerBehaviourChecks(settings, log, topic, messaging).run();
                adminChecks.deleteTopic(txTopic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interop: interrupted");
        } catch (RuntimeException e) {
            // a consumer or producer that could not even be built: the checks so far stand, the run fails
            out.println("FAIL setup: " + e);
            return 1;
        }
        out.println(log.passed() + " passed, " + log.failed().size() + " failed" + (log.failed().isEmpty() ? ""
                : ": " + String.join("; ", log.failed())));
        return log.failed().isEmpty() && log.passed() > 0 ? 0 : 1;
    }

    private static Duration seconds(CommandLine cl, String option, int defaultSeconds) {
        String value = cl.getOptionValue(option, Integer.toString(defaultSeconds));
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new IllegalArgumentException("--" + option + " must be at least 1, got " + n);
            }
            return Duration.ofSeconds(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + " takes whole seconds, got " + value, e);
        }
    }
}
