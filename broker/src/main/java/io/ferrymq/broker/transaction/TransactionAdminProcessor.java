package io.ferrymq.broker.transaction;

import io.ferrymq.broker.processor.Responses;
import io.ferrymq.remoting.RemotingAddress;
import io.ferrymq.remoting.netty.NettyRemotingEndpoint;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.body.TransactionListBody;
import io.ferrymq.remoting.protocol.body.TransactionResolveBody;
import io.ferrymq.remoting.protocol.body.TransactionStatsBody;
import io.ferrymq.remoting.protocol.body.TransactionTimelineBody;
import io.ferrymq.transaction.Actor;
import io.ferrymq.transaction.EndTransactionResult;
import io.ferrymq.transaction.PendingTransaction;
import io.ferrymq.transaction.TransactionService;
import io.ferrymq.transaction.TransactionStats;
import io.ferrymq.transaction.TransactionTimeline;
import io.netty.channel.ChannelHandlerContext;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FerryMQ's transaction admin requests (7001..7004, see
 * {@link io.ferrymq.remoting.protocol.FerryRequestCode}): list, resolve by hand, timeline, counters.
 * An operator's resolution is recorded with the admin connection's address and reason.
 */
public final class TransactionAdminProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionAdminProcessor.class);
    private static final int DEFAULT_LIMIT = 1_000;
    private static final int MAX_LIMIT = 100_000;

    private final TransactionService transactions;
    private final String brokerName;
    private final InstantSource clock;

    public TransactionAdminProcessor(TransactionService transactions, String brokerName, InstantSource clock) {
        this.transactions = transactions;
        this.brokerName = brokerName;
        this.clock = clock;
    }

    /** LIST_TRANSACTIONS (7001). */
    public RemotingCommand list(ChannelHandlerContext ctx, RemotingCommand request) {
        String topic = blankToNull(request.ext("topic"));
        String group = blankToNull(request.ext("producerGroup"));
        boolean stuckOnly = request.extBoolean("stuckOnly", false);
        int limit = request.extInt("limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "limit must be in [1, " + MAX_LIMIT + "], got "
                    + limit);
        }
        Predicate<PendingTransaction.View> filter = view -> (topic == null || topic.equals(view.topic()))
                && (group == null || group.equals(view.producerGroup()))
                && (!stuckOnly || view.state() == PendingTransaction.State.STUCK);
        long now = clock.millis();
        List<PendingTransaction.View> views = transactions.list(filter);
        List<TransactionListBody.Row> rows = new ArrayList<>(Math.min(limit, views.size()));
        for (PendingTransaction.View v : views.subList(0, Math.min(limit, views.size()))) {
            rows.add(new TransactionListBody.Row(v.root(), v.commitLogOffset(), v.transactionId(), v.keys(), v.topic(),
                    v.producerGroup(), v.storeTimestamp(), v.ageMillis(), v.checks(), v.lastCheckMillis(),
                    v.lastCheckTarget(), v.state().name()));
        }
        return Responses.success(request).setBody(RemotingJson.encode(
                new TransactionListBody(brokerName, now, views.size(), rows)));
    }

    /** RESOLVE_TRANSACTION (7002): answers when the resolution is recorded. */
    public RemotingCommand resolve(ChannelHandlerContext ctx, RemotingCommand request) {
        String id = request.requireExt("id").trim();
        TransactionService.Action action;
        try {
            action = TransactionService.Action.valueOf(request.requireExt("action").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "action must be COMMIT, ROLLBACK or CHECK, got "
                    + request.ext("action"));
        }
        String admin = RemotingAddress.remote(ctx.channel());
        Actor actor = Actor.admin(admin, request.ext("reason"));
        transactions.resolve(id, action, actor).whenComplete((result, error) -> {
            if (error != null) {
                LOG.warn("{} of transaction {} by {} failed: {}", action, id, admin, error.toString());
            } else {
                LOG.info("{} of transaction {} by {} ({}): {} {}", action, id, admin, actor.reason(), result.status(),
                        Objects.toString(result.detail(), ""));
            }
            NettyRemotingEndpoint.reply(ctx, request, resolveResponse(request, result, error));
        });
        return null;
    }

    private RemotingCommand resolveResponse(RemotingCommand request, EndTransactionResult result, Throwable error) {
        if (error != null) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, error.toString());
        }
        int code = switch (result.status()) {
            case COMMITTED, ROLLED_BACK, CHECKING_AGAIN, ALREADY_RESOLVED -> ResponseCode.SUCCESS;
            case NOT_FOUND -> ResponseCode.QUERY_NOT_FOUND;
            default -> ResponseCode.SYSTEM_ERROR;
        };
        String detail = result.detail() != null ? result.detail() : result.status().name();
        return Responses.of(request, code, detail).setBody(RemotingJson.encode(
                new TransactionResolveBody(brokerName, result.status().name(), detail)));
    }

    /** TRANSACTION_TIMELINE (7003). */
    public RemotingCommand timeline(ChannelHandlerContext ctx, RemotingCommand request) {
        String id = blankToNull(request.ext("id"));
        String key = blankToNull(request.ext("key"));
        List<TransactionTimeline> found;
        if (id != null) {
            TransactionTimeline timeline = transactions.timeline(id);
            found = timeline == null ? List.of() : List.of(timeline);
        } else if (key != null) {
            found = transactions.timelinesByKey(blankToNull(request.ext("topic")), key);
        } else {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "name a transaction: id, or key (with topic)");
        }
        List<TransactionTimelineBody.Timeline> timelines = new ArrayList<>();
        for (TransactionTimeline t : found) {
            timelines.add(new TransactionTimelineBody.Timeline(t.transactionId(), t.topic(), t.producerGroup(),
                    t.keys(), t.state(), t.events().stream().map(e -> new TransactionTimelineBody.Event(e.timeMillis(),
                    e.kind().name(), e.root(), e.by(), e.who(), e.reason(), e.detail())).toList(),
                    t.delivered().stream().map(d -> new TransactionTimelineBody.Delivery(d.topic(), d.queueId(),
                            d.queueOffset(), d.offsetMsgId(), d.storeTimestamp())).toList()));
        }
        return Responses.success(request).setBody(RemotingJson.encode(
                new TransactionTimelineBody(brokerName, timelines)));
    }

    /** TRANSACTION_STATS (7004). */
    public RemotingCommand stats(ChannelHandlerContext ctx, RemotingCommand request) {
        TransactionStats.Snapshot s = transactions.stats();
        return Responses.success(request).setBody(RemotingJson.encode(new TransactionStatsBody(brokerName, s.pending(),
                s.stuck(), s.halves(), s.commits(), s.rollbacks(), s.checksSent(), s.setAside(), s.manual())));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
