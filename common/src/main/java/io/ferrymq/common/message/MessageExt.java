package io.ferrymq.common.message;

import java.net.InetSocketAddress;

/**
 * A message as stored: the producer's {@link Message} plus everything the broker adds. Each field
 * matches one field of the record described in {@link MessageRecord}.
 */
public class MessageExt extends Message {

    private int queueId;
    private long queueOffset;
    private long commitLogOffset;
    private int sysFlag;
    private long bornTimestamp;
    private InetSocketAddress bornHost;
    private long storeTimestamp;
    private InetSocketAddress storeHost;
    private int reconsumeTimes;
    private long preparedTransactionOffset;
    private int bodyCRC;
    private int storeSize;

    public MessageExt() {
    }

    public int getQueueId() {
        return queueId;
    }

    public void setQueueId(int queueId) {
        this.queueId = queueId;
    }

    public long getQueueOffset() {
        return queueOffset;
    }

    public void setQueueOffset(long queueOffset) {
        this.queueOffset = queueOffset;
    }

    /** Offset of the record in the CommitLog (PHYSICALOFFSET). */
    public long getCommitLogOffset() {
        return commitLogOffset;
    }

    public void setCommitLogOffset(long commitLogOffset) {
        this.commitLogOffset = commitLogOffset;
    }

    public int getSysFlag() {
        return sysFlag;
    }

    public void setSysFlag(int sysFlag) {
        this.sysFlag = sysFlag;
    }

    public long getBornTimestamp() {
        return bornTimestamp;
    }

    public void setBornTimestamp(long bornTimestamp) {
        this.bornTimestamp = bornTimestamp;
    }

    public InetSocketAddress getBornHost() {
        return bornHost;
    }

    public void setBornHost(InetSocketAddress bornHost) {
        this.bornHost = bornHost;
    }

    public long getStoreTimestamp() {
        return storeTimestamp;
    }

    public void setStoreTimestamp(long storeTimestamp) {
        this.storeTimestamp = storeTimestamp;
    }

    public InetSocketAddress getStoreHost() {
        return storeHost;
    }

    public void setStoreHost(InetSocketAddress storeHost) {
        this.storeHost = storeHost;
    }

    public int getReconsumeTimes() {
        return reconsumeTimes;
    }

    public void setReconsumeTimes(int reconsumeTimes) {
        this.reconsumeTimes = reconsumeTimes;
    }

    /** For a committed transactional message: CommitLog offset of its half message; else 0. */
    public long getPreparedTransactionOffset() {
        return preparedTransactionOffset;
    }

    public void setPreparedTransactionOffset(long preparedTransactionOffset) {
        this.preparedTransactionOffset = preparedTransactionOffset;
    }

    /** CRC32 of the stored body masked with 0x7FFFFFFF. */
    public int getBodyCRC() {
        return bodyCRC;
    }

    public void setBodyCRC(int bodyCRC) {
        this.bodyCRC = bodyCRC;
    }

    /** TOTALSIZE of the record. */
    public int getStoreSize() {
        return storeSize;
    }

    public void setStoreSize(int storeSize) {
        this.storeSize = storeSize;
    }

    /**
     * The offsetMsgId computed from the store host and the CommitLog offset (PROTOCOL.md §3.5),
     * or null when there is no store host.
     */
    public String getOffsetMsgId() {
        return storeHost == null ? null : MessageId.create(storeHost, commitLogOffset);
    }

    /** The {@code UNIQ_KEY} property when present, else {@link #getOffsetMsgId()}. */
    public String getMsgId() {
        String uniqKey = getUniqKey();
        return uniqKey != null ? uniqKey : getOffsetMsgId();
    }

    @Override
    public String toString() {
        return "MessageExt{topic=" + getTopic() + ", queueId=" + queueId + ", queueOffset=" + queueOffset
                + ", commitLogOffset=" + commitLogOffset + ", sysFlag=" + sysFlag + ", bornTimestamp="
                + bornTimestamp + ", bornHost=" + bornHost + ", storeTimestamp=" + storeTimestamp
                + ", storeHost=" + storeHost + ", reconsumeTimes=" + reconsumeTimes
                + ", preparedTransactionOffset=" + preparedTransactionOffset + ", storeSize=" + storeSize
                + ", flag=" + getFlag() + ", properties=" + getProperties() + ", bodyLength="
                + (getBody() == null ? 0 : getBody().length) + "}";
    }
}
