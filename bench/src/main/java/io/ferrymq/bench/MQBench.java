package io.ferrymq.bench;

import io.ferrymq.bench.mq.BenchSettings;
import io.ferrymq.bench.mq.ConsumeWorkload;
import io.ferrymq.bench.mq.EndToEndWorkload;
import io.ferrymq.bench.mq.FirstSendWorkload;
import io.ferrymq.bench.mq.LoadMeter;
import io.ferrymq.bench.mq.ProduceWorkload;
import io.ferrymq.bench.mq.Report;
import io.ferrymq.bench.mq.TransactionWorkload;
import io.ferrymq.bench.mq.Workload;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * Load generator for any RocketMQ-protocol cluster (FerryMQ or Apache RocketMQ):
 * {@code mqbench MODE [options]}. A live line a second goes to stderr; the summary (or one JSON
 * line with {@code --json}) to stdout. Exit code 0 on a run that measured something, 1 when it
 * failed, 2 on bad usage or a mode not available.
 */
public final class MQBench {
    private static final String USAGE = "mqbench produce|consume|e2e|tx|first-send [options]";
    /** Longest setup (topic creation, preload) plus shutdown a run may add to --duration. */
    private static final Duration SETUP_ALLOWANCE = Duration.ofMinutes(12);

    private MQBench() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = options();
        CommandLine cl;
        BenchSettings settings;
        try {
            cl = new DefaultParser().parse(options, args);
            if (cl.hasOption("help")) {
                new HelpFormatter().printHelp(USAGE, options);
                return 0;
            }
            settings = settings(cl);
        } catch (ParseException | IllegalArgumentException e) {
            err.println("mqbench: " + e.getMessage());
            new HelpFormatter().printHelp(new java.io.PrintWriter(err, true), 100, USAGE, null, options, 2, 4, null);
            return 2;
        }
        Map<String, Workload> modes = modes(err);
        List<String> rest = cl.getArgList();
        if (rest.size() != 1 || !modes.containsKey(rest.get(0))) {
            err.println("mqbench: give one mode of " + modes.keySet() + (rest.isEmpty() ? "" : ", not " + rest));
            return 2;
        }
        Workload workload = modes.get(rest.get(0));
        startWatchdog(settings, err);
        LoadMeter meter = new LoadMeter(settings.duration(), settings.maxMsgs(), workload.unit(), err);
        try {
            Report report = workload.run(settings, meter);
            if (settings.json()) {
                out.println(report.toJson(settings));
            } else {
                report.printText(out, settings);
            }
            if (report.succeeded() == 0) {
                err.println("mqbench: nothing succeeded");
                return 1;
            }
            return 0;
        } catch (Workload.NotAvailableException e) {
            err.println("mqbench: " + workload.name() + " is not available yet: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            meter.stop();
            err.println("mqbench: " + workload.name() + " failed: " + e);
            return 1;
        }
    }

    private static Map<String, Workload> modes(PrintStream progress) {
        Map<String, Workload> modes = new TreeMap<>();
        for (Workload w : List.of(new ProduceWorkload(), new ConsumeWorkload(progress), new EndToEndWorkload(),
                new TransactionWorkload(), new FirstSendWorkload())) {
            modes.put(w.name(), w);
        }
        return modes;
    }

    private static Options options() {
        return new Options()
                .addOption("n", "namesrv", true, "name server host:port (default 127.0.0.1:9876)")
                .addOption("t", "topic", true, "topic (default BenchTopic; created when missing)")
                .addOption(null, "queues", true, "queues per broker when the topic is created (default 8)")
                .addOption("g", "group", true, "producer group, and the consumer group's prefix (default mqbench)")
                .addOption("c", "threads", true, "load threads for produce and tx (default 1)")
                .addOption("s", "size", true, "message body bytes (default 1024)")
                .addOption("d", "duration", true, "seconds the measured phase lasts at most (default 30)")
                .addOption("m", "max-msgs", true, "messages (tx: transactions) the measured phase sends at most "
                        + "(default: no bound but the duration)")
                .addOption(null, "backlog", true, "consume: messages preloaded before draining (default 150000)")
                .addOption(null, "rate", true, "e2e: messages sent per second (default 1000)")
                .addOption(null, "tx-timeout", true, "tx: the broker's transactionTimeOut in ms, to report the "
                        + "check-back delay past it (default 6000)")
                .addOption(null, "check-back-wait", true, "tx: seconds to wait for the first check-back of an "
                        + "unresolved transaction, 0 to skip (default 0)")
                .addOption(null, "unknown-ratio", true, "tx: fraction of transactions answered UNKNOW and resolved by "
                        + "check-back, half of them committed, half rolled back (default 0)")
                .addOption(null, "warmup", true, "e2e, tx: seconds of load before the measured phase, not counted "
                        + "(default 0)")
                .addOption(null, "warmup-drains", true, "consume: drains of the backlog by throwaway groups before "
                        + "the measured drains (default 0)")
                .addOption(null, "drains", true, "consume: measured drains of the backlog, each by a new group; "
                        + "drain_rate_median is their median rate (default 1)")
                .addOption(null, "json", false, "print one JSON line instead of the summary")
                .addOption("h", "help", false, "this help");
    }

    private static BenchSettings settings(CommandLine cl) {
        return new BenchSettings(
                cl.getOptionValue("namesrv", "127.0.0.1:9876"),
                cl.getOptionValue("topic", "BenchTopic"),
                intOption(cl, "queues", 8),
                cl.getOptionValue("group", "mqbench"),
                intOption(cl, "threads", 1),
                intOption(cl, "size", 1024),
                Duration.ofSeconds(longOption(cl, "duration", 30)),
                longOption(cl, "max-msgs", Long.MAX_VALUE),
                longOption(cl, "backlog", 150_000),
                intOption(cl, "rate", 1000),
                Duration.ofMillis(longOption(cl, "tx-timeout", 6000)),
                Duration.ofSeconds(longOption(cl, "check-back-wait", 0)),
                doubleOption(cl, "unknown-ratio", 0),
                Duration.ofSeconds(longOption(cl, "warmup", 0)),
                intOption(cl, "warmup-drains", 0),
                intOption(cl, "drains", 1),
                cl.hasOption("json"));
    }

    private static int intOption(CommandLine cl, String name, int defaultValue) {
        long v = longOption(cl, name, defaultValue);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("--" + name + " is out of range: " + v);
        }
        return (int) v;
    }

    private static double doubleOption(CommandLine cl, String name, double defaultValue) {
        String v = cl.getOptionValue(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
        }
    }

    private static long longOption(CommandLine cl, String name, long defaultValue) {
        String v = cl.getOptionValue(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    /** Every run ends: past duration + setup allowance + the check-back wait, the process exits with 1. */
    private static void startWatchdog(BenchSettings s, PrintStream err) {
        long limitMillis = s.duration().plus(SETUP_ALLOWANCE).plus(s.checkBackWait()).plus(s.warmup())
                .plus(s.unknownRatio() > 0 ? s.txTimeout().plus(TransactionWorkload.RESOLVE_PATIENCE) : Duration.ZERO)
                .plus(s.duration().multipliedBy(s.warmupDrains())).toMillis();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limitMillis);
            } catch (InterruptedException e) {
                return;
            }
            err.println("mqbench: run exceeded " + limitMillis / 1000 + " s; giving up");
            Runtime.getRuntime().halt(1);
        }, "mqbench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
