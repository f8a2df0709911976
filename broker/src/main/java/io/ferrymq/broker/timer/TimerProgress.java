package io.ferrymq.broker.timer;

/**
 * The persisted timer progress ({@code config/timerProgress.json}). Claim it records: every timer at a
 * queue offset below {@code ingestedOffset} whose delivery time is below {@code deliveredBeforeMs} has been
 * delivered; every timer not delivered is at or after {@code scanFromOffset}.
 */
public class TimerProgress {
    private long scanFromOffset;
    private long ingestedOffset;
    private long deliveredBeforeMs;

    public TimerProgress() {
    }

    TimerProgress(long scanFromOffset, long ingestedOffset, long deliveredBeforeMs) {
        this.scanFromOffset = scanFromOffset;
        this.ingestedOffset = ingestedOffset;
        this.deliveredBeforeMs = deliveredBeforeMs;
    }

    public long getScanFromOffset() {
        return scanFromOffset;
    }

    public void setScanFromOffset(long scanFromOffset) {
        this.scanFromOffset = scanFromOffset;
    }

    public long getIngestedOffset() {
        return ingestedOffset;
    }

    public void setIngestedOffset(long ingestedOffset) {
        this.ingestedOffset = ingestedOffset;
    }

    public long getDeliveredBeforeMs() {
        return deliveredBeforeMs;
    }

    public void setDeliveredBeforeMs(long deliveredBeforeMs) {
        this.deliveredBeforeMs = deliveredBeforeMs;
    }

    @Override
    public String toString() {
        return "scanFrom=" + scanFromOffset + " ingested=" + ingestedOffset + " deliveredBefore=" + deliveredBeforeMs;
    }
}
