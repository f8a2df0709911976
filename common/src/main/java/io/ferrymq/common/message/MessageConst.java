package io.ferrymq.common.message;

import java.util.Set;

/**
 * Names of message properties (the keys of {@link Message#getProperties()}), exactly as they
 * travel on the wire and sit in the CommitLog.
 *
 * <p>Each constant is named after its string where the string is a valid identifier.
 */
public final class MessageConst {

    /** Tag of the message; its hash is the consume-queue tags code. */
    public static final String TAGS = "TAGS";
    /** Business keys, separated by {@link #KEY_SEPARATOR}. */
    public static final String KEYS = "KEYS";
    /** {@code "true"} (or absent) = answer the send only after the store accepted the message. */
    public static final String WAIT = "WAIT";
    /** Client-generated unique id, the "msgId" users see. */
    public static final String UNIQ_KEY = "UNIQ_KEY";
    /** Delay level, 1..18 by default. */
    public static final String DELAY = "DELAY";
    /** Original topic of a message in a retry topic. */
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    /** Original topic of a delayed or half message. */
    public static final String REAL_TOPIC = "REAL_TOPIC";
    /** Original queue id of a delayed or half message. */
    public static final String REAL_QID = "REAL_QID";
    /** {@code "true"} = transactional half message. */
    public static final String TRAN_MSG = "TRAN_MSG";
    /** Producer group of a transactional message. */
    public static final String PGROUP = "PGROUP";
    /** Number of check-backs done for a half message. */
    public static final String TRANSACTION_CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
    /** Seconds before the first check-back of a half message. */
    public static final String CHECK_IMMUNITY_TIME_IN_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";
    /** Original half-queue offset of a re-appended half message. */
    public static final String TRAN_PREPARED_QUEUE_OFFSET = "TRAN_PREPARED_QUEUE_OFFSET";
    /** User-property copy of the transaction id of a send response. */
    public static final String TRANSACTION_ID = "__transactionId__";
    /** Reconsume times carried by client-side retry sends. */
    public static final String RECONSUME_TIME = "RECONSUME_TIME";
    /** Maximum reconsume times carried by client-side retry sends. */
    public static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
    /** msgId of the first delivery of a retried message. */
    public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    /** Cluster name, added by the broker on store. */
    public static final String CLUSTER = "CLUSTER";
    /** Queue min offset, added by the client after a pull. */
    public static final String MIN_OFFSET = "MIN_OFFSET";
    /** Queue max offset, added by the client after a pull. */
    public static final String MAX_OFFSET = "MAX_OFFSET";
    /** Region; used as a send-response ext field. */
    public static final String MSG_REGION = "MSG_REGION";
    /** Trace switch; used as a send-response ext field. */
    public static final String TRACE_ON = "TRACE_ON";

    public static final String INSTANCE_ID = "INSTANCE_ID";
    public static final String BUYER_ID = "BUYER_ID";
    public static final String TRANSFER_FLAG = "TRANSFER_FLAG";
    public static final String CORRECTION_FLAG = "CORRECTION_FLAG";
    public static final String MQ2_FLAG = "MQ2_FLAG";
    public static final String CONSUME_START_TIME = "CONSUME_START_TIME";
    public static final String MSG_TYPE = "MSG_TYPE";
    public static final String CORRELATION_ID = "CORRELATION_ID";
    public static final String REPLY_TO_CLIENT = "REPLY_TO_CLIENT";
    public static final String TTL = "TTL";
    public static final String ARRIVE_TIME = "ARRIVE_TIME";
    public static final String PUSH_REPLY_TIME = "PUSH_REPLY_TIME";
    public static final String INNER_MULTI_DISPATCH = "INNER_MULTI_DISPATCH";
    public static final String INNER_MULTI_QUEUE_OFFSET = "INNER_MULTI_QUEUE_OFFSET";

    /** 5.x: sharding key of ordered messages. */
    public static final String SHARDING_KEY = "__SHARDINGKEY";
    /** 5.x: timer message delay in seconds. */
    public static final String TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
    /** 5.x: timer message delivery time, epoch ms. */
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    /** 5.x: timer message delay in milliseconds. */
    public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";
    /** 5.x: delivery time (epoch ms) the broker stamped on a message parked in the timer topic. */
    public static final String TIMER_OUT_MS = "TIMER_OUT_MS";
    /** 5.x: common prefix of the timer properties. */
    public static final String TIMER_PREFIX = "TIMER_";
    /** 5.x: pop checkpoint. */
    public static final String POP_CK = "POP_CK";
    /** 5.x: time of the first pop. */
    public static final String FIRST_POP_TIME = "1ST_POP_TIME";
    /** 5.x: original topic of a dead letter. */
    public static final String DLQ_ORIGIN_TOPIC = "DLQ_ORIGIN_TOPIC";
    /** 5.x: original message id of a dead letter. */
    public static final String DLQ_ORIGIN_MESSAGE_ID = "DLQ_ORIGIN_MESSAGE_ID";
    /** 5.x: trace context. */
    public static final String TRACE_CONTEXT = "TRACE_CONTEXT";
    /** 5.x: body CRC property. */
    public static final String CRC32 = "__CRC32#";
    /** 5.x: prefix of transient properties. */
    public static final String TRANSIENT_PREFIX = "__RMQ.TRANSIENT.";

    /** Separator of the keys inside {@link #KEYS}. */
    public static final String KEY_SEPARATOR = " ";

    /**
     * Names the official client refuses in {@code putUserProperty} (its reserved set at 4.9.8).
     */
    public static final Set<String> RESERVED_NAMES = Set.of(
            TAGS, KEYS, WAIT, UNIQ_KEY, DELAY, RETRY_TOPIC, REAL_TOPIC, REAL_QID, TRAN_MSG, PGROUP,
            MIN_OFFSET, MAX_OFFSET, BUYER_ID, ORIGIN_MESSAGE_ID, TRANSFER_FLAG, CORRECTION_FLAG,
            MQ2_FLAG, RECONSUME_TIME, MSG_REGION, TRACE_ON, MAX_RECONSUME_TIMES, CONSUME_START_TIME,
            INSTANCE_ID, CORRELATION_ID, REPLY_TO_CLIENT, TTL, ARRIVE_TIME, PUSH_REPLY_TIME, CLUSTER,
            MSG_TYPE, INNER_MULTI_QUEUE_OFFSET);

    private MessageConst() {
    }
}
