package io.ferrymq.broker.schedule;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.send.MessageWriter;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.commitlog.PutStatus;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step delayed and timer deliveries share: a message parked in a system topic (SCHEDULE_TOPIC_XXXX,
 * rmq_sys_wheel_timer) is written again, through the {@link MessageWriter}, to the {@code REAL_TOPIC} and
 * {@code REAL_QID} it was sent to, with its body, flag, properties (keys, tags, unique id), sys flag, born
 * host and time, reconsume times and prepared-transaction offset. Called on the delivering service's
 * thread; waits for the store.
 */
public final class ParkedRedelivery {
    private static final Logger LOG = LoggerFactory.getLogger(ParkedRedelivery.class);
    private static final long PUT_TIMEOUT_MILLIS = 10_000;

    /** What became of one parked message. */
    public enum Outcome {
        /** Stored in its real topic. */
        STORED,
        /** Cannot ever be stored (no or bad real topic, illegal): logged and given up. */
        SKIPPED,
        /** The store refused for now (busy, full, stopped): try again later. */
        RETRY_LATER
    }

    private final MessageWriter writer;
    private final BrokerIdentity identity;

    public ParkedRedelivery(MessageWriter writer, BrokerIdentity identity) {
        this.writer = writer;
        this.identity = identity;
    }

    /** Re-puts {@code parked} without the properties named in {@code dropped}. */
    public Outcome redeliver(MessageExt parked, String... dropped) {
        String realTopic = parked.getProperty(MessageConst.REAL_TOPIC);
        String realQid = parked.getProperty(MessageConst.REAL_QID);
        if (realTopic == null || realQid == null) {
            LOG.warn("parked message at {} in {} has no REAL_TOPIC/REAL_QID; skipped", parked.getCommitLogOffset(),
                    parked.getTopic());
            return Outcome.SKIPPED;
        }
        MessageExt msg = new MessageExt();
        msg.setTopic(realTopic);
        try {
            msg.setQueueId(Integer.parseInt(realQid));
        } catch (NumberFormatException e) {
            LOG.warn("parked message at {} has a bad REAL_QID {}; skipped", parked.getCommitLogOffset(), realQid);
            return Outcome.SKIPPED;
        }
        msg.setBody(parked.getBody());
        msg.setFlag(parked.getFlag());
        msg.setProperties(parked.getProperties());
        for (String name : dropped) {
            msg.removeProperty(name);
        }
        msg.setSysFlag(parked.getSysFlag());
        msg.setBornTimestamp(parked.getBornTimestamp());
        msg.setBornHost(parked.getBornHost());
        msg.setStoreHost(identity.storeHost());
        msg.setReconsumeTimes(parked.getReconsumeTimes());
        msg.setPreparedTransactionOffset(parked.getPreparedTransactionOffset());
        try {
            PutResult r = writer.put(msg).get(PUT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (r.status() == PutStatus.PUT_OK || r.status() == PutStatus.FLUSH_DISK_TIMEOUT) {
                return Outcome.STORED;
            }
            if (r.status() == PutStatus.MESSAGE_ILLEGAL || r.status() == PutStatus.PROPERTIES_SIZE_EXCEEDED) {
                LOG.warn("parked message for {} cannot be stored ({}); skipped", realTopic, r.status());
                return Outcome.SKIPPED;
            }
            LOG.warn("re-putting a parked message for {} failed ({}); retrying later", realTopic, r.status());
            return Outcome.RETRY_LATER;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("re-putting a parked message for {} failed: {}", realTopic, e.toString());
            return Outcome.RETRY_LATER;
        }
    }
}
